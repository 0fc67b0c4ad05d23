// R2010/R3010 FPA: arithmetic, rounding, IEEE exceptions and traps.
// Expected values are IEEE 754 encodings worked out by hand (noted where not obvious).
#include <catch2/catch.hpp>

#include "fpu_test_util.h"

using namespace fputest;
using Outcome = Fpu::Outcome;

TEST_CASE("FPA ADD/SUB/MUL/DIV single give exact IEEE results", "[fpu]") {
  Fpu f;
  set_s(f, 2, fs_bits(1.5f));
  set_s(f, 4, fs_bits(2.25f));
  REQUIRE(f.execute(cop1(S, ADD, 6, 2, 4)) == Outcome::Done);
  CHECK(f.fgr(6) == 0x40700000);  // 3.75
  REQUIRE(f.execute(cop1(S, SUB, 6, 2, 4)) == Outcome::Done);
  CHECK(f.fgr(6) == 0xbf400000);  // -0.75
  REQUIRE(f.execute(cop1(S, MUL, 6, 2, 4)) == Outcome::Done);
  CHECK(f.fgr(6) == 0x40580000);  // 3.375
  REQUIRE(f.execute(cop1(S, DIV, 6, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(6) == 0x3fc00000);  // 1.5
  CHECK(cause(f) == 0);
  CHECK(flags(f) == 0);
}

TEST_CASE("FPA ADD/SUB/MUL/DIV double give exact IEEE results", "[fpu]") {
  Fpu f;
  set_d(f, 2, 0x3fb999999999999aull);  // 0.1
  set_d(f, 4, 0x3fc999999999999aull);  // 0.2
  REQUIRE(f.execute(cop1(D, ADD, 6, 2, 4)) == Outcome::Done);
  CHECK(get_d(f, 6) == 0x3fd3333333333334ull);  // the famous 0.30000000000000004
  CHECK(cause(f) == kI);
  set_d(f, 2, fd_bits(1.5));
  set_d(f, 4, fd_bits(2.25));
  REQUIRE(f.execute(cop1(D, SUB, 6, 2, 4)) == Outcome::Done);
  CHECK(get_d(f, 6) == fd_bits(-0.75));
  REQUIRE(f.execute(cop1(D, MUL, 6, 2, 4)) == Outcome::Done);
  CHECK(get_d(f, 6) == 0x400b000000000000ull);  // 3.375
  REQUIRE(f.execute(cop1(D, DIV, 6, 4, 2)) == Outcome::Done);
  CHECK(get_d(f, 6) == 0x3ff8000000000000ull);  // 1.5
  CHECK(cause(f) == 0);
  CHECK(flags(f) == kI);  // sticky from the first add
}

TEST_CASE("FPA honours every rounding mode on inexact results", "[fpu]") {
  // 1/3 = 1.0101...b x 2^-2: single fraction 0x2aaaaa + a remainder above one half.
  struct Case { u32 rm, pos_s, neg_s; u64 pos_d; };
  const Case cases[] = {
      {RN, 0x3eaaaaab, 0xbeaaaaab, 0x3fd5555555555555ull},
      {RZ, 0x3eaaaaaa, 0xbeaaaaaa, 0x3fd5555555555555ull},
      {RP, 0x3eaaaaab, 0xbeaaaaaa, 0x3fd5555555555556ull},
      {RM, 0x3eaaaaaa, 0xbeaaaaab, 0x3fd5555555555555ull},
  };
  for (const Case& c : cases) {
    INFO("RM " << c.rm);
    Fpu f;
    set_fcr31(f, c.rm);
    set_s(f, 2, kS_One);
    set_s(f, 4, kS_Three);
    set_s(f, 8, 0xbf800000);  // -1
    REQUIRE(f.execute(cop1(S, DIV, 6, 2, 4)) == Outcome::Done);
    CHECK(f.fgr(6) == c.pos_s);
    CHECK(cause(f) == kI);
    REQUIRE(f.execute(cop1(S, DIV, 6, 8, 4)) == Outcome::Done);
    CHECK(f.fgr(6) == c.neg_s);
    set_d(f, 10, kD_One);
    set_d(f, 12, kD_Three);
    REQUIRE(f.execute(cop1(D, DIV, 14, 10, 12)) == Outcome::Done);
    CHECK(get_d(f, 14) == c.pos_d);
    CHECK(flags(f) == kI);
  }
}

TEST_CASE("FPA add rounding: 1 + 2^-24 is a tie in single precision", "[fpu]") {
  const u32 expected[4] = {0x3f800000, 0x3f800000, 0x3f800001, 0x3f800000};  // RN RZ RP RM
  for (u32 rm = 0; rm < 4; ++rm) {
    Fpu f;
    set_fcr31(f, rm);
    set_s(f, 2, kS_One);
    set_s(f, 4, 0x33800000);  // 2^-24
    REQUIRE(f.execute(cop1(S, ADD, 6, 2, 4)) == Outcome::Done);
    CHECK(f.fgr(6) == expected[rm]);
    CHECK(cause(f) == kI);
  }
}

TEST_CASE("FPA exact zero sum is -0 only when rounding toward -inf", "[fpu]") {
  Fpu f;
  set_s(f, 2, kS_One);
  REQUIRE(f.execute(cop1(S, SUB, 4, 2, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == 0x00000000);
  set_fcr31(f, RM);
  REQUIRE(f.execute(cop1(S, SUB, 4, 2, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == 0x80000000);
  CHECK(cause(f) == 0);
}

TEST_CASE("FPA overflow delivers infinity or the largest finite number per RM", "[fpu]") {
  struct Case { u32 rm, pos, neg; };
  const Case cases[] = {{RN, kS_Inf, kS_NegInf}, {RZ, kS_Max, 0xff7fffff},
                        {RP, kS_Inf, 0xff7fffff}, {RM, kS_Max, kS_NegInf}};
  for (const Case& c : cases) {
    INFO("RM " << c.rm);
    Fpu f;
    set_fcr31(f, c.rm);
    set_s(f, 2, 0x7f000000);  // 2^127
    set_s(f, 4, kS_Two);
    set_s(f, 8, 0xc0000000);  // -2
    REQUIRE(f.execute(cop1(S, MUL, 6, 2, 4)) == Outcome::Done);
    CHECK(f.fgr(6) == c.pos);
    CHECK(cause(f) == (kO | kI));
    REQUIRE(f.execute(cop1(S, MUL, 6, 2, 8)) == Outcome::Done);
    CHECK(f.fgr(6) == c.neg);
    CHECK(flags(f) == (kO | kI));
  }
  Fpu f;
  set_d(f, 2, 0x7fe0000000000000ull);  // 2^1023
  set_d(f, 4, fd_bits(2.0));
  REQUIRE(f.execute(cop1(D, ADD, 6, 2, 2)) == Outcome::Done);
  CHECK(get_d(f, 6) == kD_Inf);
  CHECK(cause(f) == (kO | kI));
}

TEST_CASE("FPA division by zero and invalid operations", "[fpu]") {
  Fpu f;
  set_s(f, 2, kS_One);
  set_s(f, 4, 0);           // +0
  set_s(f, 8, 0x80000000);  // -0
  set_s(f, 10, kS_Inf);
  REQUIRE(f.execute(cop1(S, DIV, 6, 2, 4)) == Outcome::Done);
  CHECK(f.fgr(6) == kS_Inf);
  CHECK(cause(f) == kZ);
  REQUIRE(f.execute(cop1(S, DIV, 6, 2, 8)) == Outcome::Done);
  CHECK(f.fgr(6) == kS_NegInf);
  REQUIRE(f.execute(cop1(S, DIV, 6, 4, 4)) == Outcome::Done);  // 0/0
  CHECK(f.fgr(6) == kS_DefaultNaN);
  CHECK(cause(f) == kV);
  f.set_fgr(6, 0);
  REQUIRE(f.execute(cop1(S, SUB, 6, 10, 10)) == Outcome::Done);  // inf - inf
  CHECK(f.fgr(6) == kS_DefaultNaN);
  CHECK(cause(f) == kV);
  REQUIRE(f.execute(cop1(S, MUL, 6, 4, 10)) == Outcome::Done);  // 0 * inf
  CHECK(f.fgr(6) == kS_DefaultNaN);
  REQUIRE(f.execute(cop1(S, ADD, 6, 10, 2)) == Outcome::Done);  // inf + 1: exact
  CHECK(f.fgr(6) == kS_Inf);
  CHECK(cause(f) == 0);
  CHECK(flags(f) == (kZ | kV));

  set_d(f, 12, 0);
  REQUIRE(f.execute(cop1(D, DIV, 14, 12, 12)) == Outcome::Done);
  CHECK(get_d(f, 14) == kD_DefaultNaN);
  set_d(f, 16, kD_One);
  REQUIRE(f.execute(cop1(D, DIV, 14, 16, 12)) == Outcome::Done);
  CHECK(get_d(f, 14) == kD_Inf);
  CHECK(cause(f) == kZ);
}

TEST_CASE("FPA cause bits are rewritten by each operation, flags are sticky", "[fpu]") {
  Fpu f;
  set_s(f, 2, kS_One);
  set_s(f, 4, kS_Three);
  REQUIRE(f.execute(cop1(S, DIV, 6, 2, 4)) == Outcome::Done);
  CHECK(cause(f) == kI);
  REQUIRE(f.execute(cop1(S, ADD, 6, 2, 2)) == Outcome::Done);  // exact
  CHECK(cause(f) == 0);
  CHECK(flags(f) == kI);
  REQUIRE(f.execute(cop1(S, MOV, 8, 2)) == Outcome::Done);  // MOV also clears the cause
  CHECK(f.fgr(8) == kS_One);
}

TEST_CASE("FPA enabled exceptions trap: destination untouched, flags unchanged", "[fpu]") {
  Fpu f;
  set_s(f, 2, kS_One);
  set_s(f, 4, kS_Three);
  set_s(f, 10, 0);
  f.set_fgr(6, kSentinel);

  SECTION("inexact") {
    set_fcr31(f, enables(kI));
    REQUIRE(f.execute(cop1(S, DIV, 6, 2, 4)) == Outcome::Trapped);
    CHECK(cause(f) == kI);
  }
  SECTION("division by zero") {
    set_fcr31(f, enables(kZ));
    REQUIRE(f.execute(cop1(S, DIV, 6, 2, 10)) == Outcome::Trapped);
    CHECK(cause(f) == kZ);
  }
  SECTION("invalid") {
    set_fcr31(f, enables(kV));
    REQUIRE(f.execute(cop1(S, DIV, 6, 10, 10)) == Outcome::Trapped);
    CHECK(cause(f) == kV);
  }
  SECTION("overflow also reports inexact in the cause") {
    set_fcr31(f, enables(kO));
    set_s(f, 2, 0x7f000000);
    REQUIRE(f.execute(cop1(S, ADD, 6, 2, 2)) == Outcome::Trapped);
    CHECK(cause(f) == (kO | kI));
  }
  SECTION("double") {
    set_fcr31(f, enables(kI));
    set_d(f, 12, kD_One);
    set_d(f, 14, kD_Three);
    f.set_fgr(7, kSentinel);
    REQUIRE(f.execute(cop1(D, DIV, 6, 12, 14)) == Outcome::Trapped);
    CHECK(f.fgr(7) == kSentinel);
  }
  CHECK(f.fgr(6) == kSentinel);
  CHECK(flags(f) == 0);
  CHECK(f.interrupt_pending());
  // Software clears the cause with CTC1; the interrupt goes away.
  set_fcr31(f, f.read_control(31) & ~cause_bits(0x3f));
  CHECK_FALSE(f.interrupt_pending());
}

TEST_CASE("FPA non-enabled exceptions do not interrupt", "[fpu]") {
  Fpu f;
  set_fcr31(f, enables(kZ | kV | kO | kU));
  set_s(f, 2, kS_One);
  set_s(f, 4, kS_Three);
  REQUIRE(f.execute(cop1(S, DIV, 6, 2, 4)) == Outcome::Done);
  CHECK(cause(f) == kI);
  CHECK_FALSE(f.interrupt_pending());
}

TEST_CASE("FPA hands denormalized operands to software (E)", "[fpu]") {
  Fpu f;
  set_fcr31(f, cause_bits(kI) | (kI << 2));
  set_s(f, 2, 0x00000001);  // smallest denormal
  set_s(f, 4, kS_One);
  f.set_fgr(6, kSentinel);
  REQUIRE(f.execute(cop1(S, ADD, 6, 2, 4)) == Outcome::Trapped);
  CHECK(cause(f) == kE);  // the earlier cause is gone
  CHECK(flags(f) == kI);  // flags untouched
  CHECK(f.fgr(6) == kSentinel);
  CHECK(f.interrupt_pending());
  for (unsigned op : {SUB, MUL, DIV})
    CHECK(f.execute(cop1(S, op, 6, 4, 2)) == Outcome::Trapped);  // ft denormal
  for (unsigned op : {ABS, NEG, CVT_D, CVT_W})
    CHECK(f.execute(cop1(S, op, 6, 2)) == Outcome::Trapped);  // fs denormal
  CHECK(f.fgr(6) == kSentinel);

  set_d(f, 8, 0x000fffffffffffffull);  // largest double denormal
  set_d(f, 10, kD_One);
  set_d(f, 12, kD_One);
  for (unsigned op : {ADD, SUB, MUL, DIV, ABS, NEG, CVT_S, CVT_W})
    CHECK(f.execute(cop1(D, op, 12, 8, 10)) == Outcome::Trapped);
  CHECK(get_d(f, 12) == kD_One);
  CHECK(cause(f) == kE);
}

TEST_CASE("FPA underflowing or denormalized results go to software (E)", "[fpu]") {
  Fpu f;
  set_s(f, 2, 0x0d800000);  // 2^-100
  set_s(f, 4, kS_MinNormal);
  set_s(f, 8, kS_Two);
  set_s(f, 10, 0x00800001);
  f.set_fgr(6, kSentinel);
  CHECK(f.execute(cop1(S, MUL, 6, 2, 2)) == Outcome::Trapped);   // 2^-200 rounds to 0
  CHECK(f.execute(cop1(S, DIV, 6, 4, 8)) == Outcome::Trapped);   // 2^-127 exact denormal
  CHECK(f.execute(cop1(S, SUB, 6, 10, 4)) == Outcome::Trapped);  // 2^-149 exact denormal
  CHECK(f.fgr(6) == kSentinel);
  CHECK(cause(f) == kE);
  CHECK(flags(f) == 0);
  set_d(f, 12, 0x2000000000000000ull);  // 2^-511
  set_d(f, 14, 0x1ff0000000000000ull);  // 2^-512
  set_d(f, 16, kD_One);
  CHECK(f.execute(cop1(D, MUL, 16, 12, 14)) == Outcome::Trapped);  // 2^-1023: denormal
  CHECK(get_d(f, 16) == kD_One);
  // 2^-511 * 2^-511 = 2^-1022 is the smallest normal: computed by the hardware.
  REQUIRE(f.execute(cop1(D, MUL, 16, 12, 12)) == Outcome::Done);
  CHECK(get_d(f, 16) == 0x0010000000000000ull);
  CHECK(cause(f) == 0);
}

TEST_CASE("FPA leaves the host rounding mode as it found it", "[fpu]") {
  Fpu f;
  set_fcr31(f, RP);
  set_d(f, 2, kD_One);
  set_d(f, 4, kD_Three);
  REQUIRE(f.execute(cop1(D, DIV, 6, 2, 4)) == Outcome::Done);
  CHECK(get_d(f, 6) == 0x3fd5555555555556ull);  // rounded up inside the FPA
  volatile double one = 1.0, three = 3.0;
  const double host = one / three;               // host code afterwards: nearest again
  CHECK(std::bit_cast<u64>(host) == 0x3fd5555555555555ull);
}
