// The memory system between the R3000 core and the physical bus: the I- and D-cache
// arrays, the write buffer, the timing profile that prices every access, the counters a
// researcher reads, and the coherence checker.
//
// The CPU (emu/cpu/memory_access.h, execute.cpp) decides *which* case an access is — a
// hit is tested inline with one tag compare — and calls in here for everything else.
// Each method returns the cycles the CPU stalls (a read: the write-buffer drain and the
// access apart, charged to different causes); the CPU adds them to the clock.
//
// Coherence checker. DMA masters (the LANCE in main-memory mode), uncached stores through
// kseg1 and stores while the other cache is isolated change memory behind the caches;
// a cache line that still holds the old word is then *stale* (emu/mem/cache.h). A load
// that hits a stale D-cache line, or an instruction fetched from a stale I-cache line, is
// reported (address, PC, cycle, and what made the line stale). In the default mode the
// guest still reads memory — the report tells the driver writer what real hardware would
// have done; with `--cache-data` loads that hit a stale line return the cache's word, as
// on hardware. (Instruction fetch from a stale line executes memory's word in both modes:
// a documented limit.)
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "emu/mem/cache.h"
#include "emu/timing/timing_profile.h"
#include "emu/timing/write_buffer.h"

namespace emu {

// A read's stall: waiting for the write buffer to empty, then the access itself.
struct ReadStall {
  Cycles drain = 0, access = 0;
};

struct TimingCounters {
  u64 ifetch_misses = 0;        // cached instruction fetches that missed (refills)
  u64 ifetch_refill_words = 0;  // words brought into the I-cache by those refills
  u64 ifetch_uncached = 0;      // instructions fetched from kseg1 / N=1 pages
  u64 dload_cached = 0;         // cached data loads (hits + misses)
  u64 dload_misses = 0;
  u64 dload_uncached = 0;       // uncached RAM loads
  u64 dstore_cached = 0, dstore_uncached = 0;
  u64 device_reads = 0, device_writes = 0;  // non-RAM bus accesses (devices, ROM, buffers)
  u64 wb_full_stalls = 0;       // stores that found the write buffer full
  u64 wb_full_cycles = 0;       // ... and the cycles they waited
  u64 wb_drain_cycles = 0;      // reads waiting for the write buffer to empty
  u64 refill_cycles = 0;        // memory read cycles of I and D refills and uncached reads
  u64 device_cycles = 0;        // device read latency cycles
  u64 hilo_stall_cycles = 0;    // MFHI/MFLO/MULT/DIV waiting for the multiply unit
  u64 fpu_stall_cycles = 0;     // FPA instructions waiting for the previous one
  u64 exception_cycles = 0;     // pipeline redirects on exception entry
  u64 stale_loads = 0;          // loads that hit a stale D-cache line
  u64 stale_fetches = 0;        // instructions fetched from a stale I-cache line
};

// Why a line became stale (kept per line for the report only).
enum class StaleCause : u8 { None, Dma, UncachedStore, IsolatedStore, CodeWrite };
const char* stale_cause_name(StaleCause c);

class MemorySystem {
 public:
  MemorySystem(u32 icache_bytes, u32 dcache_bytes);

  void configure(const TimingProfile& p, bool cache_data);
  void reset();  // power-on: caches invalid, buffer empty, counters kept by the caller
  const TimingProfile& profile() const { return p_; }
  bool cache_data() const { return cache_data_; }

  CacheArray& icache() { return icache_; }
  CacheArray& dcache() { return dcache_; }
  const CacheArray& icache() const { return icache_; }
  const CacheArray& dcache() const { return dcache_; }
  WriteBuffer& write_buffer() { return wb_; }

  TimingCounters counters;

  // A read of memory or a device at `now`: wait for the write buffer to empty, then the
  // access takes `latency` cycles.
  ReadStall read_after_drain(Cycles now, u32 latency) {
    const Cycles drain = wb_.drain_time(now);
    counters.wb_drain_cycles += drain;
    return {drain, latency};
  }
  // A D-cache read miss at pa; `word` is memory's word at pa & ~3. Fills cache c.
  ReadStall dcache_refill(CacheArray& c, u32 pa, u32 word, Cycles now) {
    ++counters.dload_misses;
    counters.refill_cycles += p_.mem_read;
    c.fill(pa & ~3u, word);
    return read_after_drain(now, p_.mem_read);
  }
  ReadStall uncached_ram_read(Cycles now) {
    ++counters.dload_uncached;
    counters.refill_cycles += p_.mem_read;
    return read_after_drain(now, p_.mem_read);
  }
  // An I-cache miss at pa: the aligned block of iblock_words words containing pa is read
  // into cache c from host memory `block` (its first word; nullptr = only pa's own word,
  // at `word`). `first` is the latency of the first word (RAM: mem_read; ROM: rom_read).
  ReadStall icache_refill(CacheArray& c, u32 pa, const u8* block, u32 word, u32 first, Cycles now);
  u32 iblock_bytes() const { return p_.iblock_words * 4; }
  // A store entering the write buffer; its retirement occupies the memory `occupancy`.
  Cycles store(Cycles now, u32 occupancy) {
    const Cycles s = wb_.push(now, occupancy);
    if (s) {
      ++counters.wb_full_stalls;
      counters.wb_full_cycles += s;
    }
    return s;
  }
  u32 ram_write_cost(unsigned size) const { return size == 4 ? p_.mem_write : p_.mem_write_partial; }

  // Memory words in [pa, pa+len) changed behind the caches.
  void memory_changed(u32 pa, u32 len, StaleCause why);
  void mark_stale(CacheArray& c, u32 pa, StaleCause why);
  // A full-word store while cache c is isolated: the line now differs from memory.
  void isolated_write(CacheArray& c, u32 pa, u32 value);
  // Report a use of a stale line (load or fetch) at pc, cycle now.
  void report_stale(bool fetch, u32 pa, u32 pc, Cycles now);
  // Where reports go (default stderr); at most kMaxReports lines, then a summary count.
  void set_report_stream(std::FILE* f) { report_ = f; }
  static constexpr unsigned kMaxReports = 20;
  // Checkpoints: caches, write buffer, counters, stale causes, reports printed so far.
  void state(StateIo& io);

 private:
  std::vector<u8>& causes(const CacheArray& c) { return &c == &icache_ ? icause_ : dcause_; }

  TimingProfile p_;
  bool cache_data_ = false;
  CacheArray icache_, dcache_;
  WriteBuffer wb_;
  std::vector<u8> icause_, dcause_;
  std::FILE* report_ = stderr;
  unsigned reports_ = 0;
};

}  // namespace emu
