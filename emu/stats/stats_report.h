// --stats: the counters of a run as JSON (for scripts) — cycles, instructions, time at the
// machine's clock, exceptions by cause, and more as the model grows.
#pragma once
#include <ostream>
#include <string>

#include "emu/machine/machine.h"

namespace emu {

struct RunSummary {
  std::string stop_reason;  // "halted", "cycle-limit", "instruction-limit"
  int exit_status = 0;
  double host_seconds = 0;  // wall time of the run (informational; never used by the model)
};

void write_stats_json(std::ostream& out, Machine& m, const RunSummary& run);

}  // namespace emu
