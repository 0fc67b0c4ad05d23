// R2000/R3000 system control coprocessor (CP0) registers as software sees them through
// MFC0/MTC0 (reference r3000-cpu.md §7, §6.3, §13): write masks of Index, EntryLo,
// EntryHi, Context, Status and Cause; read-only Random (63 at reset, one step down per
// cycle, 8..63), BadVAddr, EPC and PRId; absent registers reading 0; the KU/IE stack
// pushed by exceptions and popped by RFE; CU0 gating CP0 in user mode only.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
constexpr u32 kUserCode = 0x00400000;  // mapped to physical 0x40000 by map_user_code()
constexpr u32 kCU0 = 1u << 28, kCU1 = 1u << 29, kBEV = 1u << 22;

void map_user_code(CpuFixture& f) {
  const u32 kG = 1u << 8, kV = 1u << 9, kD = 1u << 10;
  f.tlb_write(0, kUserCode, 0x00040000 | kD | kV | kG);
}
}  // namespace

TEST_CASE("cpu: CP0 Index, EntryLo, EntryHi and Context keep only their defined bits", "[cpu][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xffffffff);
  REQUIRE(f.run_exit({
              mtc0(t0, c0_index), mtc0(t0, c0_entrylo), mtc0(t0, c0_entryhi), mtc0(t0, c0_context),
              mfc0(s0, c0_index), mfc0(s1, c0_entrylo), mfc0(s2, c0_entryhi), mfc0(s3, c0_context),
              mtc0(zero, c0_index), mtc0(zero, c0_entrylo), mtc0(zero, c0_entryhi), mtc0(zero, c0_context),
              mfc0(s4, c0_index), mfc0(s5, c0_entrylo), mfc0(s6, c0_entryhi), mfc0(s7, c0_context),
              nop(), halt(),
          }) == 0);
  CHECK(f.cpu.gpr(s0) == 0x00003f00);  // index 13:8; P (bit 31) is not writable
  CHECK(f.cpu.gpr(s1) == 0xffffff00);  // PFN N D V G
  CHECK(f.cpu.gpr(s2) == 0xffffffc0);  // VPN PID
  CHECK(f.cpu.gpr(s3) == 0xffe00000);  // PTEBase; BadVPN is read-only
  CHECK(f.cpu.gpr(s4) == 0);
  CHECK(f.cpu.gpr(s5) == 0);
  CHECK(f.cpu.gpr(s6) == 0);
  CHECK(f.cpu.gpr(s7) == 0);
}

