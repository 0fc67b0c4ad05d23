// R2000/R3000 interrupts (reference r3000-cpu.md §6.1-6.3, §7): the six level-sensitive
// pins Int0..Int5 appear as Cause.IP2..IP7 and are taken when Status.IEc = 1 and the
// matching IM bit is set; software interrupts through Cause.IP1:0; EPC = the first
// instruction not executed; never between a branch and its delay slot; RFE re-enables.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"
#include "emu/sched/scheduler.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
constexpr u32 kCU1 = 1u << 29, kIEc = 1;
constexpr u32 im(unsigned ip) { return 1u << (8 + ip); }  // IM bit for Cause.IP<ip>
}  // namespace

TEST_CASE("cpu: a hardware interrupt pin is taken when IEc and its IM bit are set", "[cpu][interrupt]") {
  const bool step = GENERATE(false, true);
  for (unsigned pin = 0; pin < 6; ++pin) {
    INFO("pin " << pin);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_interrupt_pin(pin, true);
    Program p;
    p.li(t0, kCU1 | im(pin + 2) | kIEc)({mtc0(t0, c0_status), addiu(s0, zero, 1), halt()});
    REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Int);
    CHECK(f.epc() == B + 12);  // the instruction after the MTC0, not executed
    CHECK(f.cpu.gpr(s0) == 0);
    CHECK_FALSE(f.cause_bd());
    CHECK((f.cause() & 0xff00) == im(pin + 2));  // Cause.IP<pin+2>
    CHECK((f.status() & 0x3f) == 0x04);          // IEp = 1, IEc = 0
    CHECK(f.cpu.stats().interrupts_taken == 1);
  }
}

TEST_CASE("cpu: a pending interrupt is not taken while masked by IM or IEc", "[cpu][interrupt]") {
  const bool step = GENERATE(false, true);
  for (u32 sr : {kCU1 | im(3) | kIEc, kCU1 | kIEc | (0xff00u & ~im(4)), kCU1 | im(4)}) {
    INFO("status " << std::hex << sr);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_interrupt_pin(2, true);  // IP4
    Program p;
    p.li(t0, sr)({mtc0(t0, c0_status), addiu(s0, zero, 1), mfc0(s1, c0_cause), nop(), halt()});
    REQUIRE(f.run_exit(p.words) == 0);
    CHECK(f.cpu.gpr(s0) == 1);
    CHECK((f.cpu.gpr(s1) & 0xff00) == im(4));  // visible in Cause even when masked
  }
}

