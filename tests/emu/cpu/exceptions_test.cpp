// R2000/R3000 exception processing (reference r3000-cpu.md §6, §3, §8): vectors with BEV
// 0 and 1, ExcCode/EPC/Cause.BD/BadVAddr/Cause.CE for each kind, SYSCALL and BREAK, RI
// for MIPS II and later encodings, CpU for coprocessors 1-3, address errors (misaligned
// fetch, user access to kseg0/1/2), bus errors on fetch and on data loads and stores to
// physical addresses with nothing behind them, and a full handler round trip with RFE.
// (TLB exceptions are in tlb_test.cpp, interrupts in interrupts_test.cpp.)
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
constexpr u32 D = CpuFixture::kDataBase;
constexpr u32 kCU0 = 1u << 28, kCU1 = 1u << 29, kCU2 = 1u << 30, kCU3 = 1u << 31, kBEV = 1u << 22;
constexpr u32 kNothingPa = 0x00400000;  // above the 1 MiB of RAM: no region there
constexpr u32 kUserCode = 0x00400000;   // user VA mapped to physical 0x40000

void map_user_code(CpuFixture& f) {
  const u32 kG = 1u << 8, kV = 1u << 9, kD = 1u << 10;
  f.tlb_write(0, kUserCode, 0x00040000 | kD | kV | kG);
}
}  // namespace

