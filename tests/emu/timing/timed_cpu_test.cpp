// Timing of single instructions in the CPU (emu/cpu with emu/timing): CpCond0 follows the
// write buffer, FPA operations wait for the previous one, MFLO waits for MULT, exception
// entry costs its cycles, and an uncached fetch from kseg1 costs a memory read. Each
// expected figure is written out from the profile's parameters and the instruction count.
#include <catch2/catch.hpp>

#include "emu/cpu/fpu/r3010.h"
#include "emu/timing/timed_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 cycles_to(u32 r) { return emu_op(r, 1); }  // r = cycle count (instruction.h)
}  // namespace

TEST_CASE("BC0F loops while the write buffer holds a store (CpCond0 = buffer empty)", "[timing]") {
  TimedFixture f;
  const TimingProfile& p = TimedFixture::profile();
  Program prog;
  prog.li(t1, CpuFixture::kDataBase)({
      move(t0, zero),
      sw(zero, 0, t1),    // issues at cycle c; retires at c + mem_write
      bc0f(-1),           // at c+1, c+3, ...: taken while the buffer is not empty
      addiu(t0, t0, 1),   // delay slot: counts the BC0Fs
      halt(),
  });
  REQUIRE(f.run_warm(prog.words) == 0);
  // The k-th BC0F (k = 0, 1, ...) issues at c + 1 + 2k and falls through once
  // c + 1 + 2k >= c + mem_write.
  const u32 k = (p.mem_write - 1 + 1) / 2;
  CHECK(f.cpu.gpr(t0) == k + 1);

  CpuFixture functional;  // no timing model: every store has retired at once
  REQUIRE(functional.run_exit(prog.words) == 0);
  CHECK(functional.cpu.gpr(t0) == 1);
}

TEST_CASE("an FPA operation waits until the previous one has finished", "[timing]") {
  TimedFixture f;
  const u32 add = add_s(0, 1, 2);
  Program prog;
  prog.li(t0, 1u << 29)({mtc0(t0, c0_status), nop(), cycles_to(t8), add, add_s(3, 0, 0), cycles_to(t9), halt()});
  REQUIRE(f.run_exit(prog.words) == 0);  // cold: I-cache misses hide the FPA's latency
  const u64 cold_stalls = f.counters().fpu_stall_cycles;
  f.cpu.set_pc(CpuFixture::kCodeBase);
  f.cpu.resume();
  REQUIRE(f.run_to_halt() == Cpu::Stop::Halted);
  // readout, add (busy for its latency), the second add once the first is done, readout.
  CHECK(f.cpu.gpr(t9) - f.cpu.gpr(t8) == 1 + Fpu::latency(add) + 1);
  CHECK(f.counters().fpu_stall_cycles - cold_stalls == Fpu::latency(add) - 1);
}

TEST_CASE("MFLO right after MULT waits for the result; one later does not", "[timing]") {
  TimedFixture f;
  const TimingProfile& p = TimedFixture::profile();
  Program prog;
  prog({cycles_to(t8), mult(t1, t2), mflo(t3), cycles_to(t9), halt()});
  REQUIRE(f.run_warm(prog.words) == 0);
  CHECK(f.cpu.gpr(t9) - f.cpu.gpr(t8) == 1 + p.mult + 1);
  // With enough independent work in between, no stall at all (the first run above had
  // stalls; this fixture's runs have none).
  TimedFixture g;
  Program later;
  later({cycles_to(t8), mult(t1, t2)});
  for (u32 i = 0; i < p.mult; ++i) later({addiu(t4, t4, 1)});
  later({mflo(t3), cycles_to(t9), halt()});
  REQUIRE(g.run_warm(later.words) == 0);
  CHECK(g.cpu.gpr(t9) - g.cpu.gpr(t8) == 1 + 1 + p.mult + 1);
  CHECK(g.counters().hilo_stall_cycles == 0);
}

TEST_CASE("exception entry costs exception_entry cycles on top of the faulting instruction", "[timing]") {
  TimedFixture f;
  const TimingProfile& p = TimedFixture::profile();
  // The general vector: read the cycle count into t9 and halt.
  f.load(CpuFixture::kGeneralVector, {cycles_to(t9), halt()});
  Program prog;
  prog({cycles_to(t8), syscall()});
  REQUIRE(f.run_warm(prog.words) == 0);
  // readout (1), syscall (1), entry, then the handler's readout issues.
  CHECK(f.cpu.gpr(t9) - f.cpu.gpr(t8) == 1 + 1 + p.exception_entry);
  CHECK(f.counters().exception_cycles == 2 * p.exception_entry);  // both runs
}

TEST_CASE("code run from kseg1 pays an uncached memory read per instruction", "[timing]") {
  TimedFixture f;
  const TimingProfile& p = TimedFixture::profile();
  Program prog;
  prog({cycles_to(t8), addiu(t0, t0, 1), addiu(t0, t0, 1), addiu(t0, t0, 1), cycles_to(t9), halt()});
  f.load(CpuFixture::kCodeBase, prog.words);
  f.cpu.set_pc(CpuFixture::kCodeBase | 0x20000000);  // the same code through kseg1
  REQUIRE(f.run_to_halt() == Cpu::Stop::Halted);
  // The first readout is read after its own fetch; then three adds and the second
  // readout's fetch, each a memory read plus the instruction's cycle.
  CHECK(f.cpu.gpr(t9) - f.cpu.gpr(t8) == 1 + 3 * (p.mem_read + 1) + p.mem_read);
  CHECK(f.counters().ifetch_uncached == 6);
}
