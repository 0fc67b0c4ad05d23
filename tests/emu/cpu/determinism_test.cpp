// Determinism of the CPU model (common context: "no host clock anywhere; determinism is a
// feature"): the same program from the same state gives the same cycles and the same
// architectural state, whichever way the CPU runs it — blocks of pre-decoded code, or one
// instruction at a time (tracing). The workload mixes user mode, TLB refills by a guest
// handler (TLBWR depends on Random, i.e. on the exact cycle), loads/stores across pages,
// unaligned accesses, multiply/divide, SYSCALLs and device interrupts.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <memory>

#include "cpu_fixture.h"
#include "emu/sched/scheduler.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 kUser = 0x00080000;
constexpr u32 kCU1 = 1u << 29, kV = 1u << 9, kD = 1u << 10;

struct Snapshot {
  std::array<u32, 32> gpr{};
  u32 hi = 0, lo = 0, pc = 0;
  std::array<u32, 16> cp0{};
  Cycles cycles = 0;
  u64 instructions = 0, utlb = 0;
  std::vector<u8> ram;
  int exit = 0;
};

Snapshot snapshot(CpuFixture& f, int exit) {
  Snapshot s;
  for (unsigned r = 0; r < 32; ++r) s.gpr[r] = f.cpu.gpr(r);
  s.hi = f.cpu.hi();
  s.lo = f.cpu.lo();
  s.pc = f.cpu.pc();
  for (unsigned r = 0; r < 16; ++r) s.cp0[r] = f.cpu.cp0(r);
  s.cycles = f.cpu.cycles();
  s.instructions = f.cpu.stats().instructions;
  s.utlb = f.cpu.stats().utlb_misses;
  s.ram = f.ram;
  s.exit = exit;
  return s;
}

// Builds the workload into f. With `interrupts`, a device raises Int1 (IP3) at a few
// fixed cycles; the handler acknowledges it through emulator op 0x30.
struct Workload {
  std::vector<std::unique_ptr<Event>> events;

  void install(CpuFixture& f, bool interrupts) {
    // Page table for VPN 0x80..0xbf (PTEBase 0x80000000), VPN 0x80 + i -> PA 0x40000 + i pages.
    for (u32 i = 0; i < 0x40; ++i) f.poke32(0x80000200 + 4 * i, (0x00040000 + (i << 12)) | kD | kV);
    f.load(0x80000000, {mfc0(k0, c0_context), mfc0(k1, c0_epc), lw(k0, 0, k0), nop(), mtc0(k0, c0_entrylo), nop(),
                        tlbwr(), jr(k1), rfe()});
    f.load(0x80000080, {
                           mfc0(k0, c0_cause), nop(), andi(k1, k0, 0x7c), beq(k1, zero, 8),  // 0..3 -> 12
                           addiu(k1, k1, -(8 << 2)), bne(k1, zero, 12), nop(),                // 4..6 -> 18
                           mfc0(k0, c0_epc), addiu(s7, s7, 1), addiu(k0, k0, 4), jr(k0), rfe(),  // 7..11 Sys
                           emu_op(zero, 0x30), addiu(s6, s6, 1), mfc0(k0, c0_epc), nop(), jr(k0), rfe(),  // 12..17 Int
                           srl(k0, k0, 2), andi(k0, k0, 0x1f), halt(k0),                    // 18..20 other
                       });
    f.load(0x80040000, {
                           lui(a0, 0x0008), ori(a0, a0, 0x1000), addiu(s0, zero, 200), addu(v0, zero, zero),
                           addu(a1, a0, zero),                                               // 0..4
                           sw(s0, 0, a1), lw(t1, 0, a1), andi(t4, s0, 15), mult(t1, t1),            // 5..8
                           lwr(t3, 1, a1), lwl(t3, 4, a1), mflo(t2), xor_(v1, v1, t3),               // 9..12
                           addu(v0, v0, t2), bne(t4, zero, 2), nop(), as::syscall(),                 // 13..16
                           addiu(a1, a1, 0x404), addiu(s0, s0, -1), bgtz(s0, -15), nop(),            // 17..20
                           addiu(t5, zero, 7), divu(v0, t5), mfhi(a2), mflo(a3), break_(),           // 21..25
                       });
    f.cpu.set_emu_op_handler([&f](unsigned fn, u32) {
      if (fn == 0x30) f.cpu.set_interrupt_pin(1, false);
    });
    if (interrupts) {
      for (Cycles when : {Cycles(1000), Cycles(2001), Cycles(3456)}) {
        events.push_back(std::make_unique<Event>("irq", [&f] { f.cpu.set_interrupt_pin(1, true); }));
        f.sched.schedule_at(*events.back(), when);
      }
    }
    Program k;
    k.li(t0, 0x80000000)({mtc0(t0, c0_context)}).li(t0, 5u << 6)({mtc0(t0, c0_entryhi)});
    k.li(t0, kCU1 | (1u << 11) | 0xc)({mtc0(t0, c0_status)});  // IM3, KUp = 1, IEp = 1
    k.li(t1, kUser)({jr(t1), rfe()});
    f.load(CpuFixture::kCodeBase, k.words);
    f.cpu.set_pc(CpuFixture::kCodeBase);
  }
};

