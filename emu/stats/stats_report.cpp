#include "emu/stats/stats_report.h"

#include <iomanip>

namespace emu {

void write_stats_json(std::ostream& out, Machine& m, const RunSummary& run) {
  const CpuStats& s = m.cpu().stats();
  const u64 cycles = m.cpu().cycles();
  const double hz = double(m.profile().cpu_hz);
  out << "{\n";
  out << "  \"machine\": \"" << m.profile().name << "\",\n";
  out << "  \"clock_hz\": " << m.profile().cpu_hz << ",\n";
  out << "  \"stop_reason\": \"" << run.stop_reason << "\",\n";
  out << "  \"exit_status\": " << run.exit_status << ",\n";
  out << "  \"cycles\": " << cycles << ",\n";
  out << "  \"instructions\": " << s.instructions << ",\n";
  out << "  \"simulated_seconds\": " << std::setprecision(9) << (cycles / hz) << ",\n";
  out << "  \"exceptions\": {";
  bool first = true;
  for (unsigned c = 0; c < cp0::kExcCount; ++c) {
    if (c >= 13) continue;  // codes 13-15 are reserved on the R3000
    out << (first ? "" : ",") << "\n    \"" << cp0::exception_name(c) << "\": " << s.exceptions[c];
    first = false;
  }
  out << "\n  },\n";
  out << "  \"utlb_misses\": " << s.utlb_misses << ",\n";
  out << "  \"interrupts_taken\": " << s.interrupts_taken << ",\n";
  out << "  \"blocks_compiled\": " << s.blocks_compiled << ",\n";
  out << "  \"code_invalidations\": " << s.code_invalidations << ",\n";
  out << "  \"host_seconds\": " << std::setprecision(6) << run.host_seconds << ",\n";
  out << "  \"guest_mips\": " << std::setprecision(6)
      << (run.host_seconds > 0 ? s.instructions / run.host_seconds / 1e6 : 0.0) << "\n";
  out << "}\n";
}

}  // namespace emu
