// R2010/R3010 FPA: NaNs, compares, sign operations, conversions, undefined operations,
// control registers, register pairs and latencies.
#include <catch2/catch.hpp>

#include "fpu_test_util.h"

using namespace fputest;
using Outcome = Fpu::Outcome;

TEST_CASE("FPA: quiet NaN operands trap E, signalling NaNs raise V (MIPS I encoding)", "[fpu]") {
  Fpu f;
  set_s(f, 2, kS_QNaN);
  set_s(f, 4, kS_One);
  set_s(f, 8, kS_SNaN);
  f.set_fgr(6, kSentinel);
  REQUIRE(f.execute(cop1(S, ADD, 6, 4, 2)) == Outcome::Trapped);
  CHECK(cause(f) == kE);
  CHECK(f.fgr(6) == kSentinel);
  REQUIRE(f.execute(cop1(S, MUL, 6, 8, 4)) == Outcome::Done);
  CHECK(f.fgr(6) == kS_DefaultNaN);
  CHECK(cause(f) == kV);
  set_s(f, 10, 0x7fbfffff);  // the default NaN is quiet, so feeding it back traps E
  CHECK(f.execute(cop1(S, SUB, 6, 10, 4)) == Outcome::Trapped);

  set_d(f, 12, kD_QNaN);
  set_d(f, 14, kD_SNaN);
  set_d(f, 16, kD_One);
  CHECK(f.execute(cop1(D, DIV, 18, 16, 12)) == Outcome::Trapped);
  CHECK(cause(f) == kE);
  REQUIRE(f.execute(cop1(D, DIV, 18, 14, 16)) == Outcome::Done);
  CHECK(get_d(f, 18) == kD_DefaultNaN);
  CHECK(cause(f) == kV);
  set_fcr31(f, enables(kV));
  set_d(f, 18, kD_One);
  CHECK(f.execute(cop1(D, ADD, 18, 14, 16)) == Outcome::Trapped);
  CHECK(get_d(f, 18) == kD_One);
}

