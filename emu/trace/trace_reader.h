// Reading a cycle trace (traces/README.md "Cycle traces"; written by trace_writer.h).
//
//   TraceReader r("run.trace");          // checks header, trailer and index
//   r.header().machine, r.header().images[0].symbols, ...
//   for (Record rec; r.next(rec);) ...    // every record, in file order, decoded
//   r.seek_chunk(i)                       // continue at chunk i (r.chunks(): start cycles)
//
// Everything the file says is checked before it is used: a truncated, corrupt or foreign
// file (or one of another major version) throws UserError with one line, "FILE: problem".
// Records are decoded with the chunk-local state undone: times, addresses and instruction
// indices are absolute.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "emu/common/types.h"
#include "emu/trace/trace_format.h"

namespace emu::trace {

struct TraceSymbol {
  std::string name;
  u32 value = 0, size = 0;
  bool is_function = false;
};

struct TraceImage {
  std::string path;
  u32 entry = 0;
  std::vector<TraceSymbol> symbols;  // in file order (the writer sorts them by value)
};

struct TraceHeader {
  u16 major = 0, minor = 0;
  std::string machine;
  u64 cpu_hz = 0;
  bool timing = true;
  std::vector<std::pair<std::string, u64>> timing_table;  // as --timing-table names them
  std::vector<std::string> argv;
  u32 classes = 0;  // class_bit(EventClass)
  u32 node = 0, instance = 0;
  std::string mac;
  std::vector<std::string> causes;  // cause names by number (emu/timing/cycle_cause.h)
  std::vector<TraceImage> images;
  std::string start, stop;  // --trace-start / --trace-stop as given; empty = none
  bool has(EventClass c) const { return classes & class_bit(c); }
};

struct ChunkInfo {
  u64 offset = 0;        // of its "CHNK" in the file
  u64 first_cycle = 0;   // time base of its first record
  u64 instructions = 0;  // retired before its first record
};

// One decoded record. Which fields mean what, by type (traces/README.md has the details):
//   Block    va, pa (first instruction); time = the cycle the block began
//   End      n = instructions issued, flags (kEndFaulted)
//   Stall    k = instruction index in the block, cause, n = cycles
//   Cycles   cause, n = cycles (outside any instruction)
//   Mem      k, kind (log2 size | kMemStore | kMemUncached), va, pa (kUnmappedPa: unmapped)
//   Cache    k, kind (CacheKind), pa
//   Exc      kind = ExcCode, flags (kExcUtlb, kExcDelaySlot), a = EPC, b = vector, c = BadVAddr
//   Tlbw     k = index, a = EntryHi, b = EntryLo
//   Dev      kind (log2 size | kDevWrite), pa, a = value
//   Dma      pa, n = length
//   Frame    kind = FrameDir, a = picoseconds, n = length, c = CRC-32, head = first bytes
//   Region   kind = 0 begin / 1 end, a = id
//   Marker   a = value;  Context  a = task << 16 | thread
//   Counters kind = CountersWhat, a = instructions retired, b = faulted, causes = cycles by cause
//   Note     kind = NoteWhat, text
// `time` is the record's cycle (records inside a block: the block's start cycle).
struct Record {
  RecordType type{};
  u64 time = 0;
  u32 va = 0, pa = 0;
  u64 k = 0, n = 0;
  u8 kind = 0, flags = 0, cause = 0;
  u64 a = 0, b = 0, c = 0;
  std::vector<u64> causes;
  std::string head, text;
};

class TraceReader {
 public:
  // Opens and checks the file. Throws UserError "PATH: problem".
  explicit TraceReader(const std::string& path);
  // A trace held in memory (tests, the fuzz target); `name` stands for the path in messages.
  static std::unique_ptr<TraceReader> from_bytes(std::vector<u8> bytes, const std::string& name);
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  const TraceHeader& header() const { return header_; }
  const std::vector<ChunkInfo>& chunks() const { return chunks_; }
  u64 record_count() const { return records_total_; }  // as the trailer says (checked at the end)
  const std::string& path() const { return path_; }

  // The next record; false after the last. Throws UserError on a corrupt chunk or record.
  bool next(Record& r);
  // Continue with chunk i (0 <= i < chunks().size()); its records decode on their own.
  void seek_chunk(size_t i);

 private:
  struct Source;
  TraceReader(std::unique_ptr<Source> src, const std::string& name);
  [[noreturn]] void fail(const std::string& what) const;
  void open();
  void parse_header(const std::vector<u8>& block);
  void load_chunk(size_t i);
  void decode(Record& r);

  std::string path_;
  std::unique_ptr<Source> src_;
  TraceHeader header_;
  std::vector<ChunkInfo> chunks_;
  u64 index_offset_ = 0, records_total_ = 0;
  // The chunk being decoded.
  size_t chunk_ = 0;       // index of the next chunk to load
  std::vector<u8> buf_;
  size_t pos_ = 0;
  u32 left_ = 0;           // records still to decode in buf_
  u64 seen_ = 0;           // records decoded from the start, when read in order
  bool in_order_ = true;
  // Decoding state (reset per chunk).
  u64 time_ = 0, block_time_ = 0;
  u32 va_ = 0, va_pa_ = 0, mem_va_ = 0, mem_va_pa_ = 0;
  bool in_block_ = false;
};

}  // namespace emu::trace
