// R2000/R3000 branches and jumps (reference r3000-cpu.md §3, §4.1): the delay slot is
// always executed, branch target = delay slot + (imm << 2), J/JAL keep the delay slot's
// top 4 address bits, links are branch + 8 (BLTZAL/BGEZAL link even when not taken), JR
// reads its register before the delay slot runs, REGIMM ignores rt bit 1 and raises RI
// for other rt values, BC0T/BC0F test CpCond0.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"
#include "emu/timing/timing_profile.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;

constexpr u32 regimm(u32 rs, u32 rt, s32 off) { return i_type(0x01, rs, rt, u32(off)); }

// Runs `branch` (an offset of +2 words, reading t0/t1) in the layout
//   0: branch -> 3     1: s1 += 1 (delay slot)     2: v0 = 1 (fall-through)     3: halt
// and returns whether it was taken. Also checks that the delay slot ran exactly once.
bool taken(bool step, u32 branch, u32 a, u32 b = 0, u32* link = nullptr) {
  CpuFixture f;
  f.set_single_step(step);
  f.cpu.set_gpr(t0, a);
  f.cpu.set_gpr(t1, b);
  const int status = f.run_exit({branch, addiu(s1, s1, 1), ori(v0, zero, 1), halt()});
  REQUIRE(status == 0);
  CHECK(f.cpu.gpr(s1) == 1);
  if (link) *link = f.cpu.gpr(ra);
  return f.cpu.gpr(v0) == 0;
}
}  // namespace

TEST_CASE("cpu: conditional branches test the right condition and always run the delay slot",
          "[cpu][branch]") {
  const bool step = GENERATE(false, true);
  const u32 values[] = {0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x1234};
  for (u32 v : values) {
    INFO("t0 = " << v << (step ? " (single-step)" : " (blocks)"));
    const s32 sv = s32(v);
    CHECK(taken(step, beq(t0, t1, 2), v, 0x1234) == (v == 0x1234));
    CHECK(taken(step, beq(t0, zero, 2), v) == (v == 0));
    CHECK(taken(step, bne(t0, t1, 2), v, 0x1234) == (v != 0x1234));
    CHECK(taken(step, blez(t0, 2), v) == (sv <= 0));
    CHECK(taken(step, bgtz(t0, 2), v) == (sv > 0));
    CHECK(taken(step, bltz(t0, 2), v) == (sv < 0));
    CHECK(taken(step, bgez(t0, 2), v) == (sv >= 0));
    CHECK(taken(step, bltzal(t0, 2), v) == (sv < 0));
    CHECK(taken(step, bgezal(t0, 2), v) == (sv >= 0));
  }
}

TEST_CASE("cpu: BLTZAL and BGEZAL link to branch + 8 whether or not they branch", "[cpu][branch]") {
  const bool step = GENERATE(false, true);
  u32 link = 0;
  CHECK(taken(step, bltzal(t0, 2), u32(-1), 0, &link));
  CHECK(link == B + 8);
  CHECK_FALSE(taken(step, bltzal(t0, 2), 1, 0, &link));
  CHECK(link == B + 8);
  CHECK(taken(step, bgezal(t0, 2), 0, 0, &link));
  CHECK(link == B + 8);
  CHECK_FALSE(taken(step, bgezal(t0, 2), u32(-5), 0, &link));
  CHECK(link == B + 8);
}

TEST_CASE("cpu: branch targets are relative to the delay slot, backwards and forwards", "[cpu][branch]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  REQUIRE(f.run_exit({
              j(B + 16),               // 0 -> 4
              addiu(s0, s0, 1),        // 1 delay slot
              ori(v0, zero, 7),        // 2 target of the backward branch
              halt(),                  // 3
              beq(zero, zero, -3),     // 4: (B + 20) - 12 = B + 8
              addiu(s0, s0, 1),        // 5 delay slot
              ori(v0, zero, 99),       // 6 never reached
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(v0) == 7);
  CHECK(f.cpu.gpr(s0) == 2);
}

TEST_CASE("cpu: a counted loop runs its body and delay slot the right number of times", "[cpu][branch]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  REQUIRE(f.run_exit({
              addiu(t0, zero, 100),
              addiu(t0, t0, -1),     // 1: loop
              bgtz(t0, -2),          // 2 -> 1
              addiu(s0, s0, 3),      // 3 delay slot: runs on every iteration, and the last
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(t0) == 0);
  CHECK(f.cpu.gpr(s0) == 300);
}

