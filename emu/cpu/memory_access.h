// The CPU's data access path (inline: every load and store goes through here).
//
// Order of checks follows the R3000: alignment (AdEL/AdES), segment/privilege, TLB, then
// the physical access. RAM below fast_ram_limit_ is read directly from host memory; the
// limit is 0 while the caches are isolated so that those accesses reach the cache arrays.
// Guest memory is little-endian and so is every host we build for; a big-endian guest
// would add its byte-lane swizzle here and in PhysicalBus only.
//
// Timed = true adds the timing model (emu/timing): a cached load is one tag compare when
// it hits a clean line; everything else (miss, stale line, uncached) goes to
// load_ram_timed. Stores write through: SW allocates the line, SB/SH merge into a line
// that hits and invalidate one that misses (the reference leaves partial-store misses
// UNCONFIRMED; we follow its recommendation), and every store enters the write buffer.
#pragma once
#include <cstring>

#include "emu/cpu/cpu.h"

namespace emu {

inline bool Cpu::translate_data(u32 va, bool write, const DecodedInst& d, u32& pa, bool& cached) {
  if (va >= 0x80000000u) {
    if (user_mode_) {
      raise_address(write ? cp0::kAdES : cp0::kAdEL, d, va);
      return false;
    }
    if (va < 0xc0000000u) {  // kseg0 / kseg1: unmapped
      pa = va & 0x1fffffffu;
      cached = !(va & 0x20000000u);
      return true;
    }
  }
  Tlb::Translation t;
  switch (tlb_.translate(va, entry_hi_ & cp0::kPidMask, write, t)) {
    case Tlb::Result::Ok:
      pa = t.pa;
      cached = t.cached;
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
inline u32 extract(u32 word, u32 pa) {
  if constexpr (Size == 4) return word;
  else return (word >> ((pa & 3) * 8)) & ((1u << (Size * 8)) - 1);
}

template <unsigned Size, bool Timed>
inline bool Cpu::load(u32 va, const DecodedInst& d, u32& value) {
  if (va & (Size - 1)) {
    raise_address(cp0::kAdEL, d, va);
    return false;
  }
  u32 pa;
  bool cached;
  if (!translate(va, false, d, pa, cached)) return false;
  if (pa < fast_ram_limit_) {
    if constexpr (Timed) {
      if (!cached || !dside_->clean_hit(pa)) return load_ram_timed(pa, Size, d, value, cached);
      ++mem_.counters.dload_cached;
    }
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
  return load_slow(pa, Size, d, value, cached);
}

// A RAM load that is not a clean D-cache hit: an uncached read, a read that hits a stale
// line (reported; with --cache-data the guest gets the cache's word), or a refill.
inline bool Cpu::load_ram_timed(u32 pa, unsigned size, const DecodedInst& d, u32& value, bool cached) {
  u32 word;
  std::memcpy(&word, ram_ + (pa & ~3u), 4);
  const Cycles now = now_at(d);
  if (!cached) {
    stall(mem_.uncached_ram_read(now), CycleCause::Uncached);
  } else if (dside_->stale_hit(pa)) {
    ++mem_.counters.dload_cached;
    mem_.report_stale(false, pa, inst_pc(d), now);
    if (mem_.cache_data()) word = dside_->data(pa);
  } else {
    ++mem_.counters.dload_cached;
    stall(mem_.dcache_refill(*dside_, pa, word, now), CycleCause::DCacheMiss);
  }
  value = size == 4 ? word : size == 2 ? extract<2>(word, pa) : extract<1>(word, pa);
  return true;
}

template <unsigned Size>
inline void Cpu::store_ram_timed(u32 pa, const DecodedInst& d, u32 value, bool cached) {
  if (cached) {
    ++mem_.counters.dstore_cached;
    if constexpr (Size == 4) dside_->fill(pa, value);
    else if (dside_->hit(pa)) dside_->merge(pa, Size, value);
    else dside_->invalidate(pa);
  } else {
    // An uncached store changes memory behind a line that may hold the word.
    ++mem_.counters.dstore_uncached;
    mem_.mark_stale(*dside_, pa, StaleCause::UncachedStore);
  }
  if (const Cycles s = mem_.store(now_at(d), mem_.ram_write_cost(Size))) stall(CycleCause::WbFull, s);
}

template <unsigned Size, bool Timed>
inline bool Cpu::store(u32 va, const DecodedInst& d, u32 value) {
  if (va & (Size - 1)) {
    raise_address(cp0::kAdES, d, va);
    return false;
  }
  u32 pa;
  bool cached;
  if (!translate(va, true, d, pa, cached)) return false;
  if (pa < fast_ram_limit_) {
    std::memcpy(ram_ + pa, &value, Size);
    if (code_.page_has_code(pa)) code_written(pa, Size);
    if constexpr (Timed) store_ram_timed<Size>(pa, d, value, cached);
    return true;
  }
  return store_slow(pa, Size, d, value, cached);
}

// Translating the unaligned address (rather than va & ~3) gives the same page, and makes
// BadVAddr hold the address the instruction named, as on the chip (MAME does the same).
template <bool Timed>
inline bool Cpu::load_unaligned_word(u32 va, const DecodedInst& d, u32& value) {
  u32 pa;
  bool cached;
  if (!translate(va, false, d, pa, cached)) return false;
  pa &= ~3u;
  if (pa < fast_ram_limit_) {
    if constexpr (Timed)
      if (!cached || !dside_->clean_hit(pa)) return load_ram_timed(pa, 4, d, value, cached);
    std::memcpy(&value, ram_ + pa, 4);
    if constexpr (Timed) ++mem_.counters.dload_cached;
    return true;
  }
  return load_slow(pa, 4, d, value, cached);
}

}  // namespace emu
