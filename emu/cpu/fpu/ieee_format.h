// IEEE 754 single/double formats as the R2010/R3010 FPA (MIPS I) sees them.
//
// MIPS I uses the "legacy" NaN convention, the opposite of what x86 and IEEE 754-2008
// recommend: a NaN whose most significant fraction bit is SET is *signalling*, one with
// that bit clear is quiet. The default quiet NaN the FPA (and the kernel's emulator)
// produces for an invalid operation is 0x7fbfffff (single) / 0x7ff7ffff_ffffffff
// (double). Source: NetBSD sys/arch/mips/mips/fp.S (SSIGNAL_NAN 0x00400000,
// DSIGNAL_NAN 0x00080000, SQUIET_NAN 0x003fffff, DQUIET_NAN0/1), derived from the
// 4.4BSD pmax fp.s written against the R2010/R3010.
#pragma once
#include "emu/common/types.h"

namespace emu::fpu {

enum class Class { Zero, Normal, Denormal, Infinity, QuietNaN, SignallingNaN };

struct Single {
  using Bits = u32;
  using Host = float;
  static constexpr unsigned kFracBits = 23;
  static constexpr Bits kExpMask = 0xff;
  static constexpr Bits kDefaultNaN = 0x7fbfffffu;
};

struct Double {
  using Bits = u64;
  using Host = double;
  static constexpr unsigned kFracBits = 52;
  static constexpr Bits kExpMask = 0x7ff;
  static constexpr Bits kDefaultNaN = 0x7ff7ffffffffffffull;
};

template <class F>
constexpr typename F::Bits sign_bit() {
  return typename F::Bits{1} << (sizeof(typename F::Bits) * 8 - 1);
}

template <class F>
constexpr Class classify(typename F::Bits v) {
  using Bits = typename F::Bits;
  const Bits exp = (v >> F::kFracBits) & F::kExpMask;
  const Bits frac = v & ((Bits{1} << F::kFracBits) - 1);
  if (exp == 0) return frac == 0 ? Class::Zero : Class::Denormal;
  if (exp != F::kExpMask) return Class::Normal;
  if (frac == 0) return Class::Infinity;
  const Bits signalling_bit = Bits{1} << (F::kFracBits - 1);
  return (frac & signalling_bit) ? Class::SignallingNaN : Class::QuietNaN;
}

constexpr bool is_nan(Class c) { return c == Class::QuietNaN || c == Class::SignallingNaN; }

}  // namespace emu::fpu
