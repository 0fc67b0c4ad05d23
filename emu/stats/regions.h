// Guest-marked regions of interest: the guest brackets code with the emulator operations
// kEmuRegionBegin / kEmuRegionEnd (emu/cpu/instruction.h; guest/include/emu_ops.h), which
// are no-ops on a real DECstation, and the emulator records, for every completed
// instance of each region number, its cycles, instructions, cycles by cause and the
// timing counters (cache misses, write-buffer stalls, ...) that changed inside it.
//
// Reported at the end of a run: count, total, min, median, max cycles and microseconds at
// the machine's clock, per region; --stats writes the same as JSON or CSV.
//
// Footprint: for every instance, the distinct I- and D-cache lines it touched (cached
// fetches; cached loads and stores; emu/mem/footprint.h), reported as bytes (a line is one
// word) with min, median and max over the instances — each quantity on its own, so the
// median I- and D-footprints may come from different instances. Also the median number of
// those lines that share their cache line with another of them (conflicts within the
// region's own path). Recorded only while a region is open (the CPU pays nothing for it
// otherwise: Cpu::set_footprint).
//
// Rules: regions with different numbers may nest or overlap freely; a Begin of a region
// that is already open restarts it (counted as `restarts`), an End of a region that is not
// open is counted as `stray_ends` and otherwise ignored.
#pragma once
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "emu/common/types.h"
#include "emu/state/state_io.h"
#include "emu/mem/footprint.h"
#include "emu/timing/cycle_cause.h"
#include "emu/timing/memory_system.h"

namespace emu {

class Cpu;

// --region-name N=NAME: N a region number (decimal or 0x hex, 0 to 0xffffffff, the value
// the guest's marker passes), NAME 1 to 64 of A-Z a-z 0-9 _ . : + / - (nothing that
// would need quoting in the JSON and CSV reports). Throws UserError naming the option.
std::pair<u32, std::string> parse_region_name(const std::string& spec);

struct RegionSnapshot {
  Cycles cycles = 0;
  u64 instructions = 0;
  TimingCounters counters;
  CycleCauses causes;
  Footprint::Mark footprint;
};

struct RegionStats {
  std::string name;
  std::vector<Cycles> durations;  // one per completed instance, in order
  std::vector<u32> i_lines, d_lines;  // footprint of each completed instance, in order
  std::vector<u32> i_conflicts, d_conflicts;  // ... its lines sharing a cache line (Footprint::Lines)
  u64 instructions = 0;
  TimingCounters counters;        // sums of the deltas over all instances
  CycleCauses causes;             // cycles by cause over all instances (sum to total())
  u64 restarts = 0, stray_ends = 0;
  bool open = false;
  RegionSnapshot start;

  Cycles total() const;
  Cycles min() const;
  Cycles max() const;
  Cycles median() const;  // lower median for an even count
};

// Min, lower median and max of a list (0s for an empty one).
struct Spread {
  u64 min = 0, median = 0, max = 0;
};
template <class T>
Spread spread(const std::vector<T>& v);

class RegionRecorder {
 public:
  explicit RegionRecorder(Cpu& cpu);
  ~RegionRecorder();  // stops the CPU's footprint recording if a region is still open
  RegionRecorder(const RegionRecorder&) = delete;
  RegionRecorder& operator=(const RegionRecorder&) = delete;
  // Feed it the emulator operations (Machine::set_emu_op_listener).
  void on_emu_op(unsigned op, u32 value);
  void name(u32 id, const std::string& n) { regions_[id].name = n; }
  const std::map<u32, RegionStats>& regions() const { return regions_; }
  // Nothing was marked (names given on the command line alone do not count).
  bool empty() const {
    for (const auto& [id, r] : regions_)
      if (!r.durations.empty() || r.open || r.restarts || r.stray_ends) return false;
    return true;
  }

  // Human-readable table (end of run, to stderr).
  void write_table(std::ostream& out, u64 hz) const;
  // JSON array (used inside the --stats object) and CSV (one row per region).
  void write_json(std::ostream& out, u64 hz, const std::string& indent) const;
  static void write_csv_header(std::ostream& out);
  void write_csv(std::ostream& out, u64 hz, unsigned node = 0) const;  // rows only
  // Checkpoints: every region's record so far, open ones included (their start snapshot),
  // so a restored run reports what the uninterrupted one would. Names are kept too; a
  // restoring command line's --region-name, applied after, wins.
  void state(StateIo& io);

 private:
  RegionSnapshot snapshot() const;
  void begin(u32 id);
  void end(u32 id);
  Cpu& cpu_;
  std::map<u32, RegionStats> regions_;
  Footprint footprint_;
  unsigned open_ = 0;  // regions open: the footprint is recorded while this is not 0
};

// Each counter of TimingCounters by name, in a fixed order (JSON, CSV, tables).
struct CounterField {
  const char* name;
  u64 TimingCounters::*member;
};
const std::vector<CounterField>& timing_counter_fields();
TimingCounters counter_delta(const TimingCounters& a, const TimingCounters& b);  // b - a
void counter_add(TimingCounters& into, const TimingCounters& d);
// Cycles by cause as a JSON object ({"issue": N, ...}) and as CSV columns (header:
// cycles_issue, ...; values), in the order of kCycleCauses.
void write_causes_json(std::ostream& out, const CycleCauses& c);
void write_causes_csv_header(std::ostream& out);
void write_causes_csv(std::ostream& out, const CycleCauses& c);

}  // namespace emu