TEST_CASE("cpu: CP0 Cause: only the software interrupt bits IP1:0 are writable", "[cpu][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xffffffff);
  REQUIRE(f.run_exit({mtc0(t0, c0_cause), mfc0(s0, c0_cause), mtc0(zero, c0_cause), mfc0(s1, c0_cause), nop(),
                      halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x00000300);
  CHECK(f.cpu.gpr(s1) == 0);
}

TEST_CASE("cpu: CP0 Status: software writes only the defined writable bits", "[cpu][cp0]") {
  CpuFixture f;
  // Through the MTC0 semantics (host side: all ones would switch the guest to user mode).
  f.cpu.set_cp0(c0_status, 0xffffffff);
  const u32 v = f.cpu.cp0(c0_status);
  const u32 kRE = 1u << 25;  // R3000A reverse-endian bit: the model accepts and ignores it (cp0.h)
  // CU3..0, BEV, PZ, SwC, IsC, IM7..0, KUo IEo KUp IEp KUc IEc.
  CHECK((v & ~kRE) == 0xf047ff3f);
  // Bits 27:26, 24:23, 7:6 are zero; CM (19), PE (20), TS (21) are set only by hardware.
  CHECK((v & 0x0d8000c0) == 0);
  CHECK((v & 0x00380000) == 0);
  f.cpu.set_cp0(c0_status, 0);
  CHECK(f.cpu.cp0(c0_status) == 0);

  // And through guest MTC0/MFC0 (kernel mode, interrupts off).
  CpuFixture g;
  g.set_single_step(GENERATE(false, true));
  // CU1 CU0, BEV, PZ, IM = 0xa5, KUo=1 IEo=0 KUp=1 IEp=1 KUc=0 IEc=0.
  g.map_boot_rom();
  g.cpu.set_gpr(t0, 0x3044a52c);
  REQUIRE(g.run_exit({mtc0(t0, c0_status), mfc0(s0, c0_status), nop(), halt()}) == 0);
  CHECK(g.cpu.gpr(s0) == 0x3044a52c);
}

TEST_CASE("cpu: CP0 EPC, BadVAddr and PRId are read-only; PRId is configurable", "[cpu][cp0]") {
  CpuConfig cfg;
  cfg.prid = 0x0230;  // R3000A
  CpuFixture f(cfg);
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x12345678);
  f.cpu.set_gpr(a0, CpuFixture::kDataBase + 1);
  // An address error gives EPC and BadVAddr known values; the handler then tries to
  // overwrite them.
  f.load(CpuFixture::kGeneralVector, {mtc0(t0, c0_epc), mtc0(t0, c0_badvaddr), mtc0(t0, c0_prid), mfc0(s0, c0_epc),
                                      mfc0(s1, c0_badvaddr), mfc0(s2, c0_prid), nop(), halt()});
  REQUIRE(f.run_exit({nop(), lw(t1, 0, a0), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == B + 4);
  CHECK(f.cpu.gpr(s1) == CpuFixture::kDataBase + 1);
  CHECK(f.cpu.gpr(s2) == 0x0230);

  CpuFixture d;  // default: R3000, as real DS3100 and 5000/200 report
  CHECK(d.cpu.cp0(c0_prid) == 0x0220);
}

TEST_CASE("cpu: CP0 registers the R3000 does not have read as zero", "[cpu][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xffffffff);
  const unsigned absent[] = {3, 5, 6, 7, 9, 11, 16, 17, 20, 24, 31};
  std::vector<u32> code;
  for (unsigned r : absent) code.push_back(mtc0(t0, r));
  for (unsigned i = 0; i < std::size(absent); ++i) code.push_back(mfc0(s0 + (i % 8), absent[i]));
  code.push_back(nop());
  code.push_back(halt());
  for (unsigned r = s0; r <= s7; ++r) f.cpu.set_gpr(r, 0x5a5a5a5a);
  REQUIRE(f.run_exit(code) == 0);
  for (unsigned r = s0; r <= s7; ++r) CHECK(f.cpu.gpr(r) == 0);
}

TEST_CASE("cpu: CP0 Random is 63 at reset and steps down once per cycle from 63 to 8", "[cpu][cp0]") {
  CpuFixture f;
  CHECK(f.cpu.cp0(c0_random) == (63u << 8));
  // 56 values per period: 63, 62, ..., 8, then 63 again.
  for (u32 t = 0; t < 200; ++t) {
    f.sched.advance_to(t);
    const u32 expected = 63 - (t % 56);
    INFO("cycle " << t);
    REQUIRE(f.cpu.cp0(c0_random) == (expected << 8));
  }
  f.sched.advance_to(55);
  CHECK(f.cpu.cp0(c0_random) == (8u << 8));
  f.sched.advance_to(56);
  CHECK(f.cpu.cp0(c0_random) == (63u << 8));
}

TEST_CASE("cpu: CP0 Random read by the guest: one step per instruction, and not writable", "[cpu][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xffffffff);
  // Each instruction takes one cycle from reset (cycle 0), so the k-th reads 63 - k.
  REQUIRE(f.run_exit({mfc0(s0, c0_random), mfc0(s1, c0_random), mtc0(t0, c0_random), nop(), mfc0(s2, c0_random),
                      nop(), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == (63u << 8));
  CHECK(f.cpu.gpr(s1) == (62u << 8));
  CHECK(f.cpu.gpr(s2) == (59u << 8));
}

TEST_CASE("cpu: exceptions push the KU/IE stack; RFE pops it", "[cpu][cp0][exception]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  // KUo=0 IEo=1 | KUp=1 IEp=0 | KUc=0 IEc=1 (no interrupt is pending, so IEc is harmless).
  f.cpu.set_cp0(c0_status, kCU1 | 0x19);
  f.load(CpuFixture::kGeneralVector, {mfc0(s0, c0_status), rfe(), mfc0(s1, c0_status), nop(), halt()});
  REQUIRE(f.run_exit({syscall(), halt()}) == 0);
  // After the push: (KUo,IEo) = old (KUp,IEp) = (1,0); (KUp,IEp) = old (KUc,IEc) = (0,1); current (0,0).
  CHECK(f.cpu.gpr(s0) == (kCU1 | 0x24));
  // After RFE: current = (KUp,IEp) = (0,1); previous = (KUo,IEo) = (1,0); old unchanged (1,0).
  CHECK(f.cpu.gpr(s1) == (kCU1 | 0x29));
}

TEST_CASE("cpu: RFE twice shifts the old pair down to the current one", "[cpu][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  // KUo=0 IEo=1 | KUp=0 IEp=0 | KUc=0 IEc=0
  f.cpu.set_cp0(c0_status, 0x10);
  REQUIRE(f.run_exit({rfe(), mfc0(s0, c0_status), rfe(), mfc0(s1, c0_status), nop(), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x14);  // (0,1) (0,1) (0,0)
  CHECK(f.cpu.gpr(s1) == 0x15);  // (0,1) (0,1) (0,1)
}

TEST_CASE("cpu: CP0 instructions raise CpU (CE = 0) in user mode without CU0", "[cpu][cp0][exception]") {
  const bool step = GENERATE(false, true);
  const u32 insns[] = {mfc0(t0, c0_status), mtc0(zero, c0_cause), rfe(), tlbr(), tlbwi(), tlbwr(), tlbp(), bc0f(1)};
  for (u32 insn : insns) {
    INFO("insn " << std::hex << insn);
    CpuFixture f;
    f.set_single_step(step);
    map_user_code(f);
    f.cpu.set_gpr(t0, 0x77);
    f.load(0x80040000, {nop(), insn, nop(), halt()});
    f.enter_user_mode();
    REQUIRE(f.run_exit_from(kUserCode) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::CpU);
    CHECK(f.cause_ce() == 0);
    CHECK(f.epc() == kUserCode + 4);
    CHECK(f.cpu.gpr(t0) == 0x77);
    CHECK((f.status() & 0x3f) == 0x08);  // KUp = 1 (came from user mode), now kernel
  }
}

TEST_CASE("cpu: with CU0 set, user mode may use CP0", "[cpu][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  map_user_code(f);
  f.load(0x80040000, {mfc0(t0, c0_prid), nop(), addu(s0, t0, zero), halt()});
  f.cpu.set_cp0(c0_status, kCU0 | kCU1);
  f.enter_user_mode();
  REQUIRE(f.run_exit_from(kUserCode) == 0);
  CHECK(f.cpu.gpr(s0) == 0x0220);
}

TEST_CASE("cpu: kernel mode may use CP0 without CU0", "[cpu][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_cp0(c0_status, kBEV);  // CU0 = 0, kernel mode
  f.map_boot_rom();
  REQUIRE(f.run_exit({mfc0(t0, c0_status), mtc0(zero, c0_status), nop(), addu(s0, t0, zero), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == kBEV);
  CHECK(f.status() == 0);
}

TEST_CASE("cpu: reset sets Random back to 63, whatever the cycle count", "[cpu][cp0]") {
  CpuFixture f;
  f.sched.advance_to(1000);  // Random = 63 - (1000 mod 56) = 15 by now
  REQUIRE(f.cpu.cp0(c0_random) == (15u << 8));
  f.cpu.reset();
  CHECK(f.cpu.cp0(c0_random) == (63u << 8));
  f.sched.advance_to(1001);
  CHECK(f.cpu.cp0(c0_random) == (62u << 8));
}

TEST_CASE("cpu: CP0 PRId and FCR0 take the configured R2000/R3000 values", "[cpu][cp0][cop1]") {
  struct Case {
    u32 prid, fcr0;
  };
  // R2000 / R2010, R3000 / R3010 (reference §1; what real DECstations report: 0x0220 / 0x0320).
  for (Case c : {Case{0x0100, 0x0200}, Case{0x0220, 0x0320}}) {
    CpuConfig cfg;
    cfg.prid = c.prid;
    cfg.fcr0 = c.fcr0;
    CpuFixture f(cfg);
    REQUIRE(f.run_exit({mfc0(s0, c0_prid), cfc1(s1, 0), nop(), halt()}) == 0);
    CHECK(f.cpu.gpr(s0) == c.prid);
    CHECK(f.cpu.gpr(s1) == c.fcr0);
  }
}
