// Why a simulated cycle passed. Every cycle the CPU adds to the machine's clock is
// charged to exactly one cause (Cpu::advance, the only place the clock moves), so the
// per-cause counts sum to the run's cycles. The table below names each cause once, for
// --stats (emu/stats) and the trace.
#pragma once
#include <array>

#include "emu/common/types.h"

namespace emu {

enum class CycleCause : u8 {
  Issue,         // one cycle per instruction issued (retired, or faulting), incl. CpCond spins
  ICacheRefill,  // I-cache miss: the block refill from memory or the boot ROM
  DCacheMiss,    // D-cache read miss: the line's memory read
  Uncached,      // uncached RAM load, uncached instruction fetch (kseg1, N=1 pages, ROM)
  WbFull,        // a store waiting for a write-buffer entry to retire
  WbDrain,       // a read (refill, uncached, device) waiting for the write buffer to empty
  MulDiv,        // MFHI/MFLO/MULT/DIV waiting for the multiply unit
  Fpa,           // an FPA instruction waiting for the previous FPA operation
  Exception,     // exception entry: redirecting the pipeline to the vector
  Device,        // a device (non-RAM) register read's latency
  Count
};
inline constexpr unsigned kCycleCauseCount = unsigned(CycleCause::Count);

struct CycleCauseInfo {
  const char* name;  // JSON key and CSV column suffix
  const char* what;  // one line: what is counted
};
inline constexpr std::array<CycleCauseInfo, kCycleCauseCount> kCycleCauses = {{
    {"issue", "one cycle per instruction issued (also a faulting one, and every CpCond/wbflush spin)"},
    {"icache_refill", "I-cache misses: the block refill from memory (or the boot ROM through kseg0)"},
    {"dcache_miss", "D-cache read misses: the memory read of the missing word"},
    {"uncached", "uncached RAM loads and uncached instruction fetches (kseg1, N=1 pages, the boot ROM)"},
    {"wb_full", "stores waiting for a write-buffer entry to retire"},
    {"wb_drain", "reads (refills, uncached and device reads) waiting for the write buffer to empty"},
    {"muldiv", "MFHI/MFLO and MULT/DIV waiting for the multiply unit's previous result"},
    {"fpa", "FPA instructions waiting for the previous FPA operation to finish"},
    {"exception", "exception entry (the pipeline redirect to the vector)"},
    {"device", "device register reads (the bus region's read latency)"},
}};
inline const char* cycle_cause_name(CycleCause c) { return kCycleCauses[unsigned(c)].name; }

// Cycles by cause. Snapshots subtract (regions).
struct CycleCauses {
  std::array<u64, kCycleCauseCount> cycles{};
  u64& operator[](CycleCause c) { return cycles[unsigned(c)]; }
  u64 operator[](CycleCause c) const { return cycles[unsigned(c)]; }
  u64 total() const {
    u64 t = 0;
    for (u64 v : cycles) t += v;
    return t;
  }
  CycleCauses& operator+=(const CycleCauses& o) {
    for (unsigned k = 0; k < kCycleCauseCount; ++k) cycles[k] += o.cycles[k];
    return *this;
  }
  friend CycleCauses operator-(const CycleCauses& a, const CycleCauses& b) {
    CycleCauses d;
    for (unsigned k = 0; k < kCycleCauseCount; ++k) d.cycles[k] = a.cycles[k] - b.cycles[k];
    return d;
  }
};

}  // namespace emu
