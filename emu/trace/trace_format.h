// The cycle trace file format, version 1.0: the constants and the varint coding that the
// writer (trace_writer.h) and the reader (trace_reader.h) share. The format itself is
// documented for researchers in traces/README.md ("Cycle traces"); this file states it
// once for the code.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>

#include "emu/common/types.h"

namespace emu::trace {

inline constexpr std::string_view kMagic = "EMUTRACE";
inline constexpr std::string_view kChunkMagic = "CHNK";
inline constexpr std::string_view kIndexMagic = "INDX";
inline constexpr std::string_view kEndMagic{"EMUTEND\0", 8};
inline constexpr u16 kVersionMajor = 1, kVersionMinor = 0;

inline constexpr size_t kFileHeaderBytes = 24;   // magic, versions, sizes, CRC
inline constexpr size_t kChunkHeaderBytes = 36;  // magic, sizes, CRC, cycle, instructions, records
inline constexpr size_t kIndexEntryBytes = 24;
inline constexpr size_t kTrailerBytes = 24;
inline constexpr u32 kMaxHeaderBytes = 64u << 20;
inline constexpr u32 kMaxChunkBytes = 16u << 20;
// The writer closes a chunk once its records reach this size (uncompressed).
inline constexpr u32 kChunkTarget = 256u << 10;

// Header field tags.
enum class Tag : u32 {
  Machine = 1, CpuHz = 2, Timing = 3, TimingParam = 4, Argv = 5, Classes = 6, Node = 7,
  Cause = 8, Image = 9, Start = 10, Stop = 11,
};

// Event classes: bit numbers of the header's classes field (--trace-events).
enum class EventClass : unsigned { Insn, Mem, Cache, Exc, Tlb, Dev, Net, Region, Context, Count };
inline constexpr std::array<const char*, unsigned(EventClass::Count)> kClassNames = {
    "insn", "mem", "cache", "exc", "tlb", "dev", "net", "region", "context"};
inline constexpr u32 class_bit(EventClass c) { return 1u << unsigned(c); }

enum class RecordType : u8 {
  Block = 0x01, End = 0x02, Stall = 0x03, Cycles = 0x04, Mem = 0x05, Cache = 0x06, Exc = 0x07,
  Tlbw = 0x08, Dev = 0x09, Dma = 0x0a, Frame = 0x0b, Region = 0x0c, Marker = 0x0d, Context = 0x0e,
  Counters = 0x0f, Note = 0x10,
};
inline constexpr u8 kLastRecordType = 0x10;

// Field values.
inline constexpr u8 kEndFaulted = 1;
inline constexpr u8 kMemStore = 4, kMemUncached = 8;  // MEM kind: bits 0-1 log2 size
inline constexpr u32 kUnmappedPa = 0xffffffffu;
enum class CacheKind : u8 { IRefill = 0, DMiss = 1, UncachedFetch = 2, UncachedLoad = 3 };
inline constexpr u8 kExcUtlb = 1, kExcDelaySlot = 2;
inline constexpr u8 kDevWrite = 4;  // DEV kind: bits 0-1 log2 size
enum class FrameDir : u8 { Sent = 0, Received = 1 };
inline constexpr size_t kFrameHeadBytes = 64;
enum class CountersWhat : u8 { Start = 0, Stop = 1, RunEnd = 2 };
enum class NoteWhat : u8 { Stopped = 0, SizeCap = 1, RunEnded = 2 };

inline u64 zigzag(s64 v) { return (u64(v) << 1) ^ u64(v >> 63); }
inline s64 unzigzag(u64 v) { return s64(v >> 1) ^ -s64(v & 1); }

// Little-endian fixed-size integers.
template <class T> inline void put_le(u8* p, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) p[i] = u8(u64(v) >> (8 * i));
}
template <class T> inline T get_le(const u8* p) {
  u64 v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v |= u64(p[i]) << (8 * i);
  return T(v);
}

}  // namespace emu::trace
