#include "emu/timing/memory_system.h"

#include <cstring>

namespace emu {

void MemorySystem::state(StateIo& io) {
  io.section("memory-system");
  icache_.state(io);
  dcache_.state(io);
  wb_.state(io);
  io.pod(counters);
  io.vec(icause_, icache_.lines());
  io.vec(dcause_, dcache_.lines());
  io.check(icause_.size() == icache_.lines() && dcause_.size() == dcache_.lines(), "stale causes have the wrong size");
  io.pod(reports_);
}

const char* stale_cause_name(StaleCause c) {
  switch (c) {
    case StaleCause::Dma: return "a DMA write to memory";
    case StaleCause::UncachedStore: return "an uncached store (kseg1 or an N=1 page)";
    case StaleCause::IsolatedStore: return "a store while the cache was isolated";
    case StaleCause::CodeWrite: return "a store to code it holds (the I-cache is not written by stores)";
    default: return "an unknown change";
  }
}

MemorySystem::MemorySystem(u32 icache_bytes, u32 dcache_bytes) : icache_(icache_bytes), dcache_(dcache_bytes) {
  icause_.assign(icache_.lines(), 0);
  dcause_.assign(dcache_.lines(), 0);
  dcache_.use_odd_generations();
}

void MemorySystem::configure(const TimingProfile& p, bool cache_data) {
  p_ = p;
  cache_data_ = cache_data;
  wb_.set_depth(p.write_buffer_depth);
}

void MemorySystem::reset() {
  icache_.resize(icache_.size());
  dcache_.resize(dcache_.size());
  std::fill(icause_.begin(), icause_.end(), 0);
  std::fill(dcause_.begin(), dcause_.end(), 0);
  wb_.reset();
}

ReadStall MemorySystem::icache_refill(CacheArray& c, u32 pa, const u8* block, u32 word, u32 first, Cycles now) {
  u32 words = 1;
  if (block) {
    const u32 base = pa & ~(iblock_bytes() - 1);
    words = p_.iblock_words;
    for (u32 k = 0; k < words; ++k) {
      u32 w;
      std::memcpy(&w, block + 4 * k, 4);
      c.fill(base + 4 * k, w);
    }
  } else {
    c.fill(pa, word);
  }
  ++counters.ifetch_misses;
  counters.ifetch_refill_words += words;
  const u32 cost = first + (words - 1) * p_.mem_read_next;
  counters.refill_cycles += cost;
  return read_after_drain(now, cost);
}

void MemorySystem::mark_stale(CacheArray& c, u32 pa, StaleCause why) {
  if (c.mark_stale_if_present(pa & ~3u)) causes(c)[c.index(pa)] = u8(why);
}

void MemorySystem::memory_changed(u32 pa, u32 len, StaleCause why) {
  if (!len) return;
  for (u64 a = pa & ~3u; a < u64(pa) + len; a += 4) {
    mark_stale(dcache_, u32(a), why);
    mark_stale(icache_, u32(a), why);
  }
}

void MemorySystem::isolated_write(CacheArray& c, u32 pa, u32 value) {
  c.fill_stale(pa & ~3u, value);
  causes(c)[c.index(pa)] = u8(StaleCause::IsolatedStore);
}

void MemorySystem::report_stale(bool fetch, u32 pa, u32 pc, Cycles now) {
  ++(fetch ? counters.stale_fetches : counters.stale_loads);
  if (!report_) return;
  if (reports_ < kMaxReports) {
    const CacheArray& c = fetch ? icache_ : dcache_;
    const auto why = StaleCause((fetch ? icause_ : dcause_)[c.index(pa)]);
    std::fprintf(report_,
                 "emu: coherence: %s at pc 0x%08x, cycle %llu, hit a stale %s-cache line for physical 0x%08x "
                 "(made stale by %s)%s\n",
                 fetch ? "instruction fetch" : "load", pc, (unsigned long long)now, fetch ? "I" : "D", pa,
                 stale_cause_name(why),
                 fetch || !cache_data_ ? "; the emulator used memory's word" : "; the guest read the cache's word");
  } else if (reports_ == kMaxReports) {
    std::fprintf(report_, "emu: coherence: further stale-line reports suppressed (see --stats for the count)\n");
  }
  ++reports_;
}

}  // namespace emu
