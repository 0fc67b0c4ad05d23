// Which exception wins when one instruction could raise several (reference r3000-cpu.md
// §6: "fetch-stage exceptions before execute-stage before memory-stage"; MAME mips1.cpp
// orders its checks the same way). The order the model implements, earliest first:
//
//   1. interrupt     — sampled before the instruction issues: a pending, enabled
//                      interrupt is taken with EPC = the instruction, which has not run
//   2. fetch         — AdEL (misaligned PC, or kseg PC in user mode), then TLB refill /
//                      invalid (TLBL), then IBE (nothing behind the physical address)
//   3. decode        — CpU (coprocessor unusable: checked on the opcode, before the
//                      coprocessor's sub-operation is decoded), RI, SYSCALL, BREAK
//   4. execute       — Ov
//   5. memory        — AdEL/AdES (misaligned, or kseg address in user mode), then the TLB:
//                      miss (refill) / V = 0 (TLBL/TLBS) before D = 0 (Mod), then DBE
//
// Exception codes are listed in Cause.ExcCode order in the documentation; that is not the
// priority order.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
constexpr u32 kCU0 = 1u << 28, kCU1 = 1u << 29, kIEc = 1;
constexpr u32 kG = 1u << 8, kV = 1u << 9, kD = 1u << 10;
constexpr u32 kUnmapped = 0x00500000;   // kuseg, no TLB entry
constexpr u32 kNothingPa = 0x00400000;  // above the 1 MiB of RAM
constexpr u32 kUserCode = 0x00400000;   // user VA mapped to physical 0x40000

void map_user_code(CpuFixture& f) { f.tlb_write(0, kUserCode, 0x00040000 | kD | kV | kG); }

// General-vector handler that records the first exception's Cause and EPC in s6/s7,
// acknowledges it (software interrupt bits cleared; emulator op 0x30, which a test may
// hook to lower a hardware pin) and returns to EPC; a second exception halts.
void install_recording_handler(CpuFixture& f) {
  f.load(CpuFixture::kGeneralVector, {
                                         bne(s5, zero, 8),  // -> 9 on the second exception
                                         nop(),
                                         mfc0(s6, c0_cause),
                                         mfc0(s7, c0_epc),
                                         addiu(s5, zero, 1),
                                         mtc0(zero, c0_cause),
                                         emu_op(zero, 0x30),
                                         jr(s7),
                                         rfe(),
                                         ori(k1, zero, 0x52),  // 9
                                         halt(k1),
                                     });
}
unsigned code_of(u32 cause) { return (cause >> 2) & 0x1f; }
}  // namespace

