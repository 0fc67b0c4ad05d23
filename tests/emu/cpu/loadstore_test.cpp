// R2000/R3000 aligned loads and stores (reference r3000-cpu.md §3, §6, §8): LB/LBU/LH/LHU/LW
// sign and zero extension in the little-endian byte order DECstations use, SB/SH/SW
// partial-word stores, address computation with negative offsets, kseg0/kseg1 aliasing,
// and misaligned LH/LHU/LW/SH/SW raising AdEL/AdES with BadVAddr and no side effects.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
constexpr u32 D = CpuFixture::kDataBase;
}  // namespace

TEST_CASE("cpu: byte and halfword loads sign- or zero-extend, in little-endian order", "[cpu][loadstore]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  // Memory bytes at D: 80 7f ff 01 | 01 80 ff 7f
  f.poke32(D, 0x01ff7f80);
  f.poke32(D + 4, 0x7fff8001);
  f.cpu.set_gpr(a0, D);
  REQUIRE(f.run_exit({
              lb(s0, 0, a0),   // 0x80 -> sign-extended
              lbu(s1, 0, a0),  // 0x80 -> zero-extended
              lb(s2, 1, a0),   // 0x7f
              lb(s3, 2, a0),   // 0xff
              lbu(s4, 3, a0),  // 0x01
              lh(s5, 0, a0),   // bytes 80 7f -> 0x7f80
              lh(s6, 4, a0),   // bytes 01 80 -> 0x8001, sign-extended
              lhu(s7, 4, a0),  // 0x8001 zero-extended
              lh(t8, 6, a0),   // bytes ff 7f -> 0x7fff
              lw(t9, 0, a0),
              nop(),
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(s0) == 0xffffff80);
  CHECK(f.cpu.gpr(s1) == 0x00000080);
  CHECK(f.cpu.gpr(s2) == 0x0000007f);
  CHECK(f.cpu.gpr(s3) == 0xffffffff);
  CHECK(f.cpu.gpr(s4) == 0x00000001);
  CHECK(f.cpu.gpr(s5) == 0x00007f80);
  CHECK(f.cpu.gpr(s6) == 0xffff8001);
  CHECK(f.cpu.gpr(s7) == 0x00008001);
  CHECK(f.cpu.gpr(t8) == 0x00007fff);
  CHECK(f.cpu.gpr(t9) == 0x01ff7f80);
}

TEST_CASE("cpu: SB and SH store the low bits into their bytes only; SW the whole word", "[cpu][loadstore]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(D, 0x11223344);
  f.poke32(D + 4, 0x55667788);
  f.poke32(D + 8, 0x99aabbcc);
  f.cpu.set_gpr(a0, D);
  f.cpu.set_gpr(t0, 0xdeadbeaa);
  f.cpu.set_gpr(t1, 0xcafebbcc);
  f.cpu.set_gpr(t2, 0x01020304);
  REQUIRE(f.run_exit({sb(t0, 1, a0), sh(t1, 6, a0), sb(t0, 4, a0), sw(t2, 8, a0), halt()}) == 0);
  CHECK(f.peek32(D) == 0x1122aa44);      // byte 1 = 0xaa
  CHECK(f.peek32(D + 4) == 0xbbcc77aa);  // bytes 2-3 = 0xbbcc, byte 0 = 0xaa
  CHECK(f.peek32(D + 8) == 0x01020304);
  CHECK(f.ram[0x10000 + 1] == 0xaa);      // and in host memory order
  CHECK(f.ram[0x10000 + 6] == 0xcc);
  CHECK(f.ram[0x10000 + 7] == 0xbb);
}

TEST_CASE("cpu: the effective address is base + sign-extended offset", "[cpu][loadstore]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(D - 4, 0xaaaa0001);
  f.poke32(D + 0x7ffc, 0xbbbb0002);
  f.cpu.set_gpr(a0, D);
  f.cpu.set_gpr(a1, D + 0x8000);
  f.cpu.set_gpr(t0, 0x77);
  REQUIRE(f.run_exit({lw(s0, -4, a0), lw(s1, 0x7ffc, a0), lw(s2, -0x8000 + 0x7ffc, a1), sw(t0, -0x8000, a1),
                      nop(), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0xaaaa0001);
  CHECK(f.cpu.gpr(s1) == 0xbbbb0002);
  CHECK(f.cpu.gpr(s2) == 0xbbbb0002);
  CHECK(f.peek32(D) == 0x77);
}

TEST_CASE("cpu: kseg0 and kseg1 reach the same physical memory", "[cpu][loadstore]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(a0, D);               // kseg0
  f.cpu.set_gpr(a1, D + 0x20000000);  // kseg1 alias
  f.cpu.set_gpr(t0, 0x13572468);
  REQUIRE(f.run_exit({sw(t0, 0, a1), lw(s0, 0, a0), sh(zero, 0, a0), lw(s1, 0, a1), nop(), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x13572468);
  CHECK(f.cpu.gpr(s1) == 0x13570000);
}

TEST_CASE("cpu: misaligned LH, LHU and LW raise AdEL with BadVAddr; the target is not written",
          "[cpu][loadstore][exception]") {
  struct Case {
    const char* what;
    u32 insn;
    u32 addr;
  };
  const Case cases[] = {
      {"lh +1", lh(s0, 1, a0), D + 1},   {"lhu +3", lhu(s0, 3, a0), D + 3}, {"lw +1", lw(s0, 1, a0), D + 1},
      {"lw +2", lw(s0, 2, a0), D + 2},   {"lw +3", lw(s0, 7, a0), D + 7},
  };
  const bool step = GENERATE(false, true);
  for (const Case& c : cases) {
    INFO(c.what);
    CpuFixture f;
    f.set_single_step(step);
    f.poke32(D, 0x12345678);
    f.cpu.set_gpr(a0, D);
    f.cpu.set_gpr(s0, 0x5a5a5a5a);
    REQUIRE(f.run_exit({nop(), c.insn, addiu(s1, zero, 1), nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::AdEL);
    CHECK(f.badvaddr() == c.addr);
    CHECK(f.epc() == B + 4);
    CHECK(f.cpu.gpr(s0) == 0x5a5a5a5a);
    CHECK(f.cpu.gpr(s1) == 0);
  }
}

TEST_CASE("cpu: misaligned SH and SW raise AdES with BadVAddr; memory is not written",
          "[cpu][loadstore][exception]") {
  struct Case {
    const char* what;
    u32 insn;
    u32 addr;
  };
  const Case cases[] = {
      {"sh +1", sh(t0, 1, a0), D + 1}, {"sh +3", sh(t0, 3, a0), D + 3},
      {"sw +2", sw(t0, 2, a0), D + 2}, {"sw -1", sw(t0, -1, a0), D - 1},
  };
  const bool step = GENERATE(false, true);
  for (const Case& c : cases) {
    INFO(c.what);
    CpuFixture f;
    f.set_single_step(step);
    f.poke32(D - 4, 0x11111111);
    f.poke32(D, 0x22222222);
    f.cpu.set_gpr(a0, D);
    f.cpu.set_gpr(t0, 0xffffffff);
    REQUIRE(f.run_exit({c.insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::AdES);
    CHECK(f.badvaddr() == c.addr);
    CHECK(f.epc() == B);
    CHECK(f.peek32(D - 4) == 0x11111111);
    CHECK(f.peek32(D) == 0x22222222);
  }
}

TEST_CASE("cpu: byte loads and stores at any alignment never raise address errors", "[cpu][loadstore]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(a0, D + 3);
  f.cpu.set_gpr(t0, 0x42);
  REQUIRE(f.run_exit({sb(t0, 0, a0), lbu(s0, 0, a0), sb(t0, -2, a0), lb(s1, -2, a0), nop(), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x42);
  CHECK(f.cpu.gpr(s1) == 0x42);
  CHECK(f.peek32(D) == 0x42004200);
}
