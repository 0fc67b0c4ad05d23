// Helpers for the R2010/R3010 FPA tests: instruction words and FCR31 fields written out
// from the architecture (reference r3000-cpu.md §12), independent of the model's own
// constants, so a wrong constant in the model makes a test fail.
#pragma once
#include <bit>

#include "emu/cpu/fpu/r3010.h"

namespace fputest {

using emu::Fpu;
using emu::u32;
using emu::u64;

// fmt field values
inline constexpr unsigned S = 16, D = 17, W = 20;
// funct field values (MIPS I, plus MIPS II/III ones that must not be executed)
inline constexpr unsigned ADD = 0, SUB = 1, MUL = 2, DIV = 3, SQRT = 4, ABS = 5, MOV = 6,
                          NEG = 7, ROUND_L = 8, ROUND_W = 12, TRUNC_W = 13, CEIL_W = 14,
                          FLOOR_W = 15, CVT_S = 32, CVT_D = 33, CVT_W = 36;
// C.cond.fmt: funct 48 + predicate 0..15
inline constexpr unsigned C_F = 48, C_UN = 49, C_EQ = 50, C_OLT = 52, C_SF = 56, C_SEQ = 58,
                          C_LT = 60;

// COP1 computational instruction: 010001 fmt ft fs fd funct
constexpr u32 cop1(unsigned fmt, unsigned funct, unsigned fd, unsigned fs, unsigned ft = 0) {
  return (0x11u << 26) | (fmt << 21) | (ft << 16) | (fs << 11) | (fd << 6) | funct;
}
constexpr u32 compare(unsigned fmt, unsigned predicate, unsigned fs, unsigned ft) {
  return cop1(fmt, 48 + predicate, 0, fs, ft);
}

// FCR31: RM 1:0, flags 6:2, enables 11:7, cause 17:12 (order I U O Z V [E]), C 23.
inline constexpr u32 RN = 0, RZ = 1, RP = 2, RM = 3;
inline constexpr u32 kI = 1, kU = 2, kO = 4, kZ = 8, kV = 16, kE = 32;
constexpr u32 enables(u32 bits) { return bits << 7; }
constexpr u32 cause_bits(u32 bits) { return bits << 12; }
inline constexpr u32 kC = 1u << 23;

inline u32 cause(const Fpu& f) { return (f.read_control(31) >> 12) & 0x3f; }
inline u32 flags(const Fpu& f) { return (f.read_control(31) >> 2) & 0x1f; }
inline void set_fcr31(Fpu& f, u32 v) { f.write_control(31, v); }

inline void set_s(Fpu& f, unsigned r, u32 bits) { f.set_fgr(r, bits); }
inline void set_d(Fpu& f, unsigned r, u64 bits) {
  f.set_fgr(r, static_cast<u32>(bits));  // even register = low word
  f.set_fgr(r + 1, static_cast<u32>(bits >> 32));
}
inline u64 get_d(const Fpu& f, unsigned r) { return u64{f.fgr(r)} | (u64{f.fgr(r + 1)} << 32); }
// Exactly representable literals only (the conversion is then exact on any host).
inline u32 fs_bits(float v) { return std::bit_cast<u32>(v); }
inline u64 fd_bits(double v) { return std::bit_cast<u64>(v); }

// Well-known encodings.
inline constexpr u32 kS_One = 0x3f800000, kS_Two = 0x40000000, kS_Three = 0x40400000,
                     kS_Inf = 0x7f800000, kS_NegInf = 0xff800000, kS_Max = 0x7f7fffff,
                     kS_MinNormal = 0x00800000, kS_DefaultNaN = 0x7fbfffff,
                     kS_QNaN = 0x7f800001,  // MIPS I: fraction MSB clear = quiet
                     kS_SNaN = 0x7fc00000;  // MIPS I: fraction MSB set = signalling
inline constexpr u64 kD_One = 0x3ff0000000000000ull, kD_Three = 0x4008000000000000ull,
                     kD_Inf = 0x7ff0000000000000ull, kD_DefaultNaN = 0x7ff7ffffffffffffull,
                     kD_QNaN = 0x7ff0000000000001ull, kD_SNaN = 0x7ff8000000000000ull;

inline constexpr u32 kSentinel = 0xdeadbeef;

}  // namespace fputest
