// The MIPS I load delay on the R2000/R3000 (no interlock): each row of the table in
// reference r3000-cpu.md §4.2 — the delay-slot instruction sees the old value, a
// non-load write in the slot wins, a second load to the same register wins, a load to
// another register in the slot, LWL/LWR merging the pending value, an exception in the
// slot committing the older load — plus MFC0, and the delay crossing block boundaries
// (load in a branch delay slot, at the end of a full block, at the end of a page).
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
constexpr u32 D = CpuFixture::kDataBase;

// t0 starts at 1, memory holds 42 at D and 43 at D + 4; a0 = D.
void prepare(CpuFixture& f, bool step) {
  f.set_single_step(step);
  f.poke32(D, 42);
  f.poke32(D + 4, 43);
  f.cpu.set_gpr(a0, D);
  f.cpu.set_gpr(t0, 1);
}
}  // namespace

TEST_CASE("cpu: load delay: the delay-slot instruction sees the old value, the next one the new",
          "[cpu][loaddelay]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  REQUIRE(f.run_exit({lw(t0, 0, a0), addu(t1, t0, zero), addu(t2, t0, zero), halt()}) == 0);
  CHECK(f.cpu.gpr(t1) == 1);
  CHECK(f.cpu.gpr(t2) == 42);
  CHECK(f.cpu.gpr(t0) == 42);
}

TEST_CASE("cpu: load delay: every load width is delayed", "[cpu][loaddelay]") {
  const bool step = GENERATE(false, true);
  for (u32 insn : {lb(t0, 0, a0), lbu(t0, 0, a0), lh(t0, 0, a0), lhu(t0, 0, a0), lw(t0, 0, a0), lwl(t0, 3, a0),
                   lwr(t0, 0, a0)}) {
    INFO("insn " << std::hex << insn);
    CpuFixture f;
    prepare(f, step);
    REQUIRE(f.run_exit({insn, or_(t1, t0, zero), or_(t2, t0, zero), halt()}) == 0);
    CHECK(f.cpu.gpr(t1) == 1);
    CHECK(f.cpu.gpr(t2) == 42);
  }
}

