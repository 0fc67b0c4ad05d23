// The CPU's data access path (inline: every load and store goes through here).
//
// Order of checks follows the R3000: alignment (AdEL/AdES), segment/privilege, TLB, then
// the physical access. RAM below fast_ram_limit_ is read directly from host memory; the
// limit is 0 while the caches are isolated so that those accesses reach the cache arrays.
// Guest memory is little-endian and so is every host we build for; a big-endian guest
// would add its byte-lane swizzle here and in PhysicalBus only.
#pragma once
#include <cstring>

#include "emu/cpu/cpu.h"

namespace emu {

inline bool Cpu::translate_data(u32 va, bool write, const DecodedInst& d, u32& pa) {
  if (va >= 0x80000000u) {
    if (user_mode_) {
      raise_address(write ? cp0::kAdES : cp0::kAdEL, d, va);
      return false;
    }
    if (va < 0xc0000000u) {  // kseg0 / kseg1: unmapped
      pa = va & 0x1fffffffu;
      return true;
    }
  }
  Tlb::Translation t;
  switch (tlb_.translate(va, entry_hi_ & cp0::kPidMask, write, t)) {
    case Tlb::Result::Ok:
      pa = t.pa;
      return true;
    case Tlb::Result::Miss:
      raise_tlb(write ? cp0::kTlbS : cp0::kTlbL, d, va, va < 0x80000000u);
      return false;
    case Tlb::Result::Invalid:
      raise_tlb(write ? cp0::kTlbS : cp0::kTlbL, d, va, false);
      return false;
    case Tlb::Result::Modified:
      raise_tlb(cp0::kMod, d, va, false);
      return false;
  }
  return false;
}

template <unsigned Size>
inline bool Cpu::load(u32 va, const DecodedInst& d, u32& value) {
  if (va & (Size - 1)) {
    raise_address(cp0::kAdEL, d, va);
    return false;
  }
  u32 pa;
  if ((va >> 30) == 2 && !user_mode_) {
    pa = va & 0x1fffffffu;
  } else if (!translate_data(va, false, d, pa)) {
    return false;
  }
  if (pa < fast_ram_limit_) {
    if constexpr (Size == 4) {
      std::memcpy(&value, ram_ + pa, 4);
    } else if constexpr (Size == 2) {
      u16 h;
      std::memcpy(&h, ram_ + pa, 2);
      value = h;
    } else {
      value = ram_[pa];
    }
    return true;
  }
  return load_slow(pa, Size, d, value);
}

template <unsigned Size>
inline bool Cpu::store(u32 va, const DecodedInst& d, u32 value) {
  if (va & (Size - 1)) {
    raise_address(cp0::kAdES, d, va);
    return false;
  }
  u32 pa;
  if ((va >> 30) == 2 && !user_mode_) {
    pa = va & 0x1fffffffu;
  } else if (!translate_data(va, true, d, pa)) {
    return false;
  }
  if (pa < fast_ram_limit_) {
    std::memcpy(ram_ + pa, &value, Size);
    if (code_.page_has_code(pa)) invalidate_code(pa, Size);
    return true;
  }
  return store_slow(pa, Size, d, value);
}

// Translating the unaligned address (rather than va & ~3) gives the same page, and makes
// BadVAddr hold the address the instruction named, as on the chip (MAME does the same).
inline bool Cpu::load_unaligned_word(u32 va, const DecodedInst& d, u32& value) {
  u32 pa;
  if ((va >> 30) == 2 && !user_mode_) {
    pa = va & 0x1fffffffu;
  } else if (!translate_data(va, false, d, pa)) {
    return false;
  }
  pa &= ~3u;
  if (pa < fast_ram_limit_) {
    std::memcpy(&value, ram_ + pa, 4);
    return true;
  }
  return load_slow(pa, 4, d, value);
}

}  // namespace emu
