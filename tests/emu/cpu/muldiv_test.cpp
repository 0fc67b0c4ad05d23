// R2000/R3000 multiply/divide unit: MULT/MULTU/DIV/DIVU results in HI/LO including
// negative operands (quotient truncated toward zero, remainder with the dividend's sign),
// the non-trapping divide by zero and 0x80000000 / -1 (reference r3000-cpu.md §3, values
// from psx-spx measurements on the R3000A), and MTHI/MTLO/MFHI/MFLO.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
struct HiLo {
  u32 hi, lo;
};

// Run `op t0, t1` and read HI/LO back through MFHI/MFLO.
HiLo run(bool step, u32 op, u32 a, u32 b) {
  CpuFixture f;
  f.set_single_step(step);
  f.cpu.set_gpr(t0, a);
  f.cpu.set_gpr(t1, b);
  REQUIRE(f.run_exit({op, mfhi(s0), mflo(s1), halt()}) == 0);
  CHECK(f.cpu.hi() == f.cpu.gpr(s0));
  CHECK(f.cpu.lo() == f.cpu.gpr(s1));
  return {f.cpu.gpr(s0), f.cpu.gpr(s1)};
}

void check(HiLo got, u32 hi, u32 lo) {
  CHECK(got.hi == hi);
  CHECK(got.lo == lo);
}
}  // namespace

TEST_CASE("cpu: MULT gives the signed 64-bit product in HI:LO", "[cpu][muldiv]") {
  const bool step = GENERATE(false, true);
  check(run(step, mult(t0, t1), 6, 7), 0, 42);
  check(run(step, mult(t0, t1), u32(-3), 5), 0xffffffff, 0xfffffff1);          // -15
  check(run(step, mult(t0, t1), u32(-1), u32(-1)), 0, 1);
  check(run(step, mult(t0, t1), 0x80000000, 0x80000000), 0x40000000, 0);        // 2^62
  check(run(step, mult(t0, t1), 0x7fffffff, 0x80000000), 0xc0000000, 0x80000000);  // -(2^62 - 2^31)
  check(run(step, mult(t0, t1), 0x10000, 0x10000), 1, 0);
}

TEST_CASE("cpu: MULTU gives the unsigned 64-bit product in HI:LO", "[cpu][muldiv]") {
  const bool step = GENERATE(false, true);
  check(run(step, multu(t0, t1), 0xffffffff, 0xffffffff), 0xfffffffe, 0x00000001);
  check(run(step, multu(t0, t1), 0x80000000, 2), 1, 0);
  check(run(step, multu(t0, t1), u32(-3), 5), 4, 0xfffffff1);
}

TEST_CASE("cpu: DIV truncates toward zero; the remainder takes the dividend's sign", "[cpu][muldiv]") {
  const bool step = GENERATE(false, true);
  check(run(step, div(t0, t1), 7, 2), 1, 3);
  check(run(step, div(t0, t1), u32(-7), 2), u32(-1), u32(-3));
  check(run(step, div(t0, t1), 7, u32(-2)), 1, u32(-3));
  check(run(step, div(t0, t1), u32(-7), u32(-2)), u32(-1), 3);
  check(run(step, div(t0, t1), 0x80000000, 2), 0, 0xc0000000);
}

TEST_CASE("cpu: DIVU divides unsigned", "[cpu][muldiv]") {
  const bool step = GENERATE(false, true);
  check(run(step, divu(t0, t1), 0xffffffff, 2), 1, 0x7fffffff);
  check(run(step, divu(t0, t1), u32(-7), u32(-2)), u32(-7), 0);  // 0xfffffff9 < 0xfffffffe
  check(run(step, divu(t0, t1), 100, 7), 2, 14);
}

TEST_CASE("cpu: division by zero does not trap and gives the measured HI/LO", "[cpu][muldiv]") {
  const bool step = GENERATE(false, true);
  // DIV x/0: LO = (x >= 0 ? 0xffffffff : 1), HI = x.
  check(run(step, div(t0, t1), 5, 0), 5, 0xffffffff);
  check(run(step, div(t0, t1), 0, 0), 0, 0xffffffff);
  check(run(step, div(t0, t1), u32(-5), 0), u32(-5), 1);
  check(run(step, div(t0, t1), 0x80000000, 0), 0x80000000, 1);
  // DIVU x/0: LO = 0xffffffff, HI = x.
  check(run(step, divu(t0, t1), 5, 0), 5, 0xffffffff);
  check(run(step, divu(t0, t1), 0x80000000, 0), 0x80000000, 0xffffffff);
}

TEST_CASE("cpu: DIV 0x80000000 / -1 gives LO = 0x80000000, HI = 0 without trapping", "[cpu][muldiv]") {
  const bool step = GENERATE(false, true);
  check(run(step, div(t0, t1), 0x80000000, 0xffffffff), 0, 0x80000000);
}

TEST_CASE("cpu: MTHI/MTLO set HI and LO; MULT/DIV overwrite both", "[cpu][muldiv]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x11112222);
  f.cpu.set_gpr(t1, 0x33334444);
  f.cpu.set_gpr(t2, 3);
  REQUIRE(f.run_exit({
              mthi(t0), mtlo(t1), mfhi(s0), mflo(s1),
              mtlo(t0), mflo(s2), mfhi(s3),  // MTLO leaves HI alone
              mult(t2, t2), mfhi(s4), mflo(s5),
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(s0) == 0x11112222);
  CHECK(f.cpu.gpr(s1) == 0x33334444);
  CHECK(f.cpu.gpr(s2) == 0x11112222);
  CHECK(f.cpu.gpr(s3) == 0x11112222);
  CHECK(f.cpu.gpr(s4) == 0);
  CHECK(f.cpu.gpr(s5) == 9);
}

TEST_CASE("cpu: MULT/DIV never write a general register and never raise exceptions", "[cpu][muldiv]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x80000000);
  f.cpu.set_gpr(t1, 0xffffffff);
  REQUIRE(f.run_exit({mult(t0, t1), multu(t0, t1), div(t0, t1), divu(t0, zero), div(t0, zero), halt()}) == 0);
  CHECK(f.cpu.gpr(t0) == 0x80000000);
  CHECK(f.cpu.gpr(t1) == 0xffffffff);
  for (unsigned r = 1; r < 32; ++r)
    if (r != t0 && r != t1) CHECK(f.cpu.gpr(r) == 0);
}