TEST_CASE("FPA: ABS, NEG and MOV", "[fpu]") {
  Fpu f;
  set_s(f, 2, fs_bits(-2.5f));
  REQUIRE(f.execute(cop1(S, ABS, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == fs_bits(2.5f));
  REQUIRE(f.execute(cop1(S, NEG, 4, 4)) == Outcome::Done);
  CHECK(f.fgr(4) == fs_bits(-2.5f));
  set_s(f, 6, 0);
  REQUIRE(f.execute(cop1(S, NEG, 8, 6)) == Outcome::Done);
  CHECK(f.fgr(8) == 0x80000000);  // -0
  set_s(f, 6, kS_NegInf);
  REQUIRE(f.execute(cop1(S, ABS, 8, 6)) == Outcome::Done);
  CHECK(f.fgr(8) == kS_Inf);
  set_d(f, 10, fd_bits(-3.0));
  REQUIRE(f.execute(cop1(D, ABS, 12, 10)) == Outcome::Done);
  CHECK(get_d(f, 12) == kD_Three);
  REQUIRE(f.execute(cop1(D, NEG, 12, 12)) == Outcome::Done);
  CHECK(get_d(f, 12) == fd_bits(-3.0));
  CHECK(cause(f) == 0);

  // NaNs: ABS/NEG are arithmetic (QNaN -> E, SNaN -> V); MOV copies any bit pattern.
  set_s(f, 14, kS_QNaN);
  CHECK(f.execute(cop1(S, NEG, 16, 14)) == Outcome::Trapped);
  set_s(f, 14, kS_SNaN);
  REQUIRE(f.execute(cop1(S, ABS, 16, 14)) == Outcome::Done);
  CHECK(f.fgr(16) == kS_DefaultNaN);
  CHECK(cause(f) == kV);
  REQUIRE(f.execute(cop1(S, MOV, 16, 14)) == Outcome::Done);
  CHECK(f.fgr(16) == kS_SNaN);
  CHECK(cause(f) == 0);
  set_d(f, 18, 0x0000000000000001ull);  // denormal
  REQUIRE(f.execute(cop1(D, MOV, 20, 18)) == Outcome::Done);
  CHECK(get_d(f, 20) == 0x0000000000000001ull);
}

TEST_CASE("FPA: C.cond truth table for all 16 predicates", "[fpu]") {
  // MIPS I predicates (funct 48 + n): which of less / equal / unordered make C true.
  // There are no "greater" predicates; n and n+8 differ only in signalling.
  struct Pred { const char* name; bool lt, eq, un; };
  const Pred preds[16] = {
      {"F", 0, 0, 0},    {"UN", 0, 0, 1},   {"EQ", 0, 1, 0},  {"UEQ", 0, 1, 1},
      {"OLT", 1, 0, 0},  {"ULT", 1, 0, 1},  {"OLE", 1, 1, 0}, {"ULE", 1, 1, 1},
      {"SF", 0, 0, 0},   {"NGLE", 0, 0, 1}, {"SEQ", 0, 1, 0}, {"NGL", 0, 1, 1},
      {"LT", 1, 0, 0},   {"NGE", 1, 0, 1},  {"LE", 1, 1, 0},  {"NGT", 1, 1, 1},
  };
  for (unsigned n = 0; n < 16; ++n) {
    INFO("C." << preds[n].name);
    for (unsigned fmt : {S, D}) {
      Fpu f;
      auto put = [&](unsigned r, double v, u32 s_bits_if_nan) {
        if (fmt == S) set_s(f, r, s_bits_if_nan ? s_bits_if_nan : fs_bits(static_cast<float>(v)));
        else set_d(f, r, s_bits_if_nan ? kD_QNaN : fd_bits(v));
      };
      put(2, 1.0, 0);
      put(4, 2.0, 0);
      put(6, 3.0, 0);
      put(8, 0, kS_QNaN);
      auto run = [&](unsigned fs, unsigned ft, bool expected) {
        // Start from the opposite of the expected result so a missing write shows.
        f.write_control(31, (f.read_control(31) & ~kC) | (expected ? 0 : kC));
        REQUIRE(f.execute(compare(fmt, n, fs, ft)) == Outcome::Done);
        CHECK(f.condition() == expected);
      };
      run(2, 4, preds[n].lt);  // 1 < 2
      run(4, 4, preds[n].eq);  // 2 == 2
      run(6, 4, false);        // 3 > 2
      run(8, 4, preds[n].un);  // NaN ? 2
      run(4, 8, preds[n].un);
      CHECK(cause(f) == (n >= 8 ? kV : 0u));  // a QNaN signals only for funct 56..63
      CHECK(flags(f) == (n >= 8 ? kV : 0u));
    }
  }
}

TEST_CASE("FPA: compares set and clear C, handle signed zero, infinity and denormals",
          "[fpu]") {
  Fpu f;
  set_s(f, 2, 0);
  set_s(f, 4, 0x80000000);
  REQUIRE(f.execute(compare(S, C_EQ - 48, 2, 4)) == Outcome::Done);
  CHECK(f.condition());  // +0 == -0
  REQUIRE(f.execute(compare(S, C_F - 48, 2, 4)) == Outcome::Done);
  CHECK_FALSE(f.condition());
  set_s(f, 6, 0x00000001);  // denormal: compares do not trap
  REQUIRE(f.execute(compare(S, C_OLT - 48, 2, 6)) == Outcome::Done);
  CHECK(f.condition());
  CHECK((f.read_control(31) & kC) != 0);
  set_d(f, 8, kD_Inf);
  set_d(f, 10, fd_bits(1e308));
  REQUIRE(f.execute(compare(D, C_LT - 48, 10, 8)) == Outcome::Done);
  CHECK(f.condition());
}

TEST_CASE("FPA: signalling NaN in any compare raises V; enabled V leaves C alone", "[fpu]") {
  Fpu f;
  set_s(f, 2, kS_SNaN);
  set_s(f, 4, kS_One);
  REQUIRE(f.execute(compare(S, C_UN - 48, 2, 4)) == Outcome::Done);
  CHECK(f.condition());
  CHECK(cause(f) == kV);
  set_fcr31(f, enables(kV) | kC);
  REQUIRE(f.execute(compare(S, C_SF - 48, 4, 2)) == Outcome::Trapped);
  CHECK(f.condition());  // C.SF would have cleared it
  CHECK(cause(f) == kV);
  CHECK(f.interrupt_pending());
  set_fcr31(f, enables(kV));
  set_s(f, 2, kS_QNaN);
  REQUIRE(f.execute(compare(S, C_SEQ - 48, 2, 4)) == Outcome::Trapped);
  REQUIRE(f.execute(compare(S, C_EQ - 48, 2, 4)) == Outcome::Done);  // quiet predicate
  CHECK_FALSE(f.condition());
}

TEST_CASE("FPA: CVT between single and double", "[fpu]") {
  const u32 expected[4] = {0x3eaaaaab, 0x3eaaaaaa, 0x3eaaaaab, 0x3eaaaaaa};  // 1/3
  for (u32 rm = 0; rm < 4; ++rm) {
    Fpu f;
    set_fcr31(f, rm);
    set_d(f, 2, 0x3fd5555555555555ull);  // double nearest to 1/3
    REQUIRE(f.execute(cop1(D, CVT_S, 4, 2)) == Outcome::Done);
    CHECK(f.fgr(4) == expected[rm]);
    CHECK(cause(f) == kI);
  }
  Fpu f;
  set_s(f, 2, fs_bits(1.5f));
  REQUIRE(f.execute(cop1(S, CVT_D, 4, 2)) == Outcome::Done);
  CHECK(get_d(f, 4) == 0x3ff8000000000000ull);
  CHECK(cause(f) == 0);
  set_s(f, 2, kS_NegInf);
  REQUIRE(f.execute(cop1(S, CVT_D, 4, 2)) == Outcome::Done);
  CHECK(get_d(f, 4) == 0xfff0000000000000ull);

  set_d(f, 6, fd_bits(1e300));
  REQUIRE(f.execute(cop1(D, CVT_S, 8, 6)) == Outcome::Done);
  CHECK(f.fgr(8) == kS_Inf);
  CHECK(cause(f) == (kO | kI));
  set_fcr31(f, RZ);
  REQUIRE(f.execute(cop1(D, CVT_S, 8, 6)) == Outcome::Done);
  CHECK(f.fgr(8) == kS_Max);
  set_d(f, 6, fd_bits(1e-300));
  CHECK(f.execute(cop1(D, CVT_S, 8, 6)) == Outcome::Trapped);  // underflow
  CHECK(cause(f) == kE);
  set_d(f, 6, kD_SNaN);
  REQUIRE(f.execute(cop1(D, CVT_S, 8, 6)) == Outcome::Done);
  CHECK(f.fgr(8) == kS_DefaultNaN);
  CHECK(cause(f) == kV);
  set_s(f, 10, kS_SNaN);
  REQUIRE(f.execute(cop1(S, CVT_D, 12, 10)) == Outcome::Done);
  CHECK(get_d(f, 12) == kD_DefaultNaN);
  set_d(f, 6, kD_QNaN);
  CHECK(f.execute(cop1(D, CVT_S, 8, 6)) == Outcome::Trapped);
}

TEST_CASE("FPA: CVT from word", "[fpu]") {
  Fpu f;
  f.set_fgr(2, 0x01000001);  // 2^24 + 1: a tie between 2^24 and 2^24 + 2
  REQUIRE(f.execute(cop1(W, CVT_S, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == 0x4b800000);
  CHECK(cause(f) == kI);
  set_fcr31(f, RP);
  REQUIRE(f.execute(cop1(W, CVT_S, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == 0x4b800001);
  f.set_fgr(2, 0xffffffff);  // -1
  REQUIRE(f.execute(cop1(W, CVT_S, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == 0xbf800000);
  CHECK(cause(f) == 0);
  f.set_fgr(2, 0x80000000);  // INT_MIN, exact in double
  REQUIRE(f.execute(cop1(W, CVT_D, 6, 2)) == Outcome::Done);
  CHECK(get_d(f, 6) == 0xc1e0000000000000ull);
  f.set_fgr(2, 0x7fffffff);
  REQUIRE(f.execute(cop1(W, CVT_D, 6, 2)) == Outcome::Done);
  CHECK(get_d(f, 6) == 0x41dfffffffc00000ull);
  CHECK(cause(f) == 0);
}

TEST_CASE("FPA: CVT.W rounds per RM and reports inexact", "[fpu]") {
  // value, then the result for RN RZ RP RM
  struct Case { float v; int r[4]; };
  const Case cases[] = {
      {2.5f, {2, 2, 3, 2}},     {3.5f, {4, 3, 4, 3}},     {-2.5f, {-2, -2, -2, -3}},
      {-0.3f, {0, 0, 0, -1}},   {0.7f, {1, 0, 1, 0}},     {-1.5f, {-2, -1, -1, -2}},
  };
  for (const Case& c : cases) {
    for (u32 rm = 0; rm < 4; ++rm) {
      INFO(c.v << " RM " << rm);
      Fpu f;
      set_fcr31(f, rm);
      set_s(f, 2, fs_bits(c.v));
      REQUIRE(f.execute(cop1(S, CVT_W, 4, 2)) == Outcome::Done);
      CHECK(f.fgr(4) == static_cast<u32>(c.r[rm]));
      CHECK(cause(f) == kI);
      set_d(f, 6, fd_bits(c.v));
      REQUIRE(f.execute(cop1(D, CVT_W, 8, 6)) == Outcome::Done);
      CHECK(f.fgr(8) == static_cast<u32>(c.r[rm]));
    }
  }
  Fpu f;
  set_s(f, 2, fs_bits(-7.0f));
  REQUIRE(f.execute(cop1(S, CVT_W, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == static_cast<u32>(-7));
  CHECK(cause(f) == 0);
  set_s(f, 2, 0xcf000000);  // -2^31 fits exactly
  REQUIRE(f.execute(cop1(S, CVT_W, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == 0x80000000);
  set_s(f, 2, 0x80000000);  // -0
  REQUIRE(f.execute(cop1(S, CVT_W, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == 0);
}

TEST_CASE("FPA: CVT.W of out-of-range, NaN or infinite values goes to software", "[fpu]") {
  Fpu f;
  f.set_fgr(4, kSentinel);
  for (u32 bits : {0x4f000000u /* 2^31 */, 0xcf000001u /* below -2^31 */, kS_Inf, kS_NegInf,
                   kS_QNaN, kS_SNaN}) {
    INFO(std::hex << bits);
    set_s(f, 2, bits);
    CHECK(f.execute(cop1(S, CVT_W, 4, 2)) == Outcome::Trapped);
    CHECK(cause(f) == kE);
  }
  set_d(f, 6, fd_bits(2147483647.5));  // RN: tie to even -> 2^31, out of range
  CHECK(f.execute(cop1(D, CVT_W, 4, 6)) == Outcome::Trapped);
  CHECK(f.fgr(4) == kSentinel);
  set_fcr31(f, RZ);
  REQUIRE(f.execute(cop1(D, CVT_W, 4, 6)) == Outcome::Done);
  CHECK(f.fgr(4) == 0x7fffffff);
  CHECK(cause(f) == kI);
  set_fcr31(f, RM);
  set_d(f, 6, fd_bits(-2147483648.5));
  CHECK(f.execute(cop1(D, CVT_W, 4, 6)) == Outcome::Trapped);
}

TEST_CASE("FPA: undefined fmt/funct combinations and MIPS II operations", "[fpu]") {
  const u32 words[] = {
      cop1(S, SQRT, 4, 2),    cop1(D, SQRT, 4, 2),    cop1(S, ROUND_W, 4, 2),
      cop1(D, TRUNC_W, 4, 2), cop1(S, CEIL_W, 4, 2),  cop1(D, FLOOR_W, 4, 2),
      cop1(S, ROUND_L, 4, 2), cop1(S, CVT_S, 4, 2),   cop1(D, CVT_D, 4, 2),
      cop1(W, CVT_W, 4, 2),   cop1(W, ADD, 4, 2, 2),  cop1(W, MOV, 4, 2),
      cop1(W, 48, 0, 2, 2),   cop1(S, 16, 4, 2),      cop1(18, ADD, 4, 2, 2),
      cop1(21, CVT_S, 4, 2),  cop1(31, 0, 4, 2),
  };
  for (u32 w : words) {
    INFO(std::hex << w);
    Fpu f;
    set_s(f, 2, kS_One);
    f.set_fgr(4, kSentinel);
    if constexpr (Fpu::kUndefinedOpsAreUnimplemented) {
      CHECK(f.execute(w) == Outcome::Trapped);
      CHECK(cause(f) == kE);
      CHECK(f.interrupt_pending());
    } else {
      CHECK(f.execute(w) == Outcome::Reserved);
      CHECK(cause(f) == 0);
    }
    CHECK(f.fgr(4) == kSentinel);
  }
  // Words that are not COP1 operations at all are never the FPA's business.
  Fpu f;
  CHECK(f.execute(0x44822000) == Outcome::Reserved);  // mtc1 $2,$f4 (rs bit 4 clear)
  CHECK(f.execute(0x00000000) == Outcome::Reserved);  // sll
  CHECK(cause(f) == 0);
}

TEST_CASE("FPA: CTC1/CFC1 semantics", "[fpu]") {
  Fpu f;
  CHECK(f.read_control(0) == 0x0320);
  f.write_control(0, 0x12345678);  // read-only
  CHECK(f.read_control(0) == 0x0320);
  CHECK(Fpu(0x0200).read_control(0) == 0x0200);
  f.write_control(31, 0xffffffff);
  CHECK(f.read_control(31) == 0x0083ffff);  // MBZ bits 31:24 and 22:18 stay zero
  CHECK(f.condition());
  f.write_control(30, 0xffffffff);
  CHECK(f.read_control(30) == 0);
  CHECK(f.read_control(1) == 0);
  f.write_control(31, 0);
  CHECK(f.read_control(31) == 0);
  CHECK_FALSE(f.condition());

  // The interrupt is a function of FCR31: cause & enable, or E.
  f.write_control(31, cause_bits(kV));
  CHECK_FALSE(f.interrupt_pending());
  f.write_control(31, cause_bits(kV) | enables(kV));
  CHECK(f.interrupt_pending());
  f.write_control(31, enables(0x1f) | cause_bits(kI) | (0x1f << 2));
  CHECK(f.interrupt_pending());
  f.write_control(31, enables(kO) | cause_bits(kI) | (0x1f << 2));  // flags never interrupt
  CHECK_FALSE(f.interrupt_pending());
  f.write_control(31, cause_bits(kE));
  CHECK(f.interrupt_pending());
  f.write_control(31, kC);
  CHECK(f.condition());
  CHECK_FALSE(f.interrupt_pending());

  f.set_fgr(7, 0x12345678);
  f.write_control(31, 0xffffffff);
  f.reset();
  CHECK(f.read_control(31) == 0);
  CHECK(f.fgr(7) == 0);
  CHECK(f.read_control(0) == 0x0320);
}

TEST_CASE("FPA: doubles use the even/odd pair, odd register numbers name the pair", "[fpu]") {
  Fpu f;
  set_d(f, 4, kD_One);
  set_d(f, 6, fd_bits(2.0));
  REQUIRE(f.execute(cop1(D, ADD, 9, 5, 7)) == Outcome::Done);  // $f9,$f5,$f7 -> 8,4,6
  CHECK(f.fgr(8) == 0x00000000);  // low word in the even register
  CHECK(f.fgr(9) == 0x40080000);  // 3.0 high word
  set_s(f, 10, kS_One);
  set_s(f, 11, kS_Two);  // must not be used: single ops also address even registers only
  REQUIRE(f.execute(cop1(S, ADD, 13, 11, 10)) == Outcome::Done);
  CHECK(f.fgr(12) == kS_Two);
  CHECK(f.fgr(13) == 0);
  REQUIRE(f.execute(cop1(S, CVT_W, 15, 11)) == Outcome::Done);
  CHECK(f.fgr(14) == 1);
}

TEST_CASE("FPA: latencies", "[fpu]") {
  CHECK(Fpu::latency(cop1(S, ADD, 0, 2, 4)) == 2);
  CHECK(Fpu::latency(cop1(D, SUB, 0, 2, 4)) == 2);
  CHECK(Fpu::latency(cop1(S, MUL, 0, 2, 4)) == 4);
  CHECK(Fpu::latency(cop1(D, MUL, 0, 2, 4)) == 5);
  CHECK(Fpu::latency(cop1(S, DIV, 0, 2, 4)) == 12);
  CHECK(Fpu::latency(cop1(D, DIV, 0, 2, 4)) == 19);
  for (unsigned op : {ABS, MOV, NEG}) CHECK(Fpu::latency(cop1(D, op, 0, 2)) == 1);
  CHECK(Fpu::latency(compare(D, 2, 2, 4)) == 2);
  CHECK(Fpu::latency(compare(S, 12, 2, 4)) == 2);
  CHECK(Fpu::latency(cop1(S, CVT_D, 0, 2)) == 1);
  CHECK(Fpu::latency(cop1(D, CVT_S, 0, 2)) == 2);
  CHECK(Fpu::latency(cop1(W, CVT_S, 0, 2)) == 3);
  CHECK(Fpu::latency(cop1(W, CVT_D, 0, 2)) == 3);
  CHECK(Fpu::latency(cop1(S, CVT_W, 0, 2)) == 3);
  CHECK(Fpu::latency(cop1(D, CVT_W, 0, 2)) == 3);
}

TEST_CASE("FPA: NEG flips the sign both ways; ABS clears it", "[fpu]") {
  Fpu f;
  set_s(f, 2, fs_bits(-2.5f));
  REQUIRE(f.execute(cop1(S, NEG, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == fs_bits(2.5f));
  set_s(f, 2, 0x80000000);  // -0
  REQUIRE(f.execute(cop1(S, NEG, 4, 2)) == Outcome::Done);
  CHECK(f.fgr(4) == 0);
  REQUIRE(f.execute(cop1(S, ABS, 6, 2)) == Outcome::Done);
  CHECK(f.fgr(6) == 0);
  set_d(f, 8, fd_bits(-3.0));
  REQUIRE(f.execute(cop1(D, NEG, 10, 8)) == Outcome::Done);
  CHECK(get_d(f, 10) == kD_Three);
  set_d(f, 8, kD_Inf | (u64{1} << 63));
  REQUIRE(f.execute(cop1(D, NEG, 10, 8)) == Outcome::Done);
  CHECK(get_d(f, 10) == kD_Inf);
  CHECK(cause(f) == 0);
}
