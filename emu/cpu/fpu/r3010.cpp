// R2010 / R3010 floating-point accelerator (MIPS I coprocessor 1): the computational
// instructions, FCR0/FCR31, the IEEE exception model and the FPA interrupt.
//
// Sources (facts, no code taken):
//  - shared/reference/r3000-cpu.md §12 (FCR31 layout, NetBSD MBZ mask 0xff7c0000,
//    FPA interrupt on Int5).
//  - MIPS R4000 User's Manual ch. 6/7 (the R3010's direct descendant, same FCR31): cause
//    bits rewritten by every FP operation; "If the corresponding Enable bit is set, the
//    Flag bit is not set and the FPU generates an interrupt"; "When a floating-point
//    exception is taken, no results are stored"; the unimplemented-operation (E) list:
//    reserved opcodes, unimplemented formats, operations invalid for their format
//    (CVT.S.S), denormalized operands, quiet-NaN operands (except compares), denormalized
//    or underflowing results.
//  - NetBSD sys/arch/mips/mips/fp.S (4.4BSD pmax fp.s, written for the R2010/R3010): the
//    kernel only emulates when FCR31.E is set, otherwise it sends SIGFPE; undefined ops go
//    to "ill" (SIGILL); it computes results from the even register of a pair only.
//  - MAME src/devices/cpu/mips/mips1.cpp: undefined COP1 fmt/funct set E and raise the
//    FPU interrupt; CTC1 re-evaluates the interrupt from cause & enable | E.
//
// What the FPA computes itself (here: the host's IEEE arithmetic under FCR31.RM, see
// host_fenv.h) and what it hands to software by setting cause bit E (destination,
// operands, flags untouched; FPA interrupt asserted until software clears the cause):
//
//  ADD SUB MUL DIV  normal/zero/infinite operands: computed; I O Z V per IEEE; overflow
//                   delivers inf or the largest finite number per RM. 0/0, inf-inf,
//                   0*inf, inf/inf -> V with the default NaN. A signalling-NaN operand
//                   -> V, default NaN.
//                   E: any denormalized operand, any quiet-NaN operand (checked before
//                   the SNaN rule), any result that underflows (tiny after rounding,
//                   whether exact or not, including results rounded to zero): the R3010
//                   has no flush-to-zero (FS) bit, so by the R4000 rule it always traps
//                   (inference; a 1995 R3081 exception handler, historicalsource/guts
//                   FEXCP.C, likewise receives underflows as E and writes 0.0 itself).
//  ABS NEG          sign manipulation of normal/zero/inf; E on denormal or QNaN,
//                   V + default NaN on SNaN (MIPS ISA manuals: ABS/NEG are arithmetic,
//                   a NaN operand signals invalid).
//  MOV              bit copy, never an exception (the R4000 note: moves do not trap).
//  CVT.S.D          rounded per RM; O/I/V like ADD; E on denormal/QNaN operand or
//                   underflowing result.   CVT.D.S  exact; E on denormal/QNaN operand.
//  CVT.S.W          rounded per RM (I).    CVT.D.W  exact.
//  CVT.W.S/D        rounded per RM (I); E for NaN, infinity, denormal operand and for
//                   a rounded value outside [-2^31, 2^31-1] (the kernel then produces
//                   the IEEE result).
//  C.cond.S/D       never E (denormals compare normally). Unordered if a NaN; V if an
//                   SNaN, or any NaN with a signalling predicate (funct 56..63). If V
//                   is enabled the trap leaves C unchanged.
//  undefined        (fmt not S/D/W, functs outside the table, CVT.S.S, CVT.D.D,
//                   CVT.W.W, anything .W but CVT.S/CVT.D, the MIPS II SQRT, ROUND,
//                   TRUNC, CEIL, FLOOR): E, see Fpu::kUndefinedOpsAreUnimplemented.
//
// When E is raised, the cause field holds E alone. Any trap (E or an enabled cause)
// leaves the flags untouched; otherwise flags |= cause. MOV and compares also rewrite
// the cause field (cleared unless V).
//
// Register numbers: MIPS I computational instructions address the 16 even FPRs only;
// an odd fs/ft/fd is undefined. Modelled as the chip ignoring bit 0 for every format
// (what NetBSD's emulator does, and MAME for all but MOV.S): an odd number names the
// pair (r & ~1) for .D and the even word for .S/.W (UNCONFIRMED on silicon).
// LWC1/SWC1/MFC1/MTC1 (fgr/set_fgr) reach all 32 words.
#include "emu/cpu/fpu/r3010.h"

