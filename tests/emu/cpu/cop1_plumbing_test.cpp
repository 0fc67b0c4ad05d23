// The CPU side of coprocessor 1 (the R2010/R3010 FPA; its arithmetic is tested in
// tests/emu/cpu/fpu): MTC1/MFC1/CTC1/CFC1 and LWC1/SWC1 moving words between the integer
// unit, memory and the FPA (MFC1/CFC1 with the MIPS I load delay, reference §4.2),
// BC1T/BC1F on the compare flag, usability with Status.CU1, and FP exceptions arriving as
// the FPA interrupt on Int5 = Cause.IP7 (reference §12), level-held until CTC1 clears
// the cause bits.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
constexpr u32 D = CpuFixture::kDataBase;
constexpr u32 kCU1 = 1u << 29, kIEc = 1, kIM7 = 1u << 15, kIP7 = 1u << 15;
constexpr u32 kOne = 0x3f800000, kTwo = 0x40000000;  // 1.0f, 2.0f
// FCR31 fields (reference §12).
constexpr u32 kEnableZ = 1u << 10, kCauseZ = 1u << 15, kFlagZ = 1u << 5;
}  // namespace

TEST_CASE("cpu: MTC1 and MFC1 move words; MFC1 has a load delay", "[cpu][cop1]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xdeadbeef);
  f.cpu.set_gpr(t1, 5);
  REQUIRE(f.run_exit({mtc1(t0, 7), mfc1(t1, 7), addu(t2, t1, zero), addu(t3, t1, zero), halt()}) == 0);
  CHECK(f.cpu.fpu().fgr(7) == 0xdeadbeef);
  CHECK(f.cpu.gpr(t2) == 5);  // the slot sees the old value
  CHECK(f.cpu.gpr(t3) == 0xdeadbeef);
}

