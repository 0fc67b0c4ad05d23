// R2000/R3000 system control coprocessor (CP0) register layout (reference r3000-cpu.md §6-7,
// NetBSD cpuregs.h). The behaviour (exception entry, rfe, mtc0 side effects) is in cpu.cpp;
// this file only declares the register map once.
#pragma once
#include "emu/common/types.h"

namespace emu::cp0 {

enum Reg : unsigned {
  kIndex = 0, kRandom = 1, kEntryLo = 2, kContext = 4, kBadVAddr = 8,
  kEntryHi = 10, kStatus = 12, kCause = 13, kEpc = 14, kPrid = 15,
};

// Status register bits.
inline constexpr u32 kIEc = 1u << 0, kKUc = 1u << 1, kIEp = 1u << 2, kKUp = 1u << 3;
inline constexpr u32 kIEo = 1u << 4, kKUo = 1u << 5;
inline constexpr u32 kImMask = 0xff00;
inline constexpr u32 kIsC = 1u << 16, kSwC = 1u << 17, kPZ = 1u << 18, kCM = 1u << 19;
inline constexpr u32 kPE = 1u << 20, kTS = 1u << 21, kBEV = 1u << 22, kRE = 1u << 25;
inline constexpr u32 kCU0 = 1u << 28, kCU1 = 1u << 29, kCU2 = 1u << 30, kCU3 = 1u << 31;
// Bits software can write (R3000: RE only on the R3000A; we accept it and ignore it — the
// DECstation parts do not implement reverse-endian user mode).
inline constexpr u32 kStatusWritable = 0xf0000000 | kRE | kBEV | kPZ | kSwC | kIsC | kImMask | 0x3f;
// CM, PE, TS are set by hardware; software writes to them are ignored.

// Cause register.
inline constexpr u32 kCauseBD = 1u << 31;
inline constexpr unsigned kCauseCEShift = 28;
inline constexpr unsigned kCauseIPShift = 8;
inline constexpr u32 kCauseSwIp = 0x300;  // IP1:0, the only software-writable Cause bits
inline constexpr unsigned kCauseExcShift = 2;

// EntryHi / EntryLo / Index / Context fields.
inline constexpr u32 kVpnMask = 0xfffff000;
inline constexpr u32 kPidMask = 0x00000fc0;
inline constexpr unsigned kPidShift = 6;
inline constexpr u32 kPfnMask = 0xfffff000;
inline constexpr u32 kLoN = 1u << 11, kLoD = 1u << 10, kLoV = 1u << 9, kLoG = 1u << 8;
inline constexpr u32 kEntryLoMask = kPfnMask | kLoN | kLoD | kLoV | kLoG;
inline constexpr u32 kIndexP = 1u << 31;
inline constexpr u32 kIndexMask = 0x3f00;
inline constexpr u32 kContextPteBase = 0xffe00000;
inline constexpr u32 kContextBadVpn = 0x001ffffc;

// Random counts down from 63 to 8 once per cycle and wraps (entries 0-7 are never chosen).
inline constexpr unsigned kRandomTop = 63;
inline constexpr unsigned kRandomWired = 8;

// Exception codes (Cause.ExcCode).
enum Exc : unsigned {
  kInt = 0, kMod = 1, kTlbL = 2, kTlbS = 3, kAdEL = 4, kAdES = 5, kIbe = 6, kDbe = 7,
  kSys = 8, kBp = 9, kRi = 10, kCpU = 11, kOv = 12,
};
inline constexpr unsigned kExcCount = 16;
const char* exception_name(unsigned code);

// Exception vectors (BEV = 0 / BEV = 1).
inline constexpr u32 kResetVector = 0xbfc00000;
inline constexpr u32 kUtlbVector = 0x80000000, kUtlbVectorBev = 0xbfc00100;
inline constexpr u32 kGeneralVector = 0x80000080, kGeneralVectorBev = 0xbfc00180;

}  // namespace emu::cp0
