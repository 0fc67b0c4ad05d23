// MIPS I instruction word: field extraction and the opcode numbering of the R2000/R3000
// (reference r3000-cpu.md §3). Only names here — semantics live in emu/cpu/ops_*.h.
#pragma once
#include "emu/common/types.h"

namespace emu::mips {

inline constexpr u32 op(u32 w) { return w >> 26; }
inline constexpr u32 rs(u32 w) { return (w >> 21) & 31; }
inline constexpr u32 rt(u32 w) { return (w >> 16) & 31; }
inline constexpr u32 rd(u32 w) { return (w >> 11) & 31; }
inline constexpr u32 sa(u32 w) { return (w >> 6) & 31; }
inline constexpr u32 funct(u32 w) { return w & 63; }
inline constexpr u32 imm16(u32 w) { return w & 0xffff; }
inline constexpr u32 simm16(u32 w) { return sign_extend16(w & 0xffff); }
inline constexpr u32 target26(u32 w) { return w & 0x03ffffff; }

// Primary opcodes (bits 31:26).
enum Opcode : u32 {
  kSpecial = 0x00, kRegimm = 0x01, kJ = 0x02, kJal = 0x03, kBeq = 0x04, kBne = 0x05,
  kBlez = 0x06, kBgtz = 0x07, kAddi = 0x08, kAddiu = 0x09, kSlti = 0x0a, kSltiu = 0x0b,
  kAndi = 0x0c, kOri = 0x0d, kXori = 0x0e, kLui = 0x0f, kCop0 = 0x10, kCop1 = 0x11,
  kCop2 = 0x12, kCop3 = 0x13, kLb = 0x20, kLh = 0x21, kLwl = 0x22, kLw = 0x23,
  kLbu = 0x24, kLhu = 0x25, kLwr = 0x26, kSb = 0x28, kSh = 0x29, kSwl = 0x2a,
  kSw = 0x2b, kSwr = 0x2e, kLwc0 = 0x30, kLwc1 = 0x31, kLwc2 = 0x32, kLwc3 = 0x33,
  kSwc0 = 0x38, kSwc1 = 0x39, kSwc2 = 0x3a, kSwc3 = 0x3b,
};

// SPECIAL function codes (bits 5:0).
enum Funct : u32 {
  kSll = 0x00, kSrl = 0x02, kSra = 0x03, kSllv = 0x04, kSrlv = 0x06, kSrav = 0x07,
  kJr = 0x08, kJalr = 0x09, kSyscall = 0x0c, kBreak = 0x0d, kMfhi = 0x10, kMthi = 0x11,
  kMflo = 0x12, kMtlo = 0x13, kMult = 0x18, kMultu = 0x19, kDiv = 0x1a, kDivu = 0x1b,
  kAdd = 0x20, kAddu = 0x21, kSub = 0x22, kSubu = 0x23, kAnd = 0x24, kOr = 0x25,
  kXor = 0x26, kNor = 0x27, kSlt = 0x2a, kSltu = 0x2b,
};

// Coprocessor rs-field sub-opcodes.
enum CopRs : u32 { kMf = 0x00, kCf = 0x02, kMt = 0x04, kCt = 0x06, kBc = 0x08 };

// CP0 operations (rs bit 4 set), funct field.
enum Cop0Funct : u32 { kTlbr = 0x01, kTlbwi = 0x02, kTlbwr = 0x06, kTlbp = 0x08, kRfe = 0x10 };

// Emulator operations: `ori $zero, $rs, 0xDExx`. On real hardware a write to $zero does
// nothing, so a guest that uses them runs unchanged on a real DECstation (the register
// named by rs keeps the value the guest put there). See guest/include/emu_ops.h.
inline constexpr u32 kEmuOpSignature = 0xde00;
enum EmuOp : u32 {
  kEmuHalt = 0x00,         // end the run; exit status = low byte of rs (used by our boot ROM)
  kEmuCyclesLo = 0x01,     // rs <- cycle count bits 31:0
  kEmuCyclesHi = 0x02,     // rs <- cycle count bits 63:32 (as of the last CyclesLo)
  kEmuInstretLo = 0x03,    // rs <- instructions retired bits 31:0
  kEmuRegionBegin = 0x10,  // begin marked region number rs
  kEmuRegionEnd = 0x11,    // end marked region number rs
  kEmuContext = 0x12,      // the guest kernel now runs task rs >> 16, thread rs & 0xffff (for --trace)
  kEmuMarker = 0x13,       // a point marker with value rs (for --trace; --trace-start marker:N)
  kEmuIsEmulator = 0x20,   // rs <- 1 (0 stays 0 on hardware)
  // Used by our boot ROM (firmware/start.S), handled by the Machine (emu/machine/machine.cpp):
  kEmuInputEnded = 0x30,   // store word 1 at the address in rs (kseg0/kseg1/physical, in RAM)
                           // when the console's input has ended; otherwise nothing happens
  kEmuReboot = 0x31,       // power-cycle: RAM cleared (except the ROM's environment page),
                           // devices reset, the netbooted kernel loaded again, CPU at reset
};

}  // namespace emu::mips