TEST_CASE("cpu: JAL and JALR link to branch + 8; JALR takes any rd", "[cpu][branch]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t9, B + 4 * 6);
  REQUIRE(f.run_exit({
              jal(B + 4 * 5),       // 0 -> 5
              addiu(s0, s0, 1),     // 1
              halt(),               // 2 (unused)
              nop(),
              nop(),
              jalr(s1, t9),         // 5 -> 6, s1 = B + 28
              addiu(s0, s0, 1),     // 6 (delay slot of the jalr, and its target... see below)
              halt(),               // 7
          }) == 0);
  // The JALR at 5 jumps to 6, so word 6 runs twice: as delay slot and as target.
  CHECK(f.cpu.gpr(ra) == B + 8);
  CHECK(f.cpu.gpr(s1) == B + 4 * 5 + 8);
  CHECK(f.cpu.gpr(s0) == 3);
}

TEST_CASE("cpu: JR and JALR read their register before the delay slot changes it", "[cpu][branch]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t9, B + 4 * 4);
  f.cpu.set_gpr(t8, B + 4 * 8);
  REQUIRE(f.run_exit({
              jr(t9),              // 0 -> 4 (not 4 + 2 words)
              addiu(t9, t9, 8),    // 1 delay slot changes t9
              halt(),              // 2
              nop(),
              jalr(t8, t8),        // 4: target is the old t8 (8); then t8 = link
              addiu(s0, s0, 1),    // 5
              ori(v0, zero, 0xbad),// 6 skipped
              halt(),              // 7
              ori(v1, zero, 0x600d),  // 8
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(t9) == B + 4 * 4 + 8);
  CHECK(f.cpu.gpr(t8) == B + 4 * 4 + 8);
  CHECK(f.cpu.gpr(v0) == 0);
  CHECK(f.cpu.gpr(v1) == 0x600d);
  CHECK(f.cpu.gpr(s0) == 1);
}

TEST_CASE("cpu: J and JAL take the top 4 address bits from the delay slot address", "[cpu][branch][tlb]") {
  // A J in the last word below 0x10000000: its delay slot (0x10000000) is in the next
  // 256 MiB region, so the target is 0x10000000 | (index << 2), not 0x00000000 | ... .
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 kG = 1u << 8, kV = 1u << 9, kD = 1u << 10;
  f.tlb_write(8, 0x0ffff000, 0x00020000 | kD | kV | kG);
  f.tlb_write(9, 0x10000000, 0x00021000 | kD | kV | kG);
  f.poke32(0x80020ffc, jal(0x00000100));         // VA 0x0ffffffc
  f.poke32(0x80021000, addiu(s0, s0, 1));        // VA 0x10000000: delay slot
  f.poke32(0x80021100, halt());                  // VA 0x10000100: the right target
  CHECK(f.run_exit_from(0x0ffffffc) == 0);
  CHECK(f.cpu.gpr(s0) == 1);
  CHECK(f.cpu.gpr(ra) == 0x10000004);
  CHECK(f.cpu.pc() == 0x10000104);
}

TEST_CASE("cpu: REGIMM ignores rt bit 1: the MIPS II likely encodings act as plain branches",
          "[cpu][branch]") {
  const bool step = GENERATE(false, true);
  // rt 0x02 = BLTZL, 0x03 = BGEZL, 0x12 = BLTZALL, 0x13 = BGEZALL on MIPS II. On the
  // R2000/R3000 they are BLTZ/BGEZ/BLTZAL/BGEZAL: the delay slot runs even when not taken.
  u32 link = 0;
  CHECK(taken(step, regimm(t0, 0x02, 2), u32(-1)));
  CHECK_FALSE(taken(step, regimm(t0, 0x02, 2), 1));
  CHECK(taken(step, regimm(t0, 0x03, 2), 0));
  CHECK_FALSE(taken(step, regimm(t0, 0x03, 2), u32(-1)));
  CHECK_FALSE(taken(step, regimm(t0, 0x12, 2), 0, 0, &link));
  CHECK(link == B + 8);
  CHECK(taken(step, regimm(t0, 0x13, 2), 3, 0, &link));
  CHECK(link == B + 8);
}

TEST_CASE("cpu: REGIMM with any other rt is a reserved instruction", "[cpu][branch][exception]") {
  const bool step = GENERATE(false, true);
  // 0x04, 0x05 unused; 0x08..0x0e are the MIPS II trap-immediate encodings (tgei, teqi, ...).
  for (u32 rt : {0x04u, 0x05u, 0x06u, 0x07u, 0x08u, 0x09u, 0x0au, 0x0bu, 0x0cu, 0x0eu, 0x14u, 0x18u, 0x1fu}) {
    INFO("rt = " << rt);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(t0, u32(-1));
    CHECK(f.run_exit({nop(), regimm(t0, rt, 2), addiu(s0, s0, 1), halt(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::RI);
    CHECK(f.epc() == B + 4);
    CHECK(f.cpu.gpr(s0) == 0);
    CHECK(f.cpu.gpr(ra) == 0);
  }
}

TEST_CASE("cpu: BC0T / BC0F test CpCond0 (the DECstation write-buffer-empty input)", "[cpu][branch][cp0]") {
  const bool step = GENERATE(false, true);
  auto run = [&](u32 branch, bool cond) {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cpcond0([cond] { return cond; });
    REQUIRE(f.run_exit({branch, addiu(s1, s1, 1), ori(v0, zero, 1), halt()}) == 0);
    CHECK(f.cpu.gpr(s1) == 1);
    return f.cpu.gpr(v0) == 0;
  };
  CHECK(run(bc0t(2), true));
  CHECK_FALSE(run(bc0t(2), false));
  CHECK_FALSE(run(bc0f(2), true));
  CHECK(run(bc0f(2), false));
  // Without a board hook the condition reads true (write buffer always empty).
  CpuFixture f;
  f.set_single_step(step);
  REQUIRE(f.run_exit({bc0f(2), nop(), ori(v0, zero, 1), halt()}) == 0);
  CHECK(f.cpu.gpr(v0) == 1);
}

TEST_CASE("cpu: J also takes the top 4 address bits from the delay slot address", "[cpu][branch][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 kG = 1u << 8, kV = 1u << 9, kD = 1u << 10;
  f.tlb_write(8, 0x0ffff000, 0x00020000 | kD | kV | kG);
  f.tlb_write(9, 0x10000000, 0x00021000 | kD | kV | kG);
  f.poke32(0x80020ffc, j(0x00000100));    // VA 0x0ffffffc
  f.poke32(0x80021000, addiu(s0, s0, 1)); // VA 0x10000000: delay slot
  f.poke32(0x80021100, halt());           // VA 0x10000100: the right target (0x00000100 is unmapped)
  CHECK(f.run_exit_from(0x0ffffffc) == 0);
  CHECK(f.cpu.gpr(s0) == 1);
  CHECK(f.cpu.gpr(ra) == 0);
  CHECK(f.cpu.pc() == 0x10000104);
}

TEST_CASE("cpu: with the timing model, BC0F waits while the write buffer holds stores", "[cpu][branch][cp0][timing]") {
  // The DECstation wbflush idiom: `1: bc0f 1b; nop`. Without the timing model every store
  // has retired at once (CpCond0 always true). With it the loop spins until the buffer has
  // written its entries to memory. The program runs twice: in the first pass the I-cache
  // misses (a refill reads memory, which waits for the buffer to drain); in the second
  // every fetch hits and only the wbflush loop waits.
  static const TimingProfile profile = timing_profile_for("ds3100");
  for (bool timed : {false, true}) {
    INFO((timed ? "timing" : "functional"));
    CpuConfig cfg;
    if (timed) cfg.timing = &profile;
    CpuFixture f(cfg);
    f.cpu.set_gpr(a0, 0xa0000000 | (CpuFixture::kDataBase & 0x1fffffff));  // uncached stores
    f.cpu.set_gpr(t1, 2);
    REQUIRE(f.run_exit({
                addu(s0, zero, zero),                             // 0: pass
                sw(t0, 0, a0), sw(t0, 4, a0), sw(t0, 8, a0),      // 1-3
                bc0f(-1), addiu(s0, s0, 1),                       // 4-5: wbflush, counting turns
                addiu(t1, t1, -1), bgtz(t1, -8), nop(),           // 6-8
                bc0f(-1), addiu(s1, s1, 1),                       // 9-10: nothing left to wait for
                halt(),
            }) == 0);
    if (timed) {
      CHECK(f.cpu.gpr(s0) > 1);  // spun while the three stores drained
      CHECK(f.cpu.gpr(s0) <= 3 * profile.mem_write);
    } else {
      CHECK(f.cpu.gpr(s0) == 1);
    }
    CHECK(f.cpu.gpr(s1) == 1);
  }
}
