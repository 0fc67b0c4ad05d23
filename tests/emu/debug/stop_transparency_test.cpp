// The headline promise of the debugger (emu/debug, emu/cpu/debug_hook.h): stopping a run —
// at a breakpoint in the middle of a block, at every single instruction, at a watchpoint —
// and resuming it changes nothing. The stopped run's statistics (cycles, cycles by cause,
// cache and write-buffer counters, exceptions, blocks compiled) equal those of a run
// without a debugger, on both boards and with the timing model on and off.
#include "debug_fixture.h"

#include "emu/debug/stop_points.h"

using namespace emu;
using namespace emu::debug;

namespace {

std::string undisturbed(const MachineOptions& o) {
  Machine m(o);
  REQUIRE(m.run(~Cycles(0), ~u64(0)) == Cpu::Stop::Halted);
  return test::stats_text(m);
}

// Runs to the end under `points`, resuming after every stop; returns the stops seen.
u64 run_stopping(Machine& m, StopPoints& points) {
  m.cpu().set_debug_hook(&points);
  u64 stops = 0;
  for (;;) {
    const Cpu::Stop s = m.run(~Cycles(0), ~u64(0));
    if (s != Cpu::Stop::Debug) {
      REQUIRE(s == Cpu::Stop::Halted);
      break;
    }
    ++stops;
  }
  m.cpu().set_debug_hook(nullptr);
  return stops;
}

}  // namespace

TEST_CASE("debugger: a run stopped at every instruction ends exactly as one never stopped", "[debug]") {
  for (const char* machine : {"ds3100", "ds5000-200"}) {
    for (bool timing : {true, false}) {
      INFO(machine << " timing " << timing);
      const MachineOptions o = test::gdb_target_options(machine, timing);
      Machine m(o);
      StopPoints points(m.cpu());
      points.set_stepping(true);
      const u64 stops = run_stopping(m, points);
      // Every instruction retired, plus those that faulted, was stopped in front of.
      CHECK(stops >= m.cpu().stats().instructions);
      CHECK(test::stats_text(m) == undisturbed(o));
    }
  }
}

TEST_CASE("debugger: breakpoints (block starts, mid-block, delay slots, the vector) and watchpoints leave the run as it was",
          "[debug]") {
  const MachineOptions o = test::gdb_target_options();
  Machine m(o);
  StopPoints points(m.cpu());
  const u32 add = test::symbol(m, "gdb_add");
  points.add_breakpoint(add);
  points.add_breakpoint(add + 4);  // the delay slot
  points.add_breakpoint(test::symbol(m, "gdb_trap"));
  points.add_breakpoint(0x80000080);
  points.add_breakpoint(test::symbol(m, "main") + 8);
  points.add_watchpoint(StopPoints::WatchKind::kWrite, test::symbol(m, "gdb_counter"), 4);
  points.add_watchpoint(StopPoints::WatchKind::kRead, test::symbol(m, "gdb_trapped"), 4);
  const u64 stops = run_stopping(m, points);
  CHECK(stops >= 5 * 2 + 3 + 5);
  CHECK(test::stats_text(m) == undisturbed(o));
}
