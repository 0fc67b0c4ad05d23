// R2000/R3000 translation lookaside buffer: 64 fully associative entries, 4 KiB pages,
// 6-bit PID (reference r3000-cpu.md §8), plus a small direct-mapped lookup cache in front
// of it so that a mapped access costs one compare in the common case.
//
// The cache holds copies of TLB entries keyed by VPN with the entry's PID and G bit, so a
// change of the current PID (EntryHi) needs no flush; writing a TLB entry invalidates the
// cache slots of the old and the new VPN.
#pragma once
#include <array>

#include "emu/common/types.h"
#include "emu/cpu/cp0.h"
#include "emu/state/state_io.h"

namespace emu {

struct TlbEntry {
  u32 hi = 0;  // VPN | PID  (EntryHi layout)
  u32 lo = 0;  // PFN | N | D | V | G (EntryLo layout)
  u32 vpn() const { return hi & cp0::kVpnMask; }
  u32 pid() const { return hi & cp0::kPidMask; }
  bool global() const { return lo & cp0::kLoG; }
  bool valid() const { return lo & cp0::kLoV; }
  bool dirty() const { return lo & cp0::kLoD; }
  bool noncacheable() const { return lo & cp0::kLoN; }
};

class Tlb {
 public:
  static constexpr unsigned kEntries = 64;

  enum class Result { Ok, Miss, Invalid, Modified };
  struct Translation {
    u32 pa;
    bool cached;
  };

  void reset();

  // Look up va (mapped segments only) for the current PID. On Ok fills out.
  Result translate(u32 va, u32 pid, bool write, Translation& out) {
    u32 vpn = va & cp0::kVpnMask;
    const CacheSlot& s = cache_[(va >> 12) & (kCacheSlots - 1)];
    if (s.vpn_valid == (vpn | 1) && (s.global || s.pid == pid)) {
      if (write && !s.dirty) return Result::Modified;
      out.pa = s.pfn | (va & 0xfff);
      out.cached = s.cached;
      return Result::Ok;
    }
    return translate_slow(va, pid, write, out);
  }

  // TLBP: index of the matching entry for EntryHi, or -1.
  int probe(u32 entry_hi) const;
  const TlbEntry& entry(unsigned i) const { return entries_[i & 63]; }
  void write(unsigned i, u32 entry_hi, u32 entry_lo);

  // Bumped by every change of an entry: what a cached translation must be checked against.
  u64 generation() const { return generation_; }

  // Number of matching entries for va under pid (for tests and the TS shutdown check).
  unsigned matches(u32 va, u32 pid) const;

  // Checkpoints: the 64 entries; the lookup cache in front of them is rebuilt.
  void state(StateIo& io) {
    io.pod(entries_);
    if (!io.loading()) return;
    for (auto& s : cache_) s = CacheSlot{};
    ++generation_;
  }

 private:
  static constexpr unsigned kCacheSlots = 256;
  struct CacheSlot {
    u32 vpn_valid = 0;  // VPN | 1 when the slot holds a valid entry
    u32 pfn = 0;
    u32 pid = 0;
    bool global = false, dirty = false, cached = false;
  };
  Result translate_slow(u32 va, u32 pid, bool write, Translation& out);
  void invalidate_slot(u32 vpn);

  std::array<TlbEntry, kEntries> entries_{};
  u64 generation_ = 0;
  std::array<CacheSlot, kCacheSlots> cache_{};
};

}  // namespace emu
