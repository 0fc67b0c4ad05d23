// Single steps through the CPU's debug hook stop in front of exactly the next instruction:
// the delay slot after a branch (then the branch's target), and the exception vector after
// an instruction that raised an exception.
#include "debug_fixture.h"

#include "emu/debug/stop_points.h"

using namespace emu;
using namespace emu::debug;

namespace {

void step(Machine& m, StopPoints& p) {
  p.set_stepping(true);
  REQUIRE(m.run(~Cycles(0), ~u64(0)) == Cpu::Stop::Debug);
  p.set_stepping(false);
}

void run_to(Machine& m, StopPoints& p, u32 va) {
  p.add_breakpoint(va);
  REQUIRE(m.run(~Cycles(0), ~u64(0)) == Cpu::Stop::Debug);
  REQUIRE(m.cpu().debug_pc() == va);
  p.remove_breakpoint(va);
}

}  // namespace

TEST_CASE("debugger: a step stops in the delay slot, the next at the branch target", "[debug]") {
  Machine m(test::gdb_target_options());
  StopPoints p(m.cpu());
  m.cpu().set_debug_hook(&p);
  const u32 add = test::symbol(m, "gdb_add");
  run_to(m, p, add);  // first call: b = 0, the branch falls through
  CHECK(p.reason() == StopPoints::Reason::kBreakpoint);
  CHECK(m.cpu().gpr(5) == 0);
  step(m, p);
  CHECK(m.cpu().debug_pc() == add + 4);
  CHECK(m.cpu().debug_in_delay_slot());
  step(m, p);
  CHECK(m.cpu().debug_pc() == add + 8);
  CHECK_FALSE(m.cpu().debug_in_delay_slot());

  run_to(m, p, add);  // second call: b = 1, taken
  CHECK(m.cpu().gpr(5) == 1);
  step(m, p);
  CHECK(m.cpu().debug_pc() == add + 4);
  const u32 a0 = m.cpu().gpr(4);
  step(m, p);
  CHECK(m.cpu().debug_pc() == test::symbol(m, "gdb_add_taken"));
  CHECK(m.cpu().gpr(2) == a0 + 1);  // the delay slot ran
}

TEST_CASE("debugger: a step over a syscall stops at the exception vector", "[debug]") {
  Machine m(test::gdb_target_options());
  StopPoints p(m.cpu());
  m.cpu().set_debug_hook(&p);
  const u32 trap = test::symbol(m, "gdb_trap");
  run_to(m, p, trap);
  step(m, p);
  CHECK(m.cpu().debug_pc() == 0x80000080);
  CHECK(((m.cpu().cp0(cp0::kCause) >> 2) & 31) == cp0::kSys);
  CHECK(m.cpu().cp0(cp0::kEpc) == trap);
}

TEST_CASE("debugger: a watchpoint stops in front of the store and names the address", "[debug]") {
  Machine m(test::gdb_target_options());
  StopPoints p(m.cpu());
  m.cpu().set_debug_hook(&p);
  const u32 counter = test::symbol(m, "gdb_counter");
  p.add_watchpoint(StopPoints::WatchKind::kWrite, counter + 2, 1);  // a byte inside the word stored
  REQUIRE(m.run(~Cycles(0), ~u64(0)) == Cpu::Stop::Debug);
  CHECK(p.reason() == StopPoints::Reason::kWatchWrite);
  CHECK(p.watch_address() == counter + 2);
  u32 va, size;
  bool store;
  REQUIRE(StopPoints::access_of(m.cpu().debug_word(m.cpu().debug_pc()), m.cpu(), va, size, store));
  CHECK(store);
  CHECK(va == counter);
}

TEST_CASE("debugger: moving the PC of a run stopped inside a block", "[debug]") {
  Machine m(test::gdb_target_options());
  StopPoints p(m.cpu());
  m.cpu().set_debug_hook(&p);
  const u32 add = test::symbol(m, "gdb_add");
  run_to(m, p, add + 4);  // inside gdb_add's block, in the delay slot
  const u64 retired = m.cpu().stats().instructions;
  m.cpu().debug_set_pc(add);  // run gdb_add again from its start
  CHECK(m.cpu().debug_pc() == add);
  CHECK(m.cpu().stats().instructions == retired + 1);  // the branch before the stop is counted
  step(m, p);
  CHECK(m.cpu().debug_pc() == add + 4);
  m.cpu().set_debug_hook(nullptr);
  CHECK(m.run(~Cycles(0), ~u64(0)) == Cpu::Stop::Halted);
}

TEST_CASE("debugger: after a stop at a run limit (Ctrl-C, attaching), a step runs one instruction", "[debug]") {
  // Machine a: stopped where a Ctrl-C would stop it, resumed with the let-through.
  Machine a(test::gdb_target_options());
  StopPoints pa(a.cpu());
  REQUIRE(a.run(100000, ~u64(0)) == Cpu::Stop::Cycles);
  const u32 pc0 = a.cpu().debug_pc();
  a.cpu().debug_let_through();
  a.cpu().set_debug_hook(&pa);
  step(a, pa);
  CHECK(a.cpu().debug_pc() != pc0);
  // Machine b, the same without it: its first step stops in front of the same instruction,
  // and only the next one reaches where a's single step did.
  Machine b(test::gdb_target_options());
  StopPoints pb(b.cpu());
  REQUIRE(b.run(100000, ~u64(0)) == Cpu::Stop::Cycles);
  b.cpu().set_debug_hook(&pb);
  step(b, pb);
  CHECK(b.cpu().debug_pc() == pc0);
  step(b, pb);
  CHECK(b.cpu().debug_pc() == a.cpu().debug_pc());
}
