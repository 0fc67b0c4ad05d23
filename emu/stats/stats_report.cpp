#include "emu/stats/stats_report.h"

#include <iomanip>

namespace emu {

namespace {
// Hits are what was not a miss: every cached load that found its line, every instruction
// fetched from the I-cache without a refill.
u64 icache_hits(Machine& m) {
  const auto& c = m.cpu().memory_system().counters;
  const u64 fetched = m.cpu().stats().instructions;
  const u64 other = c.ifetch_uncached + c.ifetch_misses;
  return fetched > other ? fetched - other : 0;
}
}  // namespace

void write_stats_json(std::ostream& out, Machine& m, const RunSummary& run, const RegionRecorder* regions) {
  const CpuStats& s = m.cpu().stats();
  const TimingCounters& t = m.cpu().memory_system().counters;
  const u64 cycles = m.cpu().cycles();
  const double hz = double(m.profile().cpu_hz);
  out << "{\n";
  out << "  \"machine\": \"" << m.profile().name << "\",\n";
  out << "  \"clock_hz\": " << m.profile().cpu_hz << ",\n";
  out << "  \"timing\": " << (m.timing() ? "true" : "false") << ",\n";
  out << "  \"stop_reason\": \"" << run.stop_reason << "\",\n";
  out << "  \"exit_status\": " << run.exit_status << ",\n";
  out << "  \"cycles\": " << cycles << ",\n";
  out << "  \"cycles_by_cause\": ";
  write_causes_json(out, m.cpu().cycle_causes());
  out << ",\n";
  out << "  \"instructions\": " << s.instructions << ",\n";
  out << "  \"cpi\": " << std::setprecision(6) << (s.instructions ? double(cycles) / double(s.instructions) : 0.0)
      << ",\n";
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
  out << "  \"tlb_misses\": " << (s.exceptions[cp0::kTlbL] + s.exceptions[cp0::kTlbS]) << ",\n";
  out << "  \"interrupts_taken\": " << s.interrupts_taken << ",\n";
  out << "  \"icache_hits\": " << (m.timing() ? icache_hits(m) : 0) << ",\n";
  out << "  \"dcache_hits\": " << (t.dload_cached - t.dload_misses) << ",\n";
  out << "  \"counters\": {";
  first = true;
  for (const auto& f : timing_counter_fields()) {
    out << (first ? "" : ",") << "\n    \"" << f.name << "\": " << t.*f.member;
    first = false;
  }
  out << "\n  },\n";
  out << "  \"regions\": ";
  if (regions) regions->write_json(out, m.profile().cpu_hz, "  ");
  else out << "[]";
  out << ",\n";
  out << "  \"blocks_compiled\": " << s.blocks_compiled << ",\n";
  out << "  \"code_invalidations\": " << s.code_invalidations << ",\n";
  out << "  \"host_seconds\": " << std::setprecision(6) << run.host_seconds << ",\n";
  out << "  \"guest_mips\": " << std::setprecision(6)
      << (run.host_seconds > 0 ? s.instructions / run.host_seconds / 1e6 : 0.0) << "\n";
  out << "}\n";
}

void write_stats_csv(std::ostream& out, Machine& m, const RegionRecorder* regions, unsigned node, bool header) {
  // The whole run comes first as a pseudo-region "run", so one table holds everything.
  const TimingCounters& t = m.cpu().memory_system().counters;
  const u64 hz = m.profile().cpu_hz;
  const Cycles cycles = m.cpu().cycles();
  if (header) RegionRecorder::write_csv_header(out);
  out << node << ",run," << m.profile().name << ",1," << cycles << ',' << cycles << ',' << cycles << ',' << cycles << ','
      << std::setprecision(9) << double(cycles) * 1e6 / double(hz) << ',' << m.cpu().stats().instructions;
  for (const auto& f : timing_counter_fields()) out << ',' << t.*f.member;
  write_causes_csv(out, m.cpu().cycle_causes());
  out << ",0,0,0,0,0,0,0,0\n";  // footprints are recorded per region only
  if (regions) regions->write_csv(out, hz, node);
}

}  // namespace emu
