// R2000/R3000 unaligned word access in little-endian mode: LWL/LWR/SWL/SWR for each of
// the four byte offsets, checked against the table in reference r3000-cpu.md §5 (values
// below are worked out by hand from that table), and the unaligned load/store idioms
// (`lwr X; lwl X+3`, `swr X; swl X+3`) at every alignment.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 D = CpuFixture::kDataBase;
// Memory bytes at D: 11 22 33 44, so the aligned word W = 0x44332211; rt = 0xaabbccdd.
constexpr u32 kW = 0x44332211, kRt = 0xaabbccdd;

u32 run_load(bool step, u32 insn) {
  CpuFixture f;
  f.set_single_step(step);
  f.poke32(D, kW);
  f.cpu.set_gpr(a0, D);
  f.cpu.set_gpr(t0, kRt);
  REQUIRE(f.run_exit({insn, nop(), halt()}) == 0);
  return f.cpu.gpr(t0);
}

u32 run_store(bool step, u32 insn) {
  CpuFixture f;
  f.set_single_step(step);
  f.poke32(D - 4, 0x5a5a5a5a);
  f.poke32(D, kW);
  f.poke32(D + 4, 0xa5a5a5a5);
  f.cpu.set_gpr(a0, D);
  f.cpu.set_gpr(t0, kRt);
  REQUIRE(f.run_exit({insn, halt()}) == 0);
  CHECK(f.peek32(D - 4) == 0x5a5a5a5a);  // neighbours untouched
  CHECK(f.peek32(D + 4) == 0xa5a5a5a5);
  return f.peek32(D);
}
}  // namespace

TEST_CASE("cpu: LWL merges the high bytes for each byte offset (little-endian table)", "[cpu][unaligned]") {
  const bool step = GENERATE(false, true);
  CHECK(run_load(step, lwl(t0, 0, a0)) == 0x11bbccdd);  // (rt & 0x00ffffff) | W << 24
  CHECK(run_load(step, lwl(t0, 1, a0)) == 0x2211ccdd);  // (rt & 0x0000ffff) | W << 16
  CHECK(run_load(step, lwl(t0, 2, a0)) == 0x332211dd);  // (rt & 0x000000ff) | W << 8
  CHECK(run_load(step, lwl(t0, 3, a0)) == 0x44332211);  // W
}

TEST_CASE("cpu: LWR merges the low bytes for each byte offset (little-endian table)", "[cpu][unaligned]") {
  const bool step = GENERATE(false, true);
  CHECK(run_load(step, lwr(t0, 0, a0)) == 0x44332211);  // W
  CHECK(run_load(step, lwr(t0, 1, a0)) == 0xaa443322);  // (rt & 0xff000000) | W >> 8
  CHECK(run_load(step, lwr(t0, 2, a0)) == 0xaabb4433);  // (rt & 0xffff0000) | W >> 16
  CHECK(run_load(step, lwr(t0, 3, a0)) == 0xaabbcc44);  // (rt & 0xffffff00) | W >> 24
}

TEST_CASE("cpu: SWL stores the high bytes of rt into the low bytes of the word", "[cpu][unaligned]") {
  const bool step = GENERATE(false, true);
  CHECK(run_store(step, swl(t0, 0, a0)) == 0x443322aa);  // byte 0 = rt[31:24]
  CHECK(run_store(step, swl(t0, 1, a0)) == 0x4433aabb);  // bytes 0,1 = rt[23:16], rt[31:24]
  CHECK(run_store(step, swl(t0, 2, a0)) == 0x44aabbcc);  // bytes 0..2 = rt[15:8] .. rt[31:24]
  CHECK(run_store(step, swl(t0, 3, a0)) == 0xaabbccdd);  // word = rt
}

TEST_CASE("cpu: SWR stores the low bytes of rt into the high bytes of the word", "[cpu][unaligned]") {
  const bool step = GENERATE(false, true);
  CHECK(run_store(step, swr(t0, 0, a0)) == 0xaabbccdd);  // word = rt
  CHECK(run_store(step, swr(t0, 1, a0)) == 0xbbccdd11);  // bytes 1..3 = rt[7:0] .. rt[23:16]
  CHECK(run_store(step, swr(t0, 2, a0)) == 0xccdd2211);  // bytes 2,3 = rt[7:0], rt[15:8]
  CHECK(run_store(step, swr(t0, 3, a0)) == 0xdd332211);  // byte 3 = rt[7:0]
}

