#include "emu/cpu/tlb.h"

namespace emu {

void Tlb::reset() {
  // The TLB has no reset values on the real chip. We start as kernels initialise it:
  // distinct VPNs in kseg0 (never translated, so never matched by an access) and
  // EntryLo = 0, so that every mapped access misses (UTLB refill for kuseg) until
  // software writes the TLB. (All-zero entries would all match VPN 0 / PID 0.)
  for (unsigned i = 0; i < kEntries; ++i) entries_[i] = TlbEntry{0x80000000u + (i << 12), 0};
  for (auto& s : cache_) s = CacheSlot{};
  ++generation_;
}

Tlb::Result Tlb::translate_slow(u32 va, u32 pid, bool write, Translation& out) {
  u32 vpn = va & cp0::kVpnMask;
  // The first matching entry wins (a multiple match shuts the real TLB down — TS — which we
  // do not model; the result is then undefined on hardware).
  for (const TlbEntry& e : entries_) {
    if (e.vpn() != vpn || !(e.global() || e.pid() == pid)) continue;
    if (!e.valid()) return Result::Invalid;
    CacheSlot& s = cache_[(va >> 12) & (kCacheSlots - 1)];
    s.vpn_valid = vpn | 1;
    s.pfn = e.lo & cp0::kPfnMask;
    s.pid = e.pid();
    s.global = e.global();
    s.dirty = e.dirty();
    s.cached = !e.noncacheable();
    if (write && !e.dirty()) return Result::Modified;
    out.pa = s.pfn | (va & 0xfff);
    out.cached = s.cached;
    return Result::Ok;
  }
  return Result::Miss;
}

int Tlb::probe(u32 entry_hi) const {
  u32 vpn = entry_hi & cp0::kVpnMask, pid = entry_hi & cp0::kPidMask;
  for (unsigned i = 0; i < kEntries; ++i) {
    const TlbEntry& e = entries_[i];
    if (e.vpn() == vpn && (e.global() || e.pid() == pid)) return int(i);
  }
  return -1;
}

unsigned Tlb::matches(u32 va, u32 pid) const {
  unsigned n = 0;
  for (const TlbEntry& e : entries_)
    if (e.vpn() == (va & cp0::kVpnMask) && (e.global() || e.pid() == pid)) ++n;
  return n;
}

void Tlb::invalidate_slot(u32 vpn) {
  CacheSlot& s = cache_[(vpn >> 12) & (kCacheSlots - 1)];
  if ((s.vpn_valid & ~1u) == vpn) s.vpn_valid = 0;
}

void Tlb::write(unsigned i, u32 entry_hi, u32 entry_lo) {
  TlbEntry& e = entries_[i & 63];
  invalidate_slot(e.vpn());
  e.hi = entry_hi & (cp0::kVpnMask | cp0::kPidMask);
  e.lo = entry_lo & cp0::kEntryLoMask;
  invalidate_slot(e.vpn());
  ++generation_;
}

}  // namespace emu