TEST_CASE("cpu: exception vectors: general 0x80000080 / UTLB 0x80000000 with BEV = 0", "[cpu][exception]") {
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    f.set_single_step(step);
    CHECK(f.run_exit({syscall(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.cpu.pc() == CpuFixture::kGeneralVector + 8);  // the stub's halt retired
  }
  {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(a0, 0x00001000);  // kuseg, no TLB entry
    CHECK(f.run_exit({lw(t0, 0, a0), nop(), halt()}) == CpuFixture::kExitUtlb);
    CHECK(f.cpu.pc() == CpuFixture::kUtlbVector + 8);
  }
}

TEST_CASE("cpu: exception vectors: 0xbfc00180 / 0xbfc00100 with BEV = 1", "[cpu][exception]") {
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    f.set_single_step(step);
    f.map_boot_rom();
    f.cpu.set_cp0(c0_status, kBEV);
    CHECK(f.run_exit({break_(), halt()}) == CpuFixture::kExitGeneralBev);
    CHECK(f.cpu.pc() == CpuFixture::kGeneralVectorBev + 8);
    CHECK(f.exc_code() == exc::Bp);
    CHECK((f.status() & kBEV) != 0);  // exception entry leaves BEV alone
  }
  {
    CpuFixture f;
    f.set_single_step(step);
    f.map_boot_rom();
    f.cpu.set_cp0(c0_status, kBEV);
    f.cpu.set_gpr(a0, 0x00001000);
    CHECK(f.run_exit({sw(t0, 0, a0), halt()}) == CpuFixture::kExitUtlbBev);
    CHECK(f.cpu.pc() == CpuFixture::kUtlbVectorBev + 8);
    CHECK(f.exc_code() == exc::TLBS);
  }
}

TEST_CASE("cpu: reset starts at 0xbfc00000 in kernel mode with BEV set and interrupts off", "[cpu][exception]") {
  CpuFixture f;
  f.cpu.reset();
  CHECK(f.cpu.pc() == 0xbfc00000);
  const u32 sr = f.status();
  CHECK((sr & kBEV) != 0);
  CHECK((sr & 0x3) == 0);          // KUc = IEc = 0
  CHECK((sr & (1u << 21)) == 0);   // TS
  CHECK(f.cpu.cp0(c0_random) == (63u << 8));
}

TEST_CASE("cpu: SYSCALL and BREAK: code, EPC at the instruction, BD clear, nothing after it runs",
          "[cpu][exception]") {
  const bool step = GENERATE(false, true);
  for (auto [insn, code] : {std::pair{as::syscall(0x1234), exc::Sys}, std::pair{break_(7), exc::Bp}}) {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cp0(c0_cause, 0x100);  // a pending-but-masked software interrupt bit survives entry
    CHECK(f.run_exit({nop(), nop(), insn, addiu(s0, zero, 1), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == code);
    CHECK(f.epc() == B + 8);
    CHECK_FALSE(f.cause_bd());
    CHECK((f.cause() & 0x300) == 0x100);
    CHECK(f.cpu.gpr(s0) == 0);
    CHECK(f.cpu.stats().exceptions[code] == 1);
  }
}

TEST_CASE("cpu: an exception in a branch delay slot: EPC = the branch, Cause.BD = 1", "[cpu][exception]") {
  const bool step = GENERATE(false, true);
  {  // taken branch, SYSCALL in the slot
    CpuFixture f;
    f.set_single_step(step);
    CHECK(f.run_exit({nop(), beq(zero, zero, 4), syscall(), halt(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Sys);
    CHECK(f.epc() == B + 4);
    CHECK(f.cause_bd());
  }
  {  // not-taken branch, BREAK in the slot
    CpuFixture f;
    f.set_single_step(step);
    CHECK(f.run_exit({bne(zero, zero, 4), break_(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Bp);
    CHECK(f.epc() == B);
    CHECK(f.cause_bd());
  }
  {  // JR, misaligned load in the slot
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(t9, B + 0x40);
    f.cpu.set_gpr(a0, D + 2);
    CHECK(f.run_exit({nop(), nop(), jr(t9), lw(t0, 0, a0), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::AdEL);
    CHECK(f.epc() == B + 8);
    CHECK(f.cause_bd());
    CHECK(f.badvaddr() == D + 2);
  }
  {  // JAL with an overflowing ADD in the slot: the link has happened (the JAL retired)
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(t0, 0x7fffffff);
    CHECK(f.run_exit({jal(B + 0x40), add(t1, t0, t0), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Ov);
    CHECK(f.epc() == B);
    CHECK(f.cause_bd());
    CHECK(f.cpu.gpr(ra) == B + 8);
    CHECK(f.cpu.gpr(t1) == 0);
  }
  {  // and BD is clear again for a later exception outside a delay slot
    CpuFixture f;
    f.set_single_step(step);
    // Handler: a BD exception resumes at the branch target (EPC + 12 here); any other halts.
    f.load(CpuFixture::kGeneralVector, {mfc0(k0, c0_cause), nop(), bltz(k0, 3), nop(), ori(k1, zero, 0x52),
                                        halt(k1), mfc0(k0, c0_epc), nop(), addiu(k0, k0, 12), jr(k0), rfe()});
    CHECK(f.run_exit({beq(zero, zero, 2), syscall(), halt(), syscall(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Sys);
    CHECK(f.epc() == B + 12);
    CHECK_FALSE(f.cause_bd());
    CHECK(f.cpu.stats().exceptions[exc::Sys] == 2);
  }
}

TEST_CASE("cpu: MIPS II and later encodings are reserved instructions (RI)", "[cpu][exception]") {
  struct Case {
    const char* name;
    u32 word;
  };
  const Case cases[] = {
      {"ll", i_type(0x30, a0, t0, 0)},      {"sc", i_type(0x38, a0, t0, 0)},
      {"beql", i_type(0x14, zero, zero, 2)}, {"bnel", i_type(0x15, t0, zero, 2)},
      {"blezl", i_type(0x16, zero, 0, 2)},   {"bgtzl", i_type(0x17, t0, 0, 2)},
      {"daddi", i_type(0x18, t0, t0, 1)},    {"daddiu", i_type(0x19, t0, t0, 1)},
      {"ldl", i_type(0x1a, a0, t0, 0)},      {"ldr", i_type(0x1b, a0, t0, 0)},
      {"op 0x1c", i_type(0x1c, t0, t0, 2)},  {"op 0x1f", i_type(0x1f, t0, t0, 0)},
      {"lwu", i_type(0x27, a0, t0, 0)},      {"sdl", i_type(0x2c, a0, t0, 0)},
      {"sdr", i_type(0x2d, a0, t0, 0)},      {"cache", i_type(0x2f, a0, 0, 0)},
      {"lld", i_type(0x34, a0, t0, 0)},      {"ldc1", i_type(0x35, a0, 2, 0)},
      {"ld", i_type(0x37, a0, t0, 0)},       {"scd", i_type(0x3c, a0, t0, 0)},
      {"sdc1", i_type(0x3d, a0, 2, 0)},      {"sd", i_type(0x3f, a0, t0, 0)},
      {"swc0", i_type(0x38, a0, t0, 0)},
      {"sync", r_type(0, 0, 0, 0, 0x0f)},    {"teq", r_type(t0, t0, 0, 0, 0x34)},
      {"tge", r_type(t0, t0, 0, 0, 0x30)},   {"tne", r_type(t0, zero, 0, 0, 0x36)},
      {"movz", r_type(t1, zero, t0, 0, 0x0a)}, {"movn", r_type(t1, t1, t0, 0, 0x0b)},
      {"movci", r_type(t1, 0, t0, 0, 0x01)}, {"special 0x05", r_type(t1, t1, t0, 0, 0x05)},
      {"dsllv", r_type(t1, t1, t0, 0, 0x14)}, {"dadd", r_type(t1, t1, t0, 0, 0x2c)},
      {"special 0x28", r_type(t1, t1, t0, 0, 0x28)}, {"dsra32", r_type(0, t1, t0, 1, 0x3f)},
      {"eret", 0x42000018},                  {"wait", 0x42000020},
      {"cop0 op 0x03", 0x42000003},
  };
  const bool step = GENERATE(false, true);
  for (const Case& c : cases) {
    INFO(c.name);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(a0, D);
    f.cpu.set_gpr(t0, 0x11);
    f.cpu.set_gpr(t1, 0x22);
    f.poke32(D, 0x33);
    f.poke32(D + 4, 0x44);
    CHECK(f.run_exit({nop(), c.word, addiu(s0, s0, 1), halt(), addiu(s0, s0, 2), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::RI);
    CHECK(f.epc() == B + 4);
    CHECK_FALSE(f.cause_bd());
    CHECK(f.cpu.gpr(s0) == 0);
    CHECK(f.cpu.gpr(t0) == 0x11);
    CHECK(f.cpu.gpr(t1) == 0x22);
    CHECK(f.peek32(D) == 0x33);
  }
}

TEST_CASE("cpu: coprocessor 1 instructions without CU1 raise CpU with CE = 1", "[cpu][exception][cop1]") {
  const u32 insns[] = {mfc1(t0, 2), mtc1(t1, 2), cfc1(t0, 31), ctc1(t1, 31), lwc1(2, 0, a0), swc1(2, 0, a0),
                       bc1t(2),     bc1f(2),     add_s(0, 2, 4)};
  const bool step = GENERATE(false, true);
  for (u32 insn : insns) {
    INFO("insn " << std::hex << insn);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cp0(c0_status, kCU0);  // kernel mode, CU1 clear
    f.cpu.set_gpr(a0, D);
    f.cpu.set_gpr(t0, 0x11);
    CHECK(f.run_exit({insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::CpU);
    CHECK(f.cause_ce() == 1);
    CHECK(f.epc() == B);
    CHECK(f.cpu.gpr(t0) == 0x11);
  }
}

TEST_CASE("cpu: coprocessors 2 and 3 without CU2/CU3 raise CpU with CE = 2 / 3", "[cpu][exception]") {
  struct Case {
    u32 word;
    unsigned ce;
  };
  const Case cases[] = {
      {0x48000000 | (t0 << 16) | (2 << 11), 2},  // mfc2
      {0x4c800000 | (t0 << 16) | (2 << 11), 3},  // mtc3
      {0x4a000001, 2},                           // cop2 operation
      {0x4e000001, 3},                           // cop3 operation
      {i_type(0x32, a0, 2, 0), 2},               // lwc2
      {i_type(0x33, a0, 2, 0), 3},               // lwc3
      {i_type(0x3a, a0, 2, 0), 2},               // swc2
      {i_type(0x3b, a0, 2, 0), 3},               // swc3
  };
  const bool step = GENERATE(false, true);
  for (const Case& c : cases) {
    INFO("insn " << std::hex << c.word);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cp0(c0_status, kCU0 | kCU1);
    f.cpu.set_gpr(a0, D);
    CHECK(f.run_exit({nop(), c.word, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::CpU);
    CHECK(f.cause_ce() == c.ce);
    CHECK(f.epc() == B + 4);
  }
  // With CU2/CU3 set nothing answers on a DECstation; the model executes them as no-ops.
  CpuFixture f;
  f.cpu.set_cp0(c0_status, kCU2 | kCU3);
  f.cpu.set_gpr(a0, D);
  CHECK(f.run_exit({0x4a000001, i_type(0x33, a0, 2, 0), halt()}) == 0);
}

TEST_CASE("cpu: a misaligned jump target raises AdEL on the fetch, BadVAddr = EPC = the PC", "[cpu][exception]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t9, B + 0x102);
  CHECK(f.run_exit({jr(t9), nop(), halt()}) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::AdEL);
  CHECK(f.epc() == B + 0x102);
  CHECK(f.badvaddr() == B + 0x102);
  CHECK_FALSE(f.cause_bd());
}

TEST_CASE("cpu: user-mode data accesses to kseg0, kseg1 and kseg2 raise AdEL / AdES", "[cpu][exception]") {
  struct Case {
    const char* what;
    u32 insn;
    u32 addr;
    unsigned code;
  };
  const Case cases[] = {
      {"lw kseg0", lw(t0, 0, a0), 0x80010000, exc::AdEL},  {"lb kseg1", lb(t0, 0, a1), 0xa0010000, exc::AdEL},
      {"lhu kseg2", lhu(t0, 0, a2), 0xc0000000, exc::AdEL}, {"sw kseg0", sw(t0, 0, a0), 0x80010000, exc::AdES},
      {"sb kseg1", sb(t0, 0, a1), 0xa0010000, exc::AdES},   {"sh kseg2", sh(t0, 0, a2), 0xc0000000, exc::AdES},
      {"lwl kseg0", lwl(t0, 3, a0), 0x80010003, exc::AdEL}, {"swr kseg1", swr(t0, 1, a1), 0xa0010001, exc::AdES},
  };
  const bool step = GENERATE(false, true);
  for (const Case& c : cases) {
    INFO(c.what);
    CpuFixture f;
    f.set_single_step(step);
    map_user_code(f);
    f.load(0x80040000, {c.insn, nop(), halt()});
    f.poke32(D, 0x1234);
    f.cpu.set_gpr(a0, 0x80010000);
    f.cpu.set_gpr(a1, 0xa0010000);
    f.cpu.set_gpr(a2, 0xc0000000);
    f.cpu.set_gpr(t0, 0x5555);
    f.enter_user_mode();
    CHECK(f.run_exit_from(kUserCode) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == c.code);
    CHECK(f.badvaddr() == c.addr);
    CHECK(f.epc() == kUserCode);
    CHECK(f.cpu.gpr(t0) == 0x5555);
    CHECK(f.peek32(D) == 0x1234);
  }
}

TEST_CASE("cpu: a user-mode jump into kseg0 raises AdEL on the fetch", "[cpu][exception]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  map_user_code(f);
  f.cpu.set_gpr(t9, B);
  f.load(B, {halt()});
  f.load(0x80040000, {jr(t9), nop(), halt()});
  f.enter_user_mode();
  CHECK(f.run_exit_from(kUserCode) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::AdEL);
  CHECK(f.epc() == B);
  CHECK(f.badvaddr() == B);
  CHECK((f.status() & 0xf) == 0x8);  // KUp = 1: the fault came from user mode
}

TEST_CASE("cpu: fetching from a physical address with nothing behind it raises IBE", "[cpu][exception]") {
  const bool step = GENERATE(false, true);
  for (u32 target : {0x80000000u | kNothingPa, 0xa0000000u | kNothingPa, 0xbfc00000u}) {
    INFO("target " << std::hex << target);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(t9, target);
    CHECK(f.run_exit({jr(t9), nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::IBE);
    CHECK(f.epc() == target);
    CHECK_FALSE(f.cause_bd());
    CHECK(f.badvaddr() == 0);  // bus errors do not set BadVAddr
  }
}

TEST_CASE("cpu: an instruction fetch bus error in a branch delay slot", "[cpu][exception]") {
  // The branch is the last word of RAM; its delay slot has nothing behind it.
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 last = 0x80000000 + CpuFixture::kRamSize - 4;
  f.load(last, {beq(zero, zero, -8)});
  CHECK(f.run_exit_from(last) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::IBE);
  CHECK(f.epc() == last);
  CHECK(f.cause_bd());
}

TEST_CASE("cpu: a data load from a physical address with nothing behind it raises DBE", "[cpu][exception]") {
  const bool step = GENERATE(false, true);
  for (u32 insn : {lw(t0, 0, a0), lb(t0, 3, a0), lhu(t0, 2, a0), lwl(t0, 1, a0), lwr(t0, 2, a0), lw(t0, 0, a1)}) {
    INFO("insn " << std::hex << insn);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(a0, 0xa0000000 | kNothingPa);
    f.cpu.set_gpr(a1, 0x80000000 | kNothingPa);
    f.cpu.set_gpr(t0, 0x77);
    CHECK(f.run_exit({nop(), insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::DBE);
    CHECK(f.epc() == B + 4);
    CHECK(f.cpu.gpr(t0) == 0x77);
    CHECK(f.badvaddr() == 0);
  }
}

TEST_CASE("cpu: a store to nothing raises DBE unless a write-error handler is installed", "[cpu][exception]") {
  const bool step = GENERATE(false, true);
  for (u32 insn : {sw(t0, 0, a0), sh(t0, 2, a0), sb(t0, 1, a0), swl(t0, 1, a0), swr(t0, 2, a0)}) {
    INFO("insn " << std::hex << insn);
    {
      CpuFixture f;
      f.set_single_step(step);
      f.cpu.set_gpr(a0, 0xa0000000 | kNothingPa);
      CHECK(f.run_exit({nop(), insn, addiu(s0, zero, 1), halt()}) == CpuFixture::kExitGeneral);
      CHECK(f.exc_code() == exc::DBE);
      CHECK(f.epc() == B + 4);
      CHECK(f.cpu.gpr(s0) == 0);
    }
    {
      CpuFixture f;
      f.set_single_step(step);
      std::vector<u32> reported;
      f.cpu.set_write_error_handler([&](u32 pa) { reported.push_back(pa); });
      f.cpu.set_gpr(a0, 0xa0000000 | kNothingPa);
      CHECK(f.run_exit({nop(), insn, addiu(s0, zero, 1), halt()}) == 0);
      CHECK(f.cpu.gpr(s0) == 1);  // execution went on
      REQUIRE(reported.size() == 1);
      CHECK((reported[0] & ~3u) == kNothingPa);
      CHECK(f.cpu.stats().exceptions[exc::DBE] == 0);
    }
  }
}

TEST_CASE("cpu: a SYSCALL handler returns with EPC + 4 and RFE, also from user mode", "[cpu][exception]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  map_user_code(f);
  // General handler: count SYSCALLs and return after them; anything else halts with the
  // exception code as exit status.
  f.load(CpuFixture::kGeneralVector, {
                                         mfc0(k0, c0_cause),
                                         nop(),
                                         andi(k0, k0, 0x7c),
                                         addiu(k1, zero, 8 << 2),
                                         bne(k0, k1, 6),  // -> other
                                         nop(),
                                         mfc0(k0, c0_epc),
                                         addiu(s1, s1, 1),
                                         addiu(k0, k0, 4),
                                         jr(k0),
                                         rfe(),
                                         srl(k0, k0, 2),  // other:
                                         halt(k0),
                                     });
  f.load(0x80040000, {addiu(s0, s0, 1), syscall(), addiu(s0, s0, 1), syscall(), addiu(s0, s0, 1), break_()});
  f.enter_user_mode();
  CHECK(f.run_exit_from(kUserCode) == int(exc::Bp));
  CHECK(f.cpu.gpr(s0) == 3);
  CHECK(f.cpu.gpr(s1) == 2);
  CHECK(f.epc() == kUserCode + 20);
  CHECK((f.status() & 0xf) == 0x8);  // the BREAK came from user mode again
}

TEST_CASE("cpu: every exception kind in a branch delay slot: EPC = the branch, BD, KU/IE pushed",
          "[cpu][exception]") {
  constexpr u32 kG = 1u << 8, kV = 1u << 9;
  struct Case {
    const char* what;
    u32 slot;
    unsigned code;
    int exit;
    unsigned ce;
  };
  // a0: misaligned data; a1: nothing there; a2: unmapped kuseg; a3: clean kseg2 page.
  const Case cases[] = {
      {"RI", i_type(0x1c, t0, t0, 0), exc::RI, CpuFixture::kExitGeneral, 0},
      {"CpU", mfc1(t0, 2), exc::CpU, CpuFixture::kExitGeneral, 1},
      {"CpU (cop2)", 0x48000000 | (t0 << 16), exc::CpU, CpuFixture::kExitGeneral, 2},
      {"AdES", sw(t0, 0, a0), exc::AdES, CpuFixture::kExitGeneral, 0},
      {"DBE", lw(t0, 0, a1), exc::DBE, CpuFixture::kExitGeneral, 0},
      {"TLBL refill", lw(t0, 0, a2), exc::TLBL, CpuFixture::kExitUtlb, 0},
      {"TLBS refill", sb(t0, 0, a2), exc::TLBS, CpuFixture::kExitUtlb, 0},
      {"Mod", sw(t0, 0, a3), exc::Mod, CpuFixture::kExitGeneral, 0},
      {"Ov", addi(t1, t2, 1), exc::Ov, CpuFixture::kExitGeneral, 0},
      {"Sys", as::syscall(), exc::Sys, CpuFixture::kExitGeneral, 0},
      {"Bp", break_(), exc::Bp, CpuFixture::kExitGeneral, 0},
  };
  const bool step = GENERATE(false, true);
  for (bool taken : {true, false}) {
    for (const Case& c : cases) {
      INFO(c.what << (taken ? ", branch taken" : ", branch not taken"));
      CpuFixture f;
      f.set_single_step(step);
      f.tlb_write(8, 0xc0004000, 0x00050000 | kV | kG);  // D = 0
      f.cpu.set_cp0(c0_status, kCU0 | 0x24);  // KUo = 1, IEp = 1; kernel, IEc = 0; CU1 clear
      f.cpu.set_gpr(a0, D + 2);
      f.cpu.set_gpr(a1, 0xa0000000 | kNothingPa);
      f.cpu.set_gpr(a2, 0x00500000);
      f.cpu.set_gpr(a3, 0xc0004000);
      f.cpu.set_gpr(t2, 0x7fffffff);
      f.cpu.set_gpr(t0, 0x11);
      REQUIRE(f.run_exit({nop(), taken ? beq(zero, zero, 3) : bne(zero, zero, 3), c.slot, halt(), halt()}) == c.exit);
      CHECK(f.exc_code() == c.code);
      CHECK(f.epc() == B + 4);
      CHECK(f.cause_bd());
      CHECK(f.cause_ce() == c.ce);
      CHECK((f.status() & 0x3f) == 0x10);  // (KUo,IEo) = (0,1), (KUp,IEp) = (0,0), current (0,0)
      CHECK(f.cpu.gpr(t0) == 0x11);
    }
  }
}
