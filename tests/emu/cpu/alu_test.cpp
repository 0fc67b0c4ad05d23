// R2000/R3000 integer ALU instructions (MIPS I): arithmetic with and without the
// overflow trap, logical operations with zero-extended immediates, set-on-less-than,
// shifts, LUI, and writes to $zero. Expected values follow reference r3000-cpu.md §3
// ("Arithmetic notes") and the MIPS I instruction definitions.
// Every test runs through the block executor and through the single-step path.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
}

TEST_CASE("cpu: ADDU, ADDIU and SUBU wrap around and never trap", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x7fffffff);
  f.cpu.set_gpr(t1, 1);
  f.cpu.set_gpr(t2, 0x80000000);
  REQUIRE(f.run_exit({
              addu(s0, t0, t1),      // 0x7fffffff + 1
              addiu(s1, t0, 1),      // same through the immediate form
              subu(s2, t2, t1),      // 0x80000000 - 1
              addiu(s3, t2, -1),     // negative immediate is sign-extended
              subu(s4, zero, t2),    // 0 - 0x80000000
              addu(s5, t2, t2),      // carry out of bit 31 is dropped
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(s0) == 0x80000000);
  CHECK(f.cpu.gpr(s1) == 0x80000000);
  CHECK(f.cpu.gpr(s2) == 0x7fffffff);
  CHECK(f.cpu.gpr(s3) == 0x7fffffff);
  CHECK(f.cpu.gpr(s4) == 0x80000000);
  CHECK(f.cpu.gpr(s5) == 0);
}

TEST_CASE("cpu: ADD, ADDI and SUB compute signed results when they do not overflow", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, u32(-5));
  f.cpu.set_gpr(t1, 3);
  f.cpu.set_gpr(t2, 0x7ffffffe);
  REQUIRE(f.run_exit({
              add(s0, t0, t1),      // -5 + 3 = -2
              addi(s1, t0, -32768), // -5 - 32768
              sub(s2, t1, t0),      // 3 - (-5) = 8
              addi(s3, t2, 1),      // 0x7fffffff: largest value, no overflow
              sub(s4, t0, t0),      // 0
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(s0) == u32(-2));
  CHECK(f.cpu.gpr(s1) == u32(-32773));
  CHECK(f.cpu.gpr(s2) == 8);
  CHECK(f.cpu.gpr(s3) == 0x7fffffff);
  CHECK(f.cpu.gpr(s4) == 0);
  CHECK(f.cpu.gpr(ra) == 0);
}

TEST_CASE("cpu: ADD, ADDI and SUB raise Ov on signed overflow and leave the destination unchanged",
          "[cpu][alu][exception]") {
  struct Case {
    const char* what;
    u32 insn;
    u32 a, b;
  };
  // The instruction always writes s0; a and b are the values of t0 and t1.
  const Case cases[] = {
      {"add positive overflow", add(s0, t0, t1), 0x7fffffff, 1},
      {"add negative overflow", add(s0, t0, t1), 0x80000000, 0xffffffff},
      {"addi positive overflow", addi(s0, t0, 1), 0x7fffffff, 0},
      {"addi negative overflow", addi(s0, t0, -1), 0x80000000, 0},
      {"sub negative overflow", sub(s0, t0, t1), 0x80000000, 1},
      {"sub positive overflow", sub(s0, t0, t1), 0, 0x80000000},
      {"sub of a positive and a negative", sub(s0, t0, t1), 0x7fffffff, 0xffffffff},
  };
  const bool step = GENERATE(false, true);
  for (const Case& c : cases) {
    INFO(c.what << (step ? " (single-step)" : " (blocks)"));
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(t0, c.a);
    f.cpu.set_gpr(t1, c.b);
    f.cpu.set_gpr(s0, 0x5a5a5a5a);
    REQUIRE(f.run_exit({nop(), c.insn, addiu(s1, zero, 1), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Ov);
    CHECK(f.epc() == B + 4);
    CHECK_FALSE(f.cause_bd());
    CHECK(f.cpu.gpr(s0) == 0x5a5a5a5a);  // not written
    CHECK(f.cpu.gpr(s1) == 0);           // the instruction after it never ran
  }
}

TEST_CASE("cpu: AND, OR, XOR and NOR", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xff00ff00);
  f.cpu.set_gpr(t1, 0x0ff00ff0);
  REQUIRE(f.run_exit({and_(s0, t0, t1), or_(s1, t0, t1), xor_(s2, t0, t1), nor(s3, t0, t1), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x0f000f00);
  CHECK(f.cpu.gpr(s1) == 0xfff0fff0);
  CHECK(f.cpu.gpr(s2) == 0xf0f0f0f0);
  CHECK(f.cpu.gpr(s3) == 0x000f000f);
}

TEST_CASE("cpu: ANDI, ORI and XORI zero-extend their immediate", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xffffffff);
  f.cpu.set_gpr(t1, 0x12340000);
  REQUIRE(f.run_exit({
              andi(s0, t0, 0x8000),  // sign-extension would keep the upper half
              ori(s1, zero, 0x8001),
              xori(s2, t0, 0xffff),
              ori(s3, t1, 0xabcd),
              andi(s4, t0, 0),
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(s0) == 0x00008000);
  CHECK(f.cpu.gpr(s1) == 0x00008001);
  CHECK(f.cpu.gpr(s2) == 0xffff0000);
  CHECK(f.cpu.gpr(s3) == 0x1234abcd);
  CHECK(f.cpu.gpr(s4) == 0);
  CHECK(f.cpu.gpr(ra) == 0);
}

TEST_CASE("cpu: SLT, SLTU, SLTI and SLTIU (SLTIU sign-extends, then compares unsigned)", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xffffffff);  // -1 signed, largest unsigned
  f.cpu.set_gpr(t1, 1);
  f.cpu.set_gpr(t2, 5);
  f.cpu.set_gpr(t3, 0x8000);
  REQUIRE(f.run_exit({
              slt(s0, t0, t1),        // -1 < 1 signed: 1
              sltu(s1, t0, t1),       // 0xffffffff < 1 unsigned: 0
              slt(s2, t1, t0),        // 1 < -1: 0
              sltu(s3, t1, t0),       // 1 < 0xffffffff: 1
              slti(s4, t0, 0),        // -1 < 0: 1
              slti(s5, t2, -1),       // 5 < -1: 0
              sltiu(s6, t2, -1),      // 5 < 0xffffffff: 1
              sltiu(s7, t0, -1),      // 0xffffffff < 0xffffffff: 0
              sltiu(t8, t3, 0x8000),  // 0x8000 < 0xffff8000: 1 (zero-extension would give 0)
              sltiu(t9, t2, 5),       // equal: 0
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(s0) == 1);
  CHECK(f.cpu.gpr(s1) == 0);
  CHECK(f.cpu.gpr(s2) == 0);
  CHECK(f.cpu.gpr(s3) == 1);
  CHECK(f.cpu.gpr(s4) == 1);
  CHECK(f.cpu.gpr(s5) == 0);
  CHECK(f.cpu.gpr(s6) == 1);
  CHECK(f.cpu.gpr(s7) == 0);
  CHECK(f.cpu.gpr(t8) == 1);
  CHECK(f.cpu.gpr(t9) == 0);
}

TEST_CASE("cpu: shifts by a constant: SLL, SRL (logical) and SRA (arithmetic)", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x80000001);
  REQUIRE(f.run_exit({sll(s0, t0, 4), srl(s1, t0, 4), sra(s2, t0, 4), sll(s3, t0, 31), sra(s4, t0, 31),
                      srl(s5, t0, 31), sll(s6, t0, 0), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x00000010);
  CHECK(f.cpu.gpr(s1) == 0x08000000);
  CHECK(f.cpu.gpr(s2) == 0xf8000000);
  CHECK(f.cpu.gpr(s3) == 0x80000000);
  CHECK(f.cpu.gpr(s4) == 0xffffffff);
  CHECK(f.cpu.gpr(s5) == 0x00000001);
  CHECK(f.cpu.gpr(s6) == 0x80000001);
}

TEST_CASE("cpu: variable shifts take the amount from rs[4:0]", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x80000010);
  f.cpu.set_gpr(t1, 36);          // 36 & 31 = 4
  f.cpu.set_gpr(t2, 0xffffffe1);  // & 31 = 1
  f.cpu.set_gpr(t3, 32);          // & 31 = 0
  REQUIRE(f.run_exit({sllv(s0, t0, t1), srlv(s1, t0, t1), srav(s2, t0, t1), sllv(s3, t0, t2), srav(s4, t0, t2),
                      srlv(s5, t0, t3), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x00000100);
  CHECK(f.cpu.gpr(s1) == 0x08000001);
  CHECK(f.cpu.gpr(s2) == 0xf8000001);
  CHECK(f.cpu.gpr(s3) == 0x00000020);
  CHECK(f.cpu.gpr(s4) == 0xc0000008);
  CHECK(f.cpu.gpr(s5) == 0x80000010);
}

TEST_CASE("cpu: LUI loads the upper half and clears the lower half", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0xffffffff);
  REQUIRE(f.run_exit({lui(t0, 0x8001), lui(t1, 0xffff), ori(t1, t1, 0x1234), halt()}) == 0);
  CHECK(f.cpu.gpr(t0) == 0x80010000);
  CHECK(f.cpu.gpr(t1) == 0xffff1234);
}

TEST_CASE("cpu: writes to $zero are discarded", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(CpuFixture::kDataBase, 0x12345678);
  f.cpu.set_gpr(a0, CpuFixture::kDataBase);
  f.cpu.set_gpr(t0, 7);
  f.cpu.set_gpr(t9, B + 4 * 9);
  REQUIRE(f.run_exit({
              addiu(zero, zero, 5),
              addu(s0, zero, t0),  // reads $zero right after a write to it
              lui(zero, 0x1234),
              or_(s1, zero, zero),
              lw(zero, 0, a0),     // a load into $zero...
              addu(s2, zero, t0),  // ...is not visible in its delay slot
              addu(s3, zero, t0),  // ...nor after it
              jalr(zero, t9),      // a link into $zero is discarded too
              nop(),
              sltu(zero, zero, t0),
              addu(s4, zero, zero),
              halt(),
          }) == 0);
  CHECK(f.cpu.gpr(zero) == 0);
  CHECK(f.cpu.gpr(s0) == 7);
  CHECK(f.cpu.gpr(s1) == 0);
  CHECK(f.cpu.gpr(s2) == 7);
  CHECK(f.cpu.gpr(s3) == 7);
  CHECK(f.cpu.gpr(s4) == 0);
  CHECK(f.cpu.gpr(ra) == 0);
}

TEST_CASE("cpu: variable shifts use all five bits of the amount (16..31 too)", "[cpu][alu]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x80000010);
  f.cpu.set_gpr(t1, 0x54);  // & 31 = 20
  f.cpu.set_gpr(t2, 31);
  REQUIRE(f.run_exit({sllv(s0, t0, t1), srlv(s1, t0, t1), srav(s2, t0, t1), sllv(s3, t0, t2), srlv(s4, t0, t2),
                      srav(s5, t0, t2), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x01000000);
  CHECK(f.cpu.gpr(s1) == 0x00000800);
  CHECK(f.cpu.gpr(s2) == 0xfffff800);
  CHECK(f.cpu.gpr(s3) == 0x00000000);
  CHECK(f.cpu.gpr(s4) == 0x00000001);
  CHECK(f.cpu.gpr(s5) == 0xffffffff);
}