TEST_CASE("cpu: the lwr/lwl idiom loads an unaligned word at every alignment", "[cpu][unaligned][loaddelay]") {
  const bool step = GENERATE(false, true);
  const bool lwl_first = GENERATE(false, true);
  for (u32 k = 0; k < 4; ++k) {
    INFO("offset " << k << (lwl_first ? " lwl first" : " lwr first"));
    CpuFixture f;
    f.set_single_step(step);
    // bytes D..D+11: 00 11 22 33 44 55 66 77 88 99 aa bb
    f.poke32(D, 0x33221100);
    f.poke32(D + 4, 0x77665544);
    f.poke32(D + 8, 0xbbaa9988);
    f.cpu.set_gpr(a1, D + k);
    f.cpu.set_gpr(t0, 0xdeadbeef);
    // The second instruction sits in the first one's load delay slot and merges into the
    // pending value (reference §4.2), so the idiom works back to back.
    const std::vector<u32> code = lwl_first
                                      ? std::vector<u32>{lwl(t0, 3, a1), lwr(t0, 0, a1), nop(), halt()}
                                      : std::vector<u32>{lwr(t0, 0, a1), lwl(t0, 3, a1), nop(), halt()};
    REQUIRE(f.run_exit(code) == 0);
    const u32 b = k * 0x11;  // the byte at D + k
    const u32 expected = b | (b + 0x11) << 8 | (b + 0x22) << 16 | (b + 0x33) << 24;
    CHECK(f.cpu.gpr(t0) == expected);
  }
}

TEST_CASE("cpu: the swr/swl idiom stores an unaligned word at every alignment", "[cpu][unaligned]") {
  const bool step = GENERATE(false, true);
  for (u32 k = 0; k < 4; ++k) {
    INFO("offset " << k);
    CpuFixture f;
    f.set_single_step(step);
    for (u32 i = 0; i < 12; i += 4) f.poke32(D + i, 0xeeeeeeee);
    f.cpu.set_gpr(a1, D + k);
    f.cpu.set_gpr(t0, 0xa1b2c3d4);
    REQUIRE(f.run_exit({swr(t0, 0, a1), swl(t0, 3, a1), halt()}) == 0);
    const u8 want[4] = {0xd4, 0xc3, 0xb2, 0xa1};
    for (u32 i = 0; i < 12; ++i) {
      INFO("byte " << i);
      const u8 expected = (i >= k && i < k + 4) ? want[i - k] : 0xee;
      CHECK(f.ram[0x10000 + i] == expected);
    }
  }
}

TEST_CASE("cpu: LWL/LWR/SWL/SWR through kseg1 behave the same", "[cpu][unaligned]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(D, kW);
  f.cpu.set_gpr(a0, D + 0x20000000);
  f.cpu.set_gpr(t0, kRt);
  f.cpu.set_gpr(t1, kRt);
  // The SWL sits in the LWR's delay slot but reads t0, which the LWL loaded two
  // instructions earlier; the SWR reads t1 after its delay slot: both see loaded values.
  REQUIRE(f.run_exit({lwl(t0, 1, a0), lwr(t1, 2, a0), swl(t0, 0x102, a0), swr(t1, 0x105, a0), halt()}) == 0);
  CHECK(f.cpu.gpr(t0) == 0x2211ccdd);
  CHECK(f.cpu.gpr(t1) == 0xaabb4433);
  // SWL, offset 2: bytes 0..2 = t0[15:8] 0xcc, t0[23:16] 0x11, t0[31:24] 0x22; byte 3 kept.
  CHECK(f.peek32(D + 0x100) == 0x002211cc);
  // SWR, offset 1: bytes 1..3 = t1[7:0] 0x33, t1[15:8] 0x44, t1[23:16] 0xbb; byte 0 kept.
  CHECK(f.peek32(D + 0x104) == 0xbb443300);
}