TEST_CASE("cpu: load delay: the loaded register used as an address in the slot is the old value",
          "[cpu][loaddelay]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  f.poke32(D + 0x100, D + 0x200);  // a pointer
  f.poke32(D + 0x200, 0x0000beef);
  f.poke32(D + 0x300, 0x0000f00d);
  f.cpu.set_gpr(a1, D + 0x300);
  REQUIRE(f.run_exit({lw(a1, 0x100, a0), lw(s0, 0, a1), lw(s1, 0, a1), nop(), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0xf00d);  // through the old a1
  CHECK(f.cpu.gpr(s1) == 0xbeef);  // through the loaded pointer
}

TEST_CASE("cpu: load delay: a non-load write to the same register in the slot wins", "[cpu][loaddelay]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  REQUIRE(f.run_exit({lw(t0, 0, a0), addiu(t0, zero, 7), addu(t1, t0, zero), nop(), halt()}) == 0);
  CHECK(f.cpu.gpr(t0) == 7);
  CHECK(f.cpu.gpr(t1) == 7);
}

TEST_CASE("cpu: load delay: MFHI and JAL-style link writes in the slot also win", "[cpu][loaddelay]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  f.cpu.set_gpr(t1, 0x99);
  f.cpu.set_gpr(ra, 5);
  REQUIRE(f.run_exit({
              mthi(t1),
              lw(t0, 0, a0),
              mfhi(t0),             // slot: t0 = HI wins over the load
              lw(ra, 4, a0),
              bgezal(zero, 1),      // slot: links ra = B + 16 + 8; wins over the load
              nop(),
              nop(),
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(t0) == 0x99);
  CHECK(f.cpu.gpr(ra) == B + 24);
}

TEST_CASE("cpu: load delay: of two loads to the same register the second wins", "[cpu][loaddelay]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  REQUIRE(f.run_exit({lw(t0, 0, a0), lw(t0, 4, a0), addu(t1, t0, zero), addu(t2, t0, zero), halt()}) == 0);
  CHECK(f.cpu.gpr(t1) == 1);  // the first value is never seen
  CHECK(f.cpu.gpr(t2) == 43);
}

TEST_CASE("cpu: load delay: a load to another register in the slot; both land one instruction late",
          "[cpu][loaddelay]") {
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    prepare(f, step);
    f.cpu.set_gpr(t1, 5);
    REQUIRE(f.run_exit({
                lw(t0, 0, a0),       // t0 = 42, visible from the third instruction on
                lw(t1, 4, a0),       // in t0's slot; t1 = 43, visible from the fourth on
                addu(t2, t0, zero),  // t1's slot: t0 has landed
                addu(t3, t1, zero),  // after t1's slot: t1 has landed
                halt(),
            }) == 0);
    CHECK(f.cpu.gpr(t2) == 42);
    CHECK(f.cpu.gpr(t3) == 43);
  }
  {
    CpuFixture f;
    prepare(f, step);
    f.cpu.set_gpr(t1, 5);
    REQUIRE(f.run_exit({lw(t0, 0, a0), lw(t1, 4, a0), addu(t3, t1, zero), addu(t4, t1, zero), halt()}) == 0);
    CHECK(f.cpu.gpr(t3) == 5);  // in t1's delay slot
    CHECK(f.cpu.gpr(t4) == 43);
    CHECK(f.cpu.gpr(t0) == 42);
  }
}

TEST_CASE("cpu: load delay: LWL/LWR in a load's slot merge into the pending value", "[cpu][loaddelay][unaligned]") {
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    prepare(f, step);
    f.poke32(D + 8, 0x11223344);
    f.poke32(D + 12, 0x44332211);  // bytes 11 22 33 44
    // LWL at byte offset 1: (rt & 0x0000ffff) | W << 16, with rt = the pending 0x11223344.
    REQUIRE(f.run_exit({lw(t0, 8, a0), lwl(t0, 13, a0), nop(), halt()}) == 0);
    CHECK(f.cpu.gpr(t0) == 0x22113344);
  }
  {
    CpuFixture f;
    prepare(f, step);
    f.poke32(D + 8, 0x11223344);
    f.poke32(D + 12, 0x44332211);
    // LWR at byte offset 2: (rt & 0xffff0000) | W >> 16 with the pending 0x11223344.
    REQUIRE(f.run_exit({lw(t0, 8, a0), lwr(t0, 14, a0), nop(), halt()}) == 0);
    CHECK(f.cpu.gpr(t0) == 0x11224433);
  }
  {
    // A load to a different register in between: LWL merges into t0's current value.
    CpuFixture f;
    prepare(f, step);
    f.cpu.set_gpr(t0, 0xaabbccdd);
    f.poke32(D + 12, 0x44332211);
    REQUIRE(f.run_exit({lw(t1, 8, a0), lwl(t0, 13, a0), nop(), halt()}) == 0);
    CHECK(f.cpu.gpr(t0) == 0x2211ccdd);
  }
  {
    // LWL's own result is delayed too.
    CpuFixture f;
    prepare(f, step);
    f.cpu.set_gpr(t0, 0xaabbccdd);
    f.poke32(D + 12, 0x44332211);
    REQUIRE(f.run_exit({lwl(t0, 13, a0), addu(t1, t0, zero), addu(t2, t0, zero), halt()}) == 0);
    CHECK(f.cpu.gpr(t1) == 0xaabbccdd);
    CHECK(f.cpu.gpr(t2) == 0x2211ccdd);
  }
}

TEST_CASE("cpu: load delay: an exception in the slot commits the older load first", "[cpu][loaddelay][exception]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  // The ADD in the slot reads the old t0 (0x7fffffff) and overflows; the handler sees
  // the loaded value in t0.
  f.cpu.set_gpr(t0, 0x7fffffff);
  f.cpu.set_gpr(t3, 1);
  f.load(CpuFixture::kGeneralVector, {addu(s0, t0, zero), ori(k1, zero, 0x52), halt(k1)});
  REQUIRE(f.run_exit({lw(t0, 0, a0), add(t1, t0, t3), nop(), halt()}) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Ov);
  CHECK(f.epc() == B + 4);
  CHECK(f.cpu.gpr(t1) == 0);
  CHECK(f.cpu.gpr(s0) == 42);
}

TEST_CASE("cpu: load delay: a SYSCALL in the slot also commits the load", "[cpu][loaddelay][exception]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  f.load(CpuFixture::kGeneralVector, {addu(s0, t0, zero), ori(k1, zero, 0x52), halt(k1)});
  REQUIRE(f.run_exit({lw(t0, 0, a0), syscall(), nop(), halt()}) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Sys);
  CHECK(f.cpu.gpr(s0) == 42);
}

TEST_CASE("cpu: load delay: MFC0 is delayed like a load", "[cpu][loaddelay][cp0]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  // Status was set by the fixture to CU1 (bit 29).
  REQUIRE(f.run_exit({mfc0(t0, c0_status), addu(t1, t0, zero), addu(t2, t0, zero), halt()}) == 0);
  CHECK(f.cpu.gpr(t1) == 1);
  CHECK(f.cpu.gpr(t2) == (1u << 29));
}

TEST_CASE("cpu: load delay across blocks: a load in a branch delay slot, the target uses it",
          "[cpu][loaddelay][branch]") {
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    prepare(f, step);
    REQUIRE(f.run_exit({
                beq(zero, zero, 4),   // 0 -> 5
                lw(t0, 0, a0),        // 1 delay slot
                halt(), nop(), nop(),
                addu(t1, t0, zero),   // 5: the load's delay slot: old value
                addu(t2, t0, zero),   // 6: new value
                halt(),
            }) == 0);
    CHECK(f.cpu.gpr(t1) == 1);
    CHECK(f.cpu.gpr(t2) == 42);
  }
  {
    // The target overwrites the register in the slot: that write wins.
    CpuFixture f;
    prepare(f, step);
    f.cpu.set_gpr(t9, B + 12);
    REQUIRE(f.run_exit({jr(t9), lw(t0, 0, a0), halt(), addiu(t0, zero, 9), addu(t2, t0, zero), halt()}) == 0);
    CHECK(f.cpu.gpr(t0) == 9);
    CHECK(f.cpu.gpr(t2) == 9);
  }
  {
    // The target does not touch the register: the load lands normally.
    CpuFixture f;
    prepare(f, step);
    REQUIRE(f.run_exit({j(B + 12), lw(t0, 0, a0), halt(), nop(), addu(t2, t0, zero), halt()}) == 0);
    CHECK(f.cpu.gpr(t2) == 42);
  }
  {
    // Chain: the target's first instruction is itself a load to the same register.
    CpuFixture f;
    prepare(f, step);
    REQUIRE(f.run_exit({j(B + 12), lw(t0, 0, a0), halt(), lw(t0, 4, a0), addu(t1, t0, zero), addu(t2, t0, zero),
                        halt()}) == 0);
    CHECK(f.cpu.gpr(t1) == 1);
    CHECK(f.cpu.gpr(t2) == 43);
  }
}

TEST_CASE("cpu: load delay across blocks: an exception at the target commits the load first",
          "[cpu][loaddelay][exception]") {
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x7fffffff);
  f.cpu.set_gpr(t3, 1);
  f.load(CpuFixture::kGeneralVector, {addu(s0, t0, zero), ori(k1, zero, 0x52), halt(k1)});
  // The ADD at the jump target sits in the load's delay slot: it overflows with the old
  // t0, and the handler sees the loaded one.
  REQUIRE(f.run_exit({j(B + 12), lw(t0, 0, a0), halt(), add(t1, t0, t3), halt()}) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Ov);
  CHECK(f.epc() == B + 12);
  CHECK_FALSE(f.cause_bd());
  CHECK(f.cpu.gpr(s0) == 42);
  CHECK(f.cpu.gpr(t1) == 0);
}

