// --stats: the counters of a run — cycles (and cycles by cause, emu/timing/cycle_cause.h,
// which sum to them), instructions, time at the machine's clock,
// exceptions by cause, the timing model's counters (cache hits and misses, write-buffer
// stalls, uncached accesses, ...) and the guest-marked regions — as JSON for scripts, or
// as CSV (FILE ending in .csv: per machine, one row for the whole run, then one per
// region; the first column names the machine).
#pragma once
#include <ostream>
#include <string>

#include "emu/machine/machine.h"
#include "emu/stats/regions.h"

namespace emu {

struct RunSummary {
  std::string stop_reason;  // "halted", "cycle-limit", "instruction-limit"
  int exit_status = 0;
  double host_seconds = 0;  // wall time of the run (informational; never used by the model)
};

void write_stats_json(std::ostream& out, Machine& m, const RunSummary& run, const RegionRecorder* regions);
// One machine's rows; `node` is its number among the machines of the run (column 1).
void write_stats_csv(std::ostream& out, Machine& m, const RegionRecorder* regions, unsigned node = 0,
                     bool header = true);

}  // namespace emu