TEST_CASE("cpu: interrupt pins are level-sensitive", "[cpu][interrupt]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_interrupt_pin(5, true);
  f.cpu.set_interrupt_pin(5, false);
  Program p;
  p.li(t0, kCU1 | 0xff00 | kIEc)({mtc0(t0, c0_status), mfc0(s1, c0_cause), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK((f.cpu.gpr(s1) & 0xff00) == 0);
}

TEST_CASE("cpu: software interrupts through Cause.IP0 and IP1", "[cpu][interrupt]") {
  const bool step = GENERATE(false, true);
  for (unsigned ip : {0u, 1u}) {
    INFO("IP" << ip);
    CpuFixture f;
    f.set_single_step(step);
    Program p;
    p.li(t0, kCU1 | im(ip) | kIEc)({mtc0(t0, c0_status), addiu(s0, zero, 1)});
    p.li(t1, 1u << (8 + ip))({mtc0(t1, c0_cause), addiu(s1, zero, 1), halt()});
    REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Int);
    CHECK(f.epc() == B + 4 * 7);  // after the MTC0 to Cause (word 6)
    CHECK(f.cpu.gpr(s0) == 1);
    CHECK(f.cpu.gpr(s1) == 0);
    CHECK((f.cause() & 0xff00) == (1u << (8 + ip)));
  }
}

TEST_CASE("cpu: an interrupt handler returns with RFE and interrupts are enabled again", "[cpu][interrupt]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  // Handler: count, acknowledge the software interrupt, return to EPC.
  f.load(CpuFixture::kGeneralVector,
         {addiu(s1, s1, 1), mtc0(zero, c0_cause), mfc0(k0, c0_epc), nop(), jr(k0), rfe()});
  Program p;
  p.li(t0, kCU1 | im(0) | kIEc)({mtc0(t0, c0_status), ori(t1, zero, 0x100)});
  p({mtc0(t1, c0_cause), addiu(s0, s0, 1), mtc0(t1, c0_cause), addiu(s0, s0, 1), mfc0(s2, c0_status), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s1) == 2);  // taken twice
  CHECK(f.cpu.gpr(s0) == 2);  // and nothing skipped or repeated
  CHECK((f.cpu.gpr(s2) & kIEc) == kIEc);
  CHECK(f.cpu.stats().interrupts_taken == 2);
}

TEST_CASE("cpu: a device interrupt in the middle of a loop loses and repeats nothing", "[cpu][interrupt]") {
  for (Cycles when : {Cycles(100), Cycles(333), Cycles(1501), Cycles(2002)}) {
    const bool step = GENERATE(false, true);
    INFO("pin raised at cycle " << when);
    CpuFixture f;
    f.set_single_step(step);
    Event raise("irq", [&] { f.cpu.set_interrupt_pin(1, true); });  // IP3
    f.sched.schedule_at(raise, when);
    // Emulator op 0x30 is the "device acknowledge": it lowers the pin.
    f.cpu.set_emu_op_handler([&](unsigned fn, u32) {
      if (fn == 0x30) f.cpu.set_interrupt_pin(1, false);
    });
    f.load(CpuFixture::kGeneralVector, {addiu(s1, s1, 1), emu_op(zero, 0x30), mfc0(k0, c0_epc), nop(),
                                        addu(s2, k0, zero), jr(k0), rfe()});
    Program p;
    p.li(t0, kCU1 | im(3) | kIEc)({mtc0(t0, c0_status), addiu(t1, zero, 1000), addu(v0, zero, zero)});
    const u32 loop = p.here();
    p({addu(v0, v0, t1), addiu(t1, t1, -1), bgtz(t1, -3), addiu(s0, s0, 1), halt()});
    REQUIRE(f.run_exit(p.words) == 0);
    CHECK(f.cpu.gpr(v0) == 500500);
    CHECK(f.cpu.gpr(s0) == 1000);  // the delay slot ran once per iteration
    CHECK(f.cpu.gpr(s1) == 1);
    // The handler returned to an instruction of the loop (never to the delay slot).
    CHECK(f.cpu.gpr(s2) >= B + 4 * loop);
    CHECK(f.cpu.gpr(s2) <= B + 4 * (loop + 2));
    CHECK(f.cpu.gpr(s2) != B + 4 * (loop + 3));
  }
}

TEST_CASE("cpu: an interrupt arriving between a branch and its delay slot is taken after the slot",
          "[cpu][interrupt]") {
  const bool step = GENERATE(false, true);
  for (u32 base : {B, 0x80001fe0u}) {  // the second puts the delay slot on the next page
    INFO("code at " << std::hex << base);
    CpuFixture f;
    f.set_single_step(step);
    // 0-1 li, 2 mtc0, 3-6 nop, 7 beq, 8 slot, 9 skipped, 10 target, 11 halt
    Program p;
    p.li(t0, kCU1 | im(7) | kIEc)({mtc0(t0, c0_status), nop(), nop(), nop(), nop(), beq(zero, zero, 2),
                                  addiu(s0, s0, 1), addiu(s1, s1, 1), addiu(s2, s2, 1), halt()});
    f.load(base, p.words);
    // Instruction k runs in cycle k: the pin rises once the branch (k = 7) has run.
    Event raise("irq", [&] { f.cpu.set_interrupt_pin(5, true); });
    f.sched.schedule_at(raise, 8);
    REQUIRE(f.run_exit_from(base) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Int);
    CHECK(f.epc() == base + 4 * 10);  // the branch target: the slot has run
    CHECK_FALSE(f.cause_bd());
    CHECK(f.cpu.gpr(s0) == 1);
    CHECK(f.cpu.gpr(s1) == 0);
    CHECK(f.cpu.gpr(s2) == 0);
  }
}

TEST_CASE("cpu: an interrupt is taken as soon as an instruction enables it", "[cpu][interrupt]") {
  // RFE in the delay slot of JR re-enables interrupts: the pending one is taken at the
  // jump target, before it executes.
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_interrupt_pin(0, true);  // IP2
  f.cpu.set_cp0(c0_status, kCU1 | im(2) | 0x4);  // IEp = 1, IEc = 0
  f.cpu.set_gpr(t9, B + 16);
  REQUIRE(f.run_exit({addiu(s0, zero, 1), jr(t9), rfe(), halt(), addiu(s1, zero, 1), halt()}) ==
          CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Int);
  CHECK(f.epc() == B + 16);
  CHECK(f.cpu.gpr(s0) == 1);
  CHECK(f.cpu.gpr(s1) == 0);
}