TEST_CASE("cpu: load delay across blocks: a load in the last slot of a long straight-line run",
          "[cpu][loaddelay]") {
  // Straight-line code longer than any block: wherever the run is cut, the loads at
  // every position must keep their delay.
  const bool step = GENERATE(false, true);
  for (unsigned pos = 28; pos < 36; ++pos) {
    INFO("load at word " << pos);
    CpuFixture f;
    prepare(f, step);
    std::vector<u32> code(pos, nop());
    code.push_back(lw(t0, 0, a0));
    code.push_back(addu(t1, t0, zero));
    code.push_back(addu(t2, t0, zero));
    code.push_back(halt());
    REQUIRE(f.run_exit(code) == 0);
    CHECK(f.cpu.gpr(t1) == 1);
    CHECK(f.cpu.gpr(t2) == 42);
  }
}

TEST_CASE("cpu: load delay across a page boundary", "[cpu][loaddelay]") {
  const bool step = GENERATE(false, true);
  CpuFixture f;
  prepare(f, step);
  // The load is the last word of the page at 0x80001000; its slot is the first word of
  // the next page.
  f.load(0x80001ff8, {nop(), lw(t0, 0, a0), addu(t1, t0, zero), addu(t2, t0, zero), halt()});
  REQUIRE(f.run_exit_from(0x80001ff8) == 0);
  CHECK(f.cpu.gpr(t1) == 1);
  CHECK(f.cpu.gpr(t2) == 42);
}

TEST_CASE("cpu: load delay: a load followed directly by halt leaves the same state in both paths",
          "[cpu][loaddelay]") {
  // The halt (an `ori $zero` on hardware) retires, so the load has landed when the run
  // stops — whichever execution path ran it.
  CpuFixture f;
  prepare(f, GENERATE(false, true));
  REQUIRE(f.run_exit({addu(t1, t0, zero), lw(t0, 0, a0), halt()}) == 0);
  CHECK(f.cpu.gpr(t0) == 42);
}

TEST_CASE("cpu: load delay: an emulator op in the slot reads the old value and does not drop the load",
          "[cpu][loaddelay]") {
  // `ori $zero, $t0, 0xde00` is a plain instruction on hardware: it reads the old t0 and
  // writes nothing, so the load still lands.
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    prepare(f, step);
    f.cpu.set_gpr(t0, 0x37);
    REQUIRE(f.run_exit({lw(t0, 0, a0), halt(t0)}) == 0x37);
    CHECK(f.cpu.gpr(t0) == 42);
  }
  {
    CpuFixture f;
    prepare(f, step);
    unsigned calls = 0;
    u32 seen = 0;
    f.cpu.set_emu_op_handler([&](unsigned, u32 v) { ++calls, seen = v; });
    // 0xde10 = begin region: reads rs only.
    REQUIRE(f.run_exit({lw(t0, 0, a0), emu_op(t0, 0x10), addu(t1, t0, zero), halt()}) == 0);
    CHECK(calls == 1);
    CHECK(seen == 1);
    CHECK(f.cpu.gpr(t1) == 42);
  }
}