#include <bit>
#include <cmath>

#include "emu/cpu/fpu/host_fenv.h"
#include "emu/cpu/fpu/ieee_format.h"

namespace emu {

namespace {

using fpu::Class;
using fpu::Double;
using fpu::Single;

// Instruction fields.
constexpr u32 kOpcodeCop1 = 0x11;
enum Fmt : unsigned { kFmtS = 16, kFmtD = 17, kFmtW = 20 };
enum Funct : unsigned {
  kFnAdd = 0, kFnSub = 1, kFnMul = 2, kFnDiv = 3, kFnAbs = 5, kFnMov = 6, kFnNeg = 7,
  kFnCvtS = 32, kFnCvtD = 33, kFnCvtW = 36, kFnCompare = 48,
};
// Compare predicate bits (funct 48..63): the condition is true for the outcomes whose
// bit is set; bit 3 makes the predicate signal on unordered operands.
constexpr unsigned kCmpUnordered = 1, kCmpEqual = 2, kCmpLess = 4, kCmpSignalling = 8;

// FCR31 fields (reference r3000-cpu.md §12).
constexpr unsigned kFlagShift = 2, kEnableShift = 7, kCauseShift = 12;
constexpr u32 kCauseField = 0x3fu << kCauseShift;
constexpr u32 kCondition = 1u << 23;
constexpr u32 kMustBeZero = 0xff7c0000u;  // bits 31:24, 22:18 (NetBSD cpuregs.h MBZ mask)
// Exception bits in cause order.
constexpr u32 kI = 1, kU = 2, kO = 4, kZ = 8, kV = 16, kE = 32;
// The host helper reports its exceptions in the same bit order.
static_assert(fpu::kHostInexact == kI && fpu::kHostUnderflow == kU && fpu::kHostOverflow == kO &&
              fpu::kHostDivZero == kZ && fpu::kHostInvalid == kV);

// What the FPA refuses to compute: denormalized and quiet-NaN operands.
constexpr bool declined(Class c) { return c == Class::Denormal || c == Class::QuietNaN; }

}  // namespace

void Fpu::reset() {
  for (u32& r : fgr_) r = 0;
  fcr31_ = 0;
}

u32 Fpu::read_control(unsigned r) const {
  switch (r & 31) {
    case 0: return fcr0_;
    case 31: return fcr31_;
    default: return 0;
  }
}

void Fpu::write_control(unsigned r, u32 v) {
  // FCR0 is read-only; there is nothing else to write on an R3010. Writing a cause bit
  // together with its enable (or E) asserts the interrupt: interrupt_pending() is a pure
  // function of FCR31, exactly like the chip's interrupt output.
  if ((r & 31) == 31) fcr31_ = v & ~kMustBeZero;
}

bool Fpu::interrupt_pending() const {
  const u32 cause = fcr31_ >> kCauseShift;
  const u32 enables = fcr31_ >> kEnableShift;
  return (cause & kE) || (cause & enables & 0x1f);
}

bool Fpu::raise(u32 cause) {
  fcr31_ = (fcr31_ & ~kCauseField) | (cause << kCauseShift);
  const bool trap = (cause & kE) || (cause & (fcr31_ >> kEnableShift) & 0x1f);
  if (!trap) fcr31_ |= (cause & 0x1f) << kFlagShift;
  return trap;
}

Fpu::Outcome Fpu::unimplemented() {
  raise(kE);
  return Outcome::Trapped;
}

Fpu::Outcome Fpu::undefined_op() {
  if constexpr (kUndefinedOpsAreUnimplemented) return unimplemented();
  return Outcome::Reserved;
}

template <class F>
typename F::Bits Fpu::read(unsigned r) const {
  r &= 30;
  if constexpr (sizeof(typename F::Bits) == 4) {
    return fgr_[r];
  } else {
    return u64{fgr_[r]} | (u64{fgr_[r + 1]} << 32);
  }
}

template <class F>
void Fpu::write(unsigned r, typename F::Bits v) {
  r &= 30;
  fgr_[r] = static_cast<u32>(v);
  if constexpr (sizeof(typename F::Bits) == 8) fgr_[r + 1] = static_cast<u32>(v >> 32);
}

template <class F>
Fpu::Outcome Fpu::deliver(u32 cause, unsigned fd, typename F::Bits result) {
  if (raise(cause)) return Outcome::Trapped;
  write<F>(fd, result);
  return Outcome::Done;
}

// A result the host rounded: tiny results go to software, NaNs (only produced by
// invalid operations, NaN operands never reach the host) become the MIPS default NaN.
template <class F>
Fpu::Outcome Fpu::deliver_rounded(u32 host_cause, unsigned fd, typename F::Bits result) {
  const Class c = fpu::classify<F>(result);
  if ((host_cause & kU) || c == Class::Denormal) return unimplemented();
  if (fpu::is_nan(c)) result = F::kDefaultNaN;
  return deliver<F>(host_cause, fd, result);
}

Fpu::Outcome Fpu::execute(u32 instr) {
  if ((instr >> 26) != kOpcodeCop1 || !((instr >> 25) & 1)) return Outcome::Reserved;
  const unsigned fmt = (instr >> 21) & 31, funct = instr & 63;
  const unsigned ft = (instr >> 16) & 31, fs = (instr >> 11) & 31, fd = (instr >> 6) & 31;
  switch (fmt) {
    case kFmtS: return execute_float<Single>(funct, fd, fs, ft);
    case kFmtD: return execute_float<Double>(funct, fd, fs, ft);
    case kFmtW:
      if (funct == kFnCvtS) return from_word<Single>(fd, fs);
      if (funct == kFnCvtD) return from_word<Double>(fd, fs);
      return undefined_op();
    default: return undefined_op();
  }
}

template <class F>
Fpu::Outcome Fpu::execute_float(unsigned funct, unsigned fd, unsigned fs, unsigned ft) {
  constexpr bool kIsSingle = sizeof(typename F::Bits) == 4;
  if (funct >= kFnCompare) return compare<F>(funct, fs, ft);
  switch (funct) {
    case kFnAdd: case kFnSub: case kFnMul: case kFnDiv:
      return arithmetic<F>(funct, fd, fs, ft);
    case kFnAbs: case kFnNeg:
      return sign_op<F>(funct, fd, fs);
    case kFnMov:
      return deliver<F>(0, fd, read<F>(fs));
    case kFnCvtS:
      if constexpr (!kIsSingle) return convert<Single, Double>(fd, fs);
      break;
    case kFnCvtD:
      if constexpr (kIsSingle) return convert<Double, Single>(fd, fs);
      break;
    case kFnCvtW:
      return to_word<F>(fd, fs);
    default:
      break;
  }
  return undefined_op();
}

template <class F>
Fpu::Outcome Fpu::arithmetic(unsigned funct, unsigned fd, unsigned fs, unsigned ft) {
  using Host = typename F::Host;
  const typename F::Bits a = read<F>(fs), b = read<F>(ft);
  const Class ca = fpu::classify<F>(a), cb = fpu::classify<F>(b);
  if (declined(ca) || declined(cb)) return unimplemented();
  if (ca == Class::SignallingNaN || cb == Class::SignallingNaN)
    return deliver<F>(kV, fd, F::kDefaultNaN);

  volatile Host x = std::bit_cast<Host>(a), y = std::bit_cast<Host>(b);
  volatile Host r = 0;
  u32 cause = 0;
  switch (funct) {
    case kFnAdd: cause = fpu::run_host(rounding_mode(), [&] { r = x + y; }); break;
    case kFnSub: cause = fpu::run_host(rounding_mode(), [&] { r = x - y; }); break;
    case kFnMul: cause = fpu::run_host(rounding_mode(), [&] { r = x * y; }); break;
    default:     cause = fpu::run_host(rounding_mode(), [&] { r = x / y; }); break;
  }
  return deliver_rounded<F>(cause, fd, std::bit_cast<typename F::Bits>(Host{r}));
}

template <class F>
Fpu::Outcome Fpu::sign_op(unsigned funct, unsigned fd, unsigned fs) {
  const typename F::Bits a = read<F>(fs);
  const Class c = fpu::classify<F>(a);
  if (declined(c)) return unimplemented();
  if (c == Class::SignallingNaN) return deliver<F>(kV, fd, F::kDefaultNaN);
  constexpr typename F::Bits kSign = fpu::sign_bit<F>();
  return deliver<F>(0, fd, funct == kFnAbs ? (a & ~kSign) : (a ^ kSign));
}

template <class F>
Fpu::Outcome Fpu::compare(unsigned funct, unsigned fs, unsigned ft) {
  using Host = typename F::Host;
  const typename F::Bits a = read<F>(fs), b = read<F>(ft);
  const Class ca = fpu::classify<F>(a), cb = fpu::classify<F>(b);
  const bool unordered = fpu::is_nan(ca) || fpu::is_nan(cb);
  const bool invalid = unordered && ((funct & kCmpSignalling) || ca == Class::SignallingNaN ||
                                     cb == Class::SignallingNaN);
  bool result;
  if (unordered) {
    result = funct & kCmpUnordered;
  } else {
    // Host comparison of non-NaN values is exact (denormals included, DAZ is never set).
    const Host x = std::bit_cast<Host>(a), y = std::bit_cast<Host>(b);
    result = ((funct & kCmpLess) && x < y) || ((funct & kCmpEqual) && x == y);
  }
  if (raise(invalid ? kV : 0)) return Outcome::Trapped;
  fcr31_ = result ? (fcr31_ | kCondition) : (fcr31_ & ~kCondition);
  return Outcome::Done;
}

template <class To, class From>
Fpu::Outcome Fpu::convert(unsigned fd, unsigned fs) {
  const typename From::Bits a = read<From>(fs);
  const Class c = fpu::classify<From>(a);
  if (declined(c)) return unimplemented();
  if (c == Class::SignallingNaN) return deliver<To>(kV, fd, To::kDefaultNaN);
  volatile typename From::Host x = std::bit_cast<typename From::Host>(a);
  volatile typename To::Host r = 0;
  const u32 cause = fpu::run_host(rounding_mode(),
                                  [&] { r = static_cast<typename To::Host>(x); });
  return deliver_rounded<To>(cause, fd, std::bit_cast<typename To::Bits>(typename To::Host{r}));
}

template <class F>
Fpu::Outcome Fpu::from_word(unsigned fd, unsigned fs) {
  volatile s32 x = static_cast<s32>(read<Single>(fs));
  volatile typename F::Host r = 0;
  const u32 cause = fpu::run_host(rounding_mode(),
                                  [&] { r = static_cast<typename F::Host>(x); });
  return deliver<F>(cause, fd, std::bit_cast<typename F::Bits>(typename F::Host{r}));
}

// CVT.W: done with exact integer/double arithmetic instead of the host environment:
// every single or double value is exactly a double, trunc() and v - trunc(v) are exact.
template <class F>
Fpu::Outcome Fpu::to_word(unsigned fd, unsigned fs) {
  const typename F::Bits a = read<F>(fs);
  const Class c = fpu::classify<F>(a);
  if (c == Class::Zero) return deliver<Single>(0, fd, 0);
  if (c != Class::Normal) return unimplemented();  // denormal, NaN, infinity
  const double v = static_cast<double>(std::bit_cast<typename F::Host>(a));
  double n = std::trunc(v);
  const double frac = v - n;  // exact, sign of v, |frac| < 1
  const double away = v < 0 ? -1.0 : 1.0;
  if (frac != 0) {
    switch (rounding_mode()) {
      case 0:  // nearest, ties to even
        if (std::fabs(frac) > 0.5 || (std::fabs(frac) == 0.5 && std::fmod(n, 2.0) != 0))
          n += away;
        break;
      case 1: break;  // toward zero: the truncation
      case 2: if (frac > 0) n += 1.0; break;
      default: if (frac < 0) n -= 1.0; break;
    }
  }
  if (n < -2147483648.0 || n > 2147483647.0) return unimplemented();
  return deliver<Single>(frac != 0 ? kI : 0, fd,
                         static_cast<u32>(static_cast<s32>(n)));
}

// Cycle counts. ADD/SUB/compare 2, MUL 4 (S) / 5 (D), DIV 12 / 19, ABS/MOV/NEG 1: GCC
// gcc/config/mips/3000.md (r3k_fadd, r3k_fmul_*, r3k_fdiv_*, r3k_fmove) and the reference.
// 3000.md has no conversion entry (GCC falls back to generic.md "generic_fcvt" = 1, a
// scheduling guess, not a datasheet number). The conversion counts below are the R3010
// datasheet table as remembered (UNCONFIRMED, no public copy found): a widening
// CVT.D.S is a reformat (1), CVT.S.D rounds (2), the integer conversions normalise or
// denormalise and round (3).
unsigned Fpu::latency(u32 instr) {
  const unsigned fmt = (instr >> 21) & 31, funct = instr & 63;
  const bool dbl = fmt == kFmtD;
  if (funct >= kFnCompare) return 2;
  switch (funct) {
    case kFnAdd: case kFnSub: return 2;
    case kFnMul: return dbl ? 5 : 4;
    case kFnDiv: return dbl ? 19 : 12;
    case kFnAbs: case kFnMov: case kFnNeg: return 1;
    case kFnCvtS: return dbl ? 2 : 3;
    case kFnCvtD: return fmt == kFmtS ? 1 : 3;
    case kFnCvtW: return 3;
    default: return 1;
  }
}

}  // namespace emu