TEST_CASE("cpu: exception priority: a misaligned fetch is AdEL even where the TLB would miss",
          "[cpu][exception][priority]") {
  const bool step = GENERATE(false, true);
  for (u32 target : {kUnmapped + 2, 0xc0500001u, u32(0x80000000u | kNothingPa) + 3}) {
    INFO("target " << std::hex << target);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(t9, target);
    REQUIRE(f.run_exit({jr(t9), nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::AdEL);
    CHECK(f.badvaddr() == target);
    CHECK(f.epc() == target);
    CHECK(f.cpu.stats().utlb_misses == 0);
  }
}

TEST_CASE("cpu: exception priority: alignment is checked before the TLB on data accesses",
          "[cpu][exception][priority]") {
  const bool step = GENERATE(false, true);
  struct Case {
    const char* what;
    u32 insn;
    u32 addr;
    unsigned code;
  };
  // a0: unmapped kuseg; a1: a clean (D = 0) kseg2 page; a2: an invalid (V = 0) kuseg page.
  const Case cases[] = {
      {"lw, unmapped", lw(t0, 2, a0), kUnmapped + 2, exc::AdEL},
      {"lh, unmapped", lh(t0, 1, a0), kUnmapped + 1, exc::AdEL},
      {"sw, unmapped", sw(t0, 1, a0), kUnmapped + 1, exc::AdES},
      {"sw, clean page (not Mod)", sw(t0, 2, a1), 0xc0004002, exc::AdES},
      {"sh, clean page (not Mod)", sh(t0, 3, a1), 0xc0004003, exc::AdES},
      {"lw, invalid page", lw(t0, 3, a2), 0x00600003, exc::AdEL},
      {"sh, invalid page", sh(t0, 1, a2), 0x00600001, exc::AdES},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CpuFixture f;
    f.set_single_step(step);
    f.tlb_write(8, 0xc0004000, 0x00050000 | kV | kG);  // D = 0
    f.tlb_write(9, 0x00600000, 0x00051000 | kD | kG);  // V = 0
    f.cpu.set_gpr(a0, kUnmapped);
    f.cpu.set_gpr(a1, 0xc0004000);
    f.cpu.set_gpr(a2, 0x00600000);
    f.cpu.set_gpr(t0, 0x77);
    REQUIRE(f.run_exit({nop(), c.insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == c.code);
    CHECK(f.badvaddr() == c.addr);
    CHECK(f.epc() == B + 4);
    CHECK(f.cpu.gpr(t0) == 0x77);
    CHECK(f.cpu.stats().utlb_misses == 0);
  }
}

TEST_CASE("cpu: exception priority: user-mode kseg address errors come before alignment and TLB",
          "[cpu][exception][priority]") {
  // Both give AdEL/AdES with BadVAddr = the address; a misaligned kseg2 address in user
  // mode never reaches the TLB (no refill, EntryHi unchanged).
  const bool step = GENERATE(false, true);
  for (auto [insn, code] : {std::pair{lw(t0, 2, a0), exc::AdEL}, std::pair{sw(t0, 1, a0), exc::AdES}}) {
    CpuFixture f;
    f.set_single_step(step);
    map_user_code(f);
    f.load(0x80040000, {insn, nop(), halt()});
    f.cpu.set_gpr(a0, 0xc0001000);
    f.cpu.set_cp0(c0_entryhi, 5u << 6);
    f.enter_user_mode();
    REQUIRE(f.run_exit_from(kUserCode) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == code);
    CHECK(f.badvaddr() == 0xc0001000 + (code == exc::AdEL ? 2u : 1u));
    CHECK(f.cpu.cp0(c0_entryhi) == (5u << 6));
  }
}

TEST_CASE("cpu: exception priority: V = 0 is reported (TLBS) before D = 0 (Mod)", "[cpu][exception][priority]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.tlb_write(8, 0xc0004000, 0x00050000 | kG);  // V = 0 and D = 0
  f.cpu.set_gpr(a0, 0xc0004010);
  REQUIRE(f.run_exit({sw(t0, 0, a0), nop(), halt()}) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::TLBS);
  CHECK(f.badvaddr() == 0xc0004010);
}

TEST_CASE("cpu: exception priority: CpU comes before the memory access of LWC1/SWC1",
          "[cpu][exception][priority][cop1]") {
  const bool step = GENERATE(false, true);
  struct Case {
    const char* what;
    u32 insn;
  };
  const Case cases[] = {
      {"lwc1 unmapped", lwc1(2, 0, a0)},     {"swc1 unmapped", swc1(2, 0, a0)},
      {"lwc1 misaligned", lwc1(2, 2, a1)},   {"swc1 misaligned", swc1(2, 1, a1)},
      {"lwc1 nothing there", lwc1(2, 0, a2)},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cp0(c0_status, kCU0);  // CU1 clear
    f.cpu.set_gpr(a0, kUnmapped);
    f.cpu.set_gpr(a1, CpuFixture::kDataBase);
    f.cpu.set_gpr(a2, 0xa0000000 | kNothingPa);
    REQUIRE(f.run_exit({c.insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::CpU);
    CHECK(f.cause_ce() == 1);
    CHECK(f.epc() == B);
    CHECK(f.badvaddr() == 0);
    CHECK(f.cpu.stats().utlb_misses == 0);
  }
}

TEST_CASE("cpu: exception priority: CpU comes before RI for undefined coprocessor sub-operations",
          "[cpu][exception][priority]") {
  const bool step = GENERATE(false, true);
  // COP1 with an undefined rs field (MIPS III dmfc1, an undefined BC1 condition) and CU1
  // clear: the coprocessor is unusable, whatever the rest of the word says.
  for (u32 insn : {0x44200000u | (t0 << 16) | (2 << 11), 0x45040002u, 0x44e00000u}) {
    INFO("insn " << std::hex << insn);
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cp0(c0_status, kCU0);
    REQUIRE(f.run_exit({insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::CpU);
    CHECK(f.cause_ce() == 1);
    // With CU1 set the same words are reserved instructions.
    CpuFixture g;
    g.set_single_step(step);
    g.cpu.set_cp0(c0_status, kCU0 | kCU1);
    REQUIRE(g.run_exit({insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(g.exc_code() == exc::RI);
  }
  // COP0 with an undefined operation, from user mode without CU0: CpU, CE = 0.
  for (u32 insn : {0x42000018u /* eret */, 0x42000003u, 0x40400000u | (t0 << 16) /* cfc0 */, 0x41040002u}) {
    INFO("insn " << std::hex << insn);
    CpuFixture f;
    f.set_single_step(step);
    map_user_code(f);
    f.load(0x80040000, {insn, nop(), halt()});
    f.enter_user_mode();
    REQUIRE(f.run_exit_from(kUserCode) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::CpU);
    CHECK(f.cause_ce() == 0);
    CHECK(f.epc() == kUserCode);
  }
}

TEST_CASE("cpu: exception priority: a pending interrupt is taken before the instruction's own exception",
          "[cpu][exception][priority][interrupt]") {
  const bool step = GENERATE(false, true);
  struct Case {
    const char* what;
    u32 insn;
    unsigned second;  // the instruction's own exception, taken after the interrupt returns
  };
  const Case cases[] = {
      {"syscall", as::syscall(), exc::Sys},
      {"break", break_(), exc::Bp},
      {"reserved", i_type(0x1c, t0, t0, 0), exc::RI},
      {"overflow", add(t1, t2, t2), exc::Ov},
      {"misaligned load", lw(t1, 1, a0), exc::AdEL},
      {"cp1 unusable", mfc1(t1, 0), exc::CpU},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CpuFixture f;
    f.set_single_step(step);
    install_recording_handler(f);
    f.cpu.set_gpr(a0, CpuFixture::kDataBase);
    f.cpu.set_gpr(t2, 0x7fffffff);
    Program p;
    // Software interrupt IP0 requested by the MTC0; the next instruction is the victim.
    p.li(t0, kCU0 | (1u << 8) | kIEc)({mtc0(t0, c0_status), ori(t0, zero, 0x100), mtc0(t0, c0_cause), c.insn,
                                       halt()});
    REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
    const u32 victim = B + 4 * 5;
    CHECK(code_of(f.cpu.gpr(s6)) == exc::Int);
    CHECK(f.cpu.gpr(s7) == victim);
    CHECK(f.exc_code() == c.second);  // then the instruction ran and raised its own
    CHECK(f.epc() == victim);
  }
}

TEST_CASE("cpu: exception priority: a pending interrupt comes before a fetch exception at the PC",
          "[cpu][exception][priority][interrupt]") {
  const bool step = GENERATE(false, true);
  struct Case {
    u32 target;
    int exit;
    unsigned second;
  };
  for (Case c : {Case{kUnmapped, CpuFixture::kExitUtlb, exc::TLBL}, Case{kUnmapped + 2, 0x52, exc::AdEL},
                 Case{0xa0000000u | kNothingPa, 0x52, exc::IBE}}) {
    INFO("target " << std::hex << c.target);
    CpuFixture f;
    f.set_single_step(step);
    install_recording_handler(f);
    f.cpu.set_emu_op_handler([&](unsigned fn, u32) {
      if (fn == 0x30) f.cpu.set_interrupt_pin(3, false);
    });
    f.cpu.set_interrupt_pin(3, true);                   // IP5
    f.cpu.set_cp0(c0_status, kCU1 | (1u << 13) | 0x4);  // IM5, IEp = 1: the RFE below enables
    f.cpu.set_gpr(t9, c.target);
    REQUIRE(f.run_exit({jr(t9), rfe(), halt()}) == c.exit);
    CHECK(code_of(f.cpu.gpr(s6)) == exc::Int);
    CHECK(f.cpu.gpr(s7) == c.target);  // taken before the fetch
    CHECK(f.exc_code() == c.second);   // then the fetch faulted
    CHECK(f.epc() == c.target);
  }
}