TEST_CASE("cpu: CFC1 reads FCR0 (implementation/revision) and FCR31; CTC1 writes FCR31", "[cpu][cop1]") {
  CpuConfig cfg;
  cfg.fcr0 = 0x0200;  // R2010
  CpuFixture f(cfg);
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 3);  // RM = toward minus infinity
  f.cpu.set_gpr(t1, 0x1234);
  REQUIRE(f.run_exit({cfc1(s0, 0), ctc1(t0, 31), ctc1(t1, 0), cfc1(s1, 31), cfc1(s2, 0), nop(), addu(s3, s2, zero),
                      halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x0200);
  CHECK(f.cpu.gpr(s1) == 3);
  CHECK(f.cpu.gpr(s2) == 0x0200);  // FCR0 is read-only
  CHECK(f.cpu.gpr(s3) == 0x0200);  // (two instructions after the CFC1)
  CpuFixture d;
  d.cpu.set_gpr(t0, 0);
  REQUIRE(d.run_exit({cfc1(s0, 0), nop(), halt()}) == 0);
  CHECK(d.cpu.gpr(s0) == 0x0320);  // default: R3010
}

TEST_CASE("cpu: CFC1 is delayed like a load", "[cpu][cop1][loaddelay]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(s0, 0x77);
  REQUIRE(f.run_exit({cfc1(s0, 0), addu(s1, s0, zero), addu(s2, s0, zero), halt()}) == 0);
  CHECK(f.cpu.gpr(s1) == 0x77);
  CHECK(f.cpu.gpr(s2) == 0x0320);
}

TEST_CASE("cpu: LWC1 and SWC1 move words between memory and the FPA", "[cpu][cop1]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(D + 8, kOne);
  f.cpu.set_gpr(a0, D);
  REQUIRE(f.run_exit({lwc1(4, 8, a0), nop(), add_s(6, 4, 4), nop(), swc1(6, 12, a0), swc1(4, -4, a0), halt()}) == 0);
  CHECK(f.cpu.fpu().fgr(4) == kOne);
  CHECK(f.cpu.fpu().fgr(6) == kTwo);
  CHECK(f.peek32(D + 12) == kTwo);
  CHECK(f.peek32(D - 4) == kOne);
}

TEST_CASE("cpu: misaligned LWC1/SWC1 raise AdEL/AdES; LWC1 from nothing raises DBE", "[cpu][cop1][exception]") {
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(a0, D + 2);
    REQUIRE(f.run_exit({lwc1(4, 0, a0), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::AdEL);
    CHECK(f.badvaddr() == D + 2);
  }
  {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(a0, D + 1);
    REQUIRE(f.run_exit({swc1(4, 0, a0), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::AdES);
    CHECK(f.badvaddr() == D + 1);
  }
  {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(a0, 0xa0400000);
    f.cpu.fpu().set_fgr(4, 0x1234);
    REQUIRE(f.run_exit({nop(), lwc1(4, 0, a0), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::DBE);
    CHECK(f.epc() == B + 4);
    CHECK(f.cpu.fpu().fgr(4) == 0x1234);
  }
}

TEST_CASE("cpu: BC1T / BC1F follow the FPA compare flag; the delay slot always runs", "[cpu][cop1][branch]") {
  const bool step = GENERATE(false, true);
  for (bool equal : {true, false}) {
    for (bool on_true : {true, false}) {
      INFO((equal ? "equal" : "unequal") << (on_true ? " bc1t" : " bc1f"));
      CpuFixture f;
      f.set_single_step(step);
      f.cpu.fpu().set_fgr(2, kOne);
      f.cpu.fpu().set_fgr(4, equal ? kOne : kTwo);
      // c.eq.s; nop (the MIPS I compare-to-branch gap); branch -> 5; slot; fall-through; target
      REQUIRE(f.run_exit({c_eq_s(2, 4), nop(), on_true ? bc1t(2) : bc1f(2), addiu(s0, s0, 1), ori(v0, zero, 1),
                          halt()}) == 0);
      const bool taken = f.cpu.gpr(v0) == 0;
      CHECK(taken == (equal == on_true));
      CHECK(f.cpu.gpr(s0) == 1);
    }
  }
}

TEST_CASE("cpu: COP1 works in user mode when CU1 is set", "[cpu][cop1]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 kG = 1u << 8, kV = 1u << 9, kD = 1u << 10;
  f.tlb_write(0, 0x00400000, 0x00040000 | kD | kV | kG);
  f.load(0x80040000, {mtc1(t0, 3), mfc1(s0, 3), nop(), halt()});
  f.cpu.set_gpr(t0, 0x4242);
  f.enter_user_mode();
  REQUIRE(f.run_exit_from(0x00400000) == 0);
  CHECK(f.cpu.gpr(s0) == 0x4242);
}

TEST_CASE("cpu: an enabled FP exception interrupts on IP7 with EPC at the FP instruction", "[cpu][cop1][interrupt]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.fpu().set_fgr(2, kOne);
  f.cpu.fpu().set_fgr(4, 0);
  f.cpu.fpu().set_fgr(0, 0x5a5a5a5a);
  Program p;
  p.li(t0, kCU1 | kIM7 | kIEc)({mtc0(t0, c0_status)}).li(t1, kEnableZ)({ctc1(t1, 31)});
  p({nop(), div_s(0, 2, 4), addiu(s0, zero, 1), halt()});  // div.s at word 7
  REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Int);
  CHECK(f.epc() == B + 4 * 7);
  CHECK_FALSE(f.cause_bd());
  CHECK((f.cause() & kIP7) == kIP7);
  CHECK((f.cpu.fpu().read_control(31) & kCauseZ) == kCauseZ);
  CHECK(f.cpu.fpu().fgr(0) == 0x5a5a5a5a);  // no result was written
  CHECK(f.cpu.gpr(s0) == 0);
}

TEST_CASE("cpu: an FP exception in a branch delay slot: EPC = the branch, BD = 1", "[cpu][cop1][interrupt]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.fpu().set_fgr(2, kOne);
  Program p;
  p.li(t0, kCU1 | kIM7 | kIEc)({mtc0(t0, c0_status)}).li(t1, kEnableZ)({ctc1(t1, 31)});
  p({beq(zero, zero, 2), div_s(0, 2, 4), halt(), halt()});  // beq at word 6
  REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Int);
  CHECK(f.epc() == B + 4 * 6);
  CHECK(f.cause_bd());
}

TEST_CASE("cpu: the FPA interrupt is level-held until CTC1 clears the cause bits", "[cpu][cop1][interrupt]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.fpu().set_fgr(2, kOne);
  Program p;
  // Interrupts off: the trap just sets IP7; execution goes on.
  p.li(t1, kEnableZ)({ctc1(t1, 31), div_s(0, 2, 4), mfc0(s0, c0_cause), cfc1(s1, 31), nop()});
  // Clear the cause (keep the enable): IP7 drops.
  p({ctc1(t1, 31), mfc0(s2, c0_cause)});
  // Trap again, then enable interrupts: the held request is taken right after the MTC0.
  p({div_s(0, 2, 4)}).li(t0, kCU1 | kIM7 | kIEc)({mtc0(t0, c0_status), addiu(s3, zero, 1), halt()});
  REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
  CHECK((f.cpu.gpr(s0) & kIP7) == kIP7);
  CHECK((f.cpu.gpr(s1) & kCauseZ) == kCauseZ);
  CHECK((f.cpu.gpr(s1) & kFlagZ) == 0);  // a trapping exception does not set the sticky flag
  CHECK((f.cpu.gpr(s2) & kIP7) == 0);
  CHECK(f.exc_code() == exc::Int);
  CHECK(f.epc() == B + 4 * 13);  // the instruction after the MTC0 (word 12)
  CHECK(f.cpu.gpr(s3) == 0);
}

TEST_CASE("cpu: an FP exception that is not enabled sets the sticky flag and does not interrupt",
          "[cpu][cop1][interrupt]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.fpu().set_fgr(2, kOne);
  f.cpu.set_cp0(c0_status, kCU1 | kIM7 | kIEc);
  REQUIRE(f.run_exit({div_s(0, 2, 4), mfc0(s0, c0_cause), cfc1(s1, 31), nop(), halt()}) == 0);
  CHECK((f.cpu.gpr(s0) & kIP7) == 0);
  CHECK((f.cpu.gpr(s1) & kFlagZ) == kFlagZ);
  CHECK(f.cpu.fpu().fgr(0) == 0x7f800000);  // +infinity
}

TEST_CASE("cpu: CTC1 that sets an enabled cause (or E) interrupts right after it", "[cpu][cop1][interrupt]") {
  // Software may raise the FPA interrupt itself by writing FCR31 (the line is a function
  // of cause & enable | E); with IP7 enabled it is taken before the next instruction.
  const bool step = GENERATE(false, true);
  for (u32 fcr31 : {kEnableZ | kCauseZ, 1u << 17 /* E */}) {
    INFO("fcr31 " << std::hex << fcr31);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cp0(c0_status, kCU1 | kIM7 | kIEc);
    Program p;
    p.li(t1, fcr31)({ctc1(t1, 31), addiu(s0, zero, 1), halt()});  // ctc1 at word 2
    REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Int);
    CHECK(f.epc() == B + 4 * 3);
    CHECK((f.cause() & kIP7) == kIP7);
    CHECK(f.cpu.gpr(s0) == 0);
  }
}