Snapshot run_workload(bool step, bool interrupts) {
  CpuFixture f;
  f.set_single_step(step);
  Workload w;
  w.install(f, interrupts);
  const int exit = f.run_to_halt(1000000) == Cpu::Stop::Halted ? f.exit_status() : -1;
  return snapshot(f, exit);
}

void check_same(const Snapshot& a, const Snapshot& b) {
  CHECK(a.exit == b.exit);
  for (unsigned r = 0; r < 32; ++r) {
    INFO("gpr " << r);
    CHECK(a.gpr[r] == b.gpr[r]);
  }
  CHECK(a.hi == b.hi);
  CHECK(a.lo == b.lo);
  CHECK(a.pc == b.pc);
  for (unsigned r = 0; r < 16; ++r) {
    INFO("cp0 " << r);
    CHECK(a.cp0[r] == b.cp0[r]);
  }
  CHECK(a.cycles == b.cycles);
  CHECK(a.instructions == b.instructions);
  CHECK(a.utlb == b.utlb);
  CHECK((a.ram == b.ram));
}

// What the workload computes, worked out independently of the emulator.
void check_results(const Snapshot& s) {
  CHECK(s.exit == 9);  // ends with BREAK (Bp)
  u32 sum = 0;
  for (u32 i = 200; i >= 1; --i) sum += i * i;
  CHECK(s.gpr[v0] == sum);
  CHECK(s.gpr[a2] == sum % 7);
  CHECK(s.gpr[a3] == sum / 7);
  CHECK(s.gpr[s7] == 200 / 16);  // SYSCALL when s0 % 16 == 0
  CHECK(s.gpr[s0] == 0);
}
}  // namespace

TEST_CASE("cpu: determinism: the same program twice gives identical cycles and state", "[cpu][determinism]") {
  const bool step = GENERATE(false, true);
  const bool interrupts = GENERATE(false, true);
  const Snapshot a = run_workload(step, interrupts);
  const Snapshot b = run_workload(step, interrupts);
  check_results(a);
  check_same(a, b);
  if (interrupts) CHECK(a.gpr[s6] == 3);
}

TEST_CASE("cpu: determinism: block execution and single-stepping give the same result and cycles",
          "[cpu][determinism]") {
  const Snapshot blocks = run_workload(false, false);
  const Snapshot steps = run_workload(true, false);
  check_results(blocks);
  check_same(blocks, steps);
}

TEST_CASE("cpu: determinism: interrupt timing does not change what the program computes", "[cpu][determinism]") {
  const Snapshot blocks = run_workload(false, true);
  const Snapshot steps = run_workload(true, true);
  check_results(blocks);
  check_results(steps);
  CHECK(blocks.gpr[s6] == 3);
  CHECK(steps.gpr[s6] == 3);
  CHECK(blocks.gpr[v1] == steps.gpr[v1]);
  // The user data pages hold the same values.
  for (u32 pa = 0x41000; pa < 0x80000; pa += 4) {
    u32 x, y;
    std::memcpy(&x, &blocks.ram[pa], 4);
    std::memcpy(&y, &steps.ram[pa], 4);
    if (x != y) FAIL_CHECK("data differs at pa " << std::hex << pa);
  }
}
