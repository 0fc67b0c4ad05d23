#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

TEST_CASE("cpu: a short program computes a sum in a loop", "[cpu]") {
  CpuFixture f;
  // t0 = 10; v0 = 0; loop: v0 += t0; t0 -= 1; bne t0, zero, loop; nop
  f.run_program({addiu(t0, zero, 10), addiu(v0, zero, 0), addu(v0, v0, t0), addiu(t0, t0, -1),
                 bne(t0, zero, -3), nop(), emu_op(zero, 0)},
                2 + 10 * 4 + 1);
  CHECK(f.cpu.gpr(v0) == 55);
  CHECK(f.cpu.gpr(t0) == 0);
}
