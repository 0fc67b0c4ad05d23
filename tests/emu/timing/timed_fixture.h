// A bare CPU (cpu_fixture.h) with the ds3100 timing model, and the coherence checker's
// reports captured in a temporary file.
#pragma once
#include <cstdio>
#include <string>

#include "emu/cpu/cpu_fixture.h"
#include "emu/timing/timing_profile.h"

namespace emu::test {

struct TimedFixture : CpuFixture {
  static CpuConfig config(bool cache_data) {
    CpuConfig c;
    c.timing = &profile();
    c.cache_data = cache_data;
    return c;
  }
  explicit TimedFixture(bool cache_data = false) : CpuFixture(config(cache_data)) {
    report = std::tmpfile();
    cpu.memory_system().set_report_stream(report);
  }
  ~TimedFixture() { std::fclose(report); }
  std::string reports() {
    std::fflush(report);
    std::rewind(report);
    std::string s;
    char buf[512];
    while (std::fgets(buf, sizeof buf, report)) s += buf;
    return s;
  }
  const TimingCounters& counters() { return cpu.memory_system().counters; }
  // Run `words` from kCodeBase to the halt twice, the second time with the code already in
  // the I-cache (what the timing tests measure); returns the exit status of the second run.
  int run_warm(const std::vector<u32>& words) {
    if (run_exit(words) < 0) return -1;
    cpu.set_pc(kCodeBase);
    cpu.resume();
    return run_to_halt() == Cpu::Stop::Halted ? exit_status() : -1;
  }
  static const TimingProfile& profile() {
    static const TimingProfile p = timing_profile_for("ds3100");
    return p;
  }
  std::FILE* report;
};

}  // namespace emu::test
