// Host floating-point environment for the R3010 model: run one host IEEE operation
// under a MIPS rounding mode and report the IEEE exceptions it raised.
//
// The host's binary32/binary64 arithmetic is IEEE 754 and gives bit-exact results for
// ADD/SUB/MUL/DIV and conversions in every rounding mode; only the environment around it
// is ours. On x86 with SSE math the MXCSR register is used directly (two LDMXCSR and two
// STMXCSR per operation, far cheaper than glibc's feclearexcept which also rewrites the
// x87 environment); elsewhere <cfenv>. Define EMU_FPU_PORTABLE_FENV to force <cfenv>.
//
// The operation must read its operands from and write its result to volatile objects:
// that pins the arithmetic between the environment switches (the compiler may not move
// a volatile access across the MXCSR / fenv calls, and the arithmetic depends on both).
//
// Host requirement: FLT_EVAL_METHOD == 0 (no excess precision, e.g. x86-64 SSE, AArch64).
// x86 detects tininess after rounding, like the MIPS convention NetBSD's emulator
// documents; an AArch64 host detects it before rounding (differs only for results that
// round up to the smallest normal).
#pragma once
#include <cfloat>

#include "emu/common/types.h"

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "the R3010 model needs a host without excess FP precision (FLT_EVAL_METHOD == 0)"
#endif

#if defined(__SSE2_MATH__) && !defined(EMU_FPU_PORTABLE_FENV)
#define EMU_FPU_MXCSR 1
#include <xmmintrin.h>
#else
#include <cfenv>
#endif

namespace emu::fpu {

// Exception bits in FCR31 cause order (bit 0 = I ... bit 4 = V).
inline constexpr u32 kHostInexact = 1, kHostUnderflow = 2, kHostOverflow = 4,
                     kHostDivZero = 8, kHostInvalid = 16;

// mips_rm: FCR31.RM (0 nearest, 1 toward zero, 2 toward +inf, 3 toward -inf).
template <class Op>
inline u32 run_host(unsigned mips_rm, Op&& op) {
#if EMU_FPU_MXCSR
  // MXCSR: flags IE=0 DE=1 ZE=2 OE=3 UE=4 PE=5, DAZ=6, masks 7..12, RC 13..14, FTZ=15.
  static constexpr u32 kRc[4] = {0x0000, 0x6000, 0x4000, 0x2000};
  const u32 saved = _mm_getcsr();
  // All exceptions masked, DAZ/FTZ off (IEEE gradual underflow), our rounding mode,
  // flags cleared.
  const u32 ours = 0x1f80u | kRc[mips_rm & 3];
  _mm_setcsr(ours);
  op();
  const u32 x = _mm_getcsr();
  // Restore only if the control bits differ (a directed RM, or an unusual host mode);
  // the host's sticky flags are left as this operation set them: nobody else reads them.
  if ((saved & 0xffc0u) != ours) _mm_setcsr(saved);
  return ((x >> 5) & 1) * kHostInexact | ((x >> 4) & 1) * kHostUnderflow |
         ((x >> 3) & 1) * kHostOverflow | ((x >> 2) & 1) * kHostDivZero |
         (x & 1) * kHostInvalid;
#else
  static constexpr int kRound[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
  const int saved = std::fegetround();
  std::fesetround(kRound[mips_rm & 3]);
  std::feclearexcept(FE_ALL_EXCEPT);
  op();
  const int x = std::fetestexcept(FE_ALL_EXCEPT);
  std::fesetround(saved);
  return ((x & FE_INEXACT) ? kHostInexact : 0) | ((x & FE_UNDERFLOW) ? kHostUnderflow : 0) |
         ((x & FE_OVERFLOW) ? kHostOverflow : 0) | ((x & FE_DIVBYZERO) ? kHostDivZero : 0) |
         ((x & FE_INVALID) ? kHostInvalid : 0);
#endif
}

}  // namespace emu::fpu
