// The CPU's pre-decoded code (emu/cpu/code_cache.h) must be invisible to the guest: code
// rewritten by the CPU itself or by a bus master (DMA, loader) runs as rewritten, blocks
// are cut correctly (branch in the last word of a page with its delay slot on the next
// one — also on another physical page —, the block-length cap between a branch and its
// slot, jumps into the middle of a block), and the emulator halt op
// (`ori $zero, $rs, 0xDE00`) stops run() with the exit status.
// Self-modifying code runs from kseg1 here: from kseg0 a real R3000 would need an I-cache
// flush first (reference §9), which the emulator does not require but tests should not rely on.
#include <catch2/catch.hpp>

#include <cstring>

#include "cpu_fixture.h"
#include "emu/sched/scheduler.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
constexpr u32 kUncached = 0xa0001000;  // kseg1 view of kCodeBase
constexpr u32 kG = 1u << 8, kV = 1u << 9, kD = 1u << 10;
}  // namespace

TEST_CASE("cpu: a store over an instruction that runs later: the new instruction runs", "[cpu][codecache]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 sub = kUncached + 0x100;
  Program p;
  p.li(t5, addiu(v0, zero, 2)).li(a0, sub)({
      jal(sub), nop(), addu(s0, v0, zero),  // first call: v0 = 1
      sw(t5, 4, a0),                        // rewrite the subroutine's delay slot
      jal(sub), nop(), addu(s1, v0, zero),  // second call: v0 = 2
      halt(),
  });
  f.load(B, p.words);
  f.load(sub, {jr(ra), addiu(v0, zero, 1)});
  REQUIRE(f.run_exit_from(kUncached) == 0);
  CHECK(f.cpu.gpr(s0) == 1);
  CHECK(f.cpu.gpr(s1) == 2);
}

TEST_CASE("cpu: a loop that rewrites its own first instruction sees it on the next iteration", "[cpu][codecache]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  Program p;
  p.li(t5, addiu(s0, s0, 10)).li(a0, kUncached)({addiu(t0, zero, 3)});
  const u32 loop = p.here();  // 5
  p({addiu(s0, s0, 1), sw(t5, s32(4 * loop), a0), addiu(t0, t0, -1), bgtz(t0, -4), nop(), halt()});
  f.load(B, p.words);
  REQUIRE(f.run_exit_from(kUncached) == 0);
  CHECK(f.cpu.gpr(s0) == 21);  // 1, then 10 twice
}

TEST_CASE("cpu: code written by a bus master (DMA) while the CPU runs is seen", "[cpu][codecache]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 sub = B + 0x100;
  // Call sub until it returns 100; count the calls.
  f.load(B, {jal(sub), nop(), addiu(t1, zero, 100), bne(v0, t1, -4), addiu(s0, s0, 1), halt()});
  f.load(sub, {jr(ra), addiu(v0, zero, 1)});
  // At cycle 1000 a "DMA engine" rewrites the subroutine through the bus.
  Event dma("dma", [&] {
    const u32 w = addiu(v0, zero, 100);
    u8 bytes[4];
    std::memcpy(bytes, &w, 4);
    REQUIRE(f.bus.write_block((sub & 0x1fffffff) + 4, bytes, 4));
  });
  f.sched.schedule_at(dma, 1000);
  REQUIRE(f.run_exit_from(B, 10000) == 0);
  CHECK(f.cpu.gpr(v0) == 100);
  CHECK(f.cpu.gpr(s0) >= 1000 / 8);  // it ran the old code for a while first
  CHECK(f.cpu.gpr(s0) <= 1000 / 6 + 1);
}

TEST_CASE("cpu: a loader copies code over old code, flushes the I-cache and runs it", "[cpu][codecache]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 sub = B + 0x200, src = CpuFixture::kDataBase;
  const u32 kIsC = 1u << 16, kSwC = 1u << 17, kCU1 = 1u << 29;
  f.load(sub, {jr(ra), addiu(v0, zero, 1)});
  f.load(src, {addiu(v0, zero, 7), jr(ra), addiu(v0, v0, 1)});
  Program p;
  p({jal(sub), nop(), addu(s0, v0, zero)});
  // Copy three words with kseg0 loads and stores.
  p.li(a0, src).li(a1, sub)({addiu(t0, zero, 3)});
  p({lw(t1, 0, a0), addiu(a0, a0, 4), addiu(t0, t0, -1), sw(t1, 0, a1), bgtz(t0, -5), addiu(a1, a1, 4)});
  // Flush those I-cache lines: isolate + swap, sb zero, restore (reference §9).
  p.li(t2, kCU1 | kIsC | kSwC)({mtc0(t2, c0_status)}).li(a1, sub)({sb(zero, 0, a1), sb(zero, 4, a1), sb(zero, 8, a1)});
  p.li(t2, kCU1)({mtc0(t2, c0_status), jal(sub), nop(), addu(s1, v0, zero), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s0) == 1);
  CHECK(f.cpu.gpr(s1) == 8);
}

TEST_CASE("cpu: a branch in the last word of a page with its delay slot on the next page", "[cpu][codecache][branch]") {
  const bool step = GENERATE(false, true);
  const u32 last = 0x80001ffc;
  for (bool taken : {true, false}) {
    INFO((taken ? "taken" : "not taken"));
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(t0, taken ? 0 : 1);
    // ... 0x80001ff8: nop, 0x80001ffc: beq t0, zero -> 0x80002010, 0x80002000: slot
    f.load(0x80001ff8, {nop(), beq(t0, zero, 4), addiu(s0, s0, 1), addiu(s1, s1, 1), halt(), nop(),
                        addiu(s2, s2, 1), halt()});
    REQUIRE(f.run_exit_from(0x80001ff8) == 0);
    CHECK(f.cpu.gpr(s0) == 1);
    CHECK(f.cpu.gpr(s1) == (taken ? 0 : 1));
    CHECK(f.cpu.gpr(s2) == (taken ? 1 : 0));
    CHECK(f.cpu.pc() == (taken ? 0x80002018 : 0x8000200c));  // after the halt that ran
  }
  {  // JAL: link = branch + 8 = the second word of the next page
    CpuFixture f;
    f.set_single_step(step);
    f.load(last, {jal(0x80003000), addiu(s0, s0, 1)});
    f.load(0x80003000, {halt()});
    REQUIRE(f.run_exit_from(last) == 0);
    CHECK(f.cpu.gpr(ra) == 0x80002004);
    CHECK(f.cpu.gpr(s0) == 1);
  }
  {  // an exception in that delay slot: EPC = the branch, BD = 1
    CpuFixture f;
    f.set_single_step(step);
    f.load(last, {bne(zero, zero, 4), as::syscall(), halt()});
    REQUIRE(f.run_exit_from(last) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::Sys);
    CHECK(f.epc() == last);
    CHECK(f.cause_bd());
  }
}

TEST_CASE("cpu: a delay slot on the next virtual page is fetched through that page's mapping",
          "[cpu][codecache][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  // VA 0x00400000 -> PA 0x50000, VA 0x00401000 -> PA 0x60000 (not contiguous).
  f.tlb_write(8, 0x00400000, 0x00050000 | kD | kV | kG);
  f.tlb_write(9, 0x00401000, 0x00060000 | kD | kV | kG);
  f.load(0x80050ffc, {beq(zero, zero, 2)});   // VA 0x00400ffc -> 0x00401008
  f.load(0x80051000, {addiu(s0, zero, 99)});  // what PA + 4 would hold: must not run
  f.load(0x80060000, {addiu(s1, zero, 1), halt(), addiu(s2, zero, 2), halt()});
  REQUIRE(f.run_exit_from(0x00400ffc) == 0);
  CHECK(f.cpu.gpr(s0) == 0);
  CHECK(f.cpu.gpr(s1) == 1);
  CHECK(f.cpu.gpr(s2) == 2);
}

TEST_CASE("cpu: a delay slot on an unmapped next page raises the TLB miss with BD set", "[cpu][codecache][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.tlb_write(8, 0x00400000, 0x00050000 | kD | kV | kG);
  f.load(0x80050ffc, {beq(zero, zero, 2)});
  REQUIRE(f.run_exit_from(0x00400ffc) == CpuFixture::kExitUtlb);
  CHECK(f.exc_code() == exc::TLBL);
  CHECK(f.epc() == 0x00400ffc);
  CHECK(f.cause_bd());
  CHECK(f.badvaddr() == 0x00401000);
}

TEST_CASE("cpu: long straight-line code and a branch where a block would be cut", "[cpu][codecache]") {
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    f.set_single_step(step);
    std::vector<u32> code(100, addiu(s0, s0, 1));
    code.push_back(halt());
    REQUIRE(f.run_exit(code) == 0);
    CHECK(f.cpu.gpr(s0) == 100);
    CHECK(f.cpu.stats().instructions == 101);
  }
  for (unsigned at = 29; at < 35; ++at) {
    INFO("branch at word " << at);
    CpuFixture f;
    f.set_single_step(step);
    std::vector<u32> code(at, addiu(s3, s3, 1));
    // branch, slot, skipped, target: halt
    for (u32 w : {beq(zero, zero, 2), addiu(s0, s0, 1), addiu(s1, s1, 1), halt()}) code.push_back(w);
    REQUIRE(f.run_exit(code) == 0);
    CHECK(f.cpu.gpr(s3) == at);
    CHECK(f.cpu.gpr(s0) == 1);
    CHECK(f.cpu.gpr(s1) == 0);
  }
}

TEST_CASE("cpu: jumping into the middle of code already run, then rewriting it", "[cpu][codecache]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  Program p;
  p({addiu(t0, zero, 3), addiu(s0, s0, 1)});                      // 0, 1: run once
  p({addiu(s1, s1, 1), addiu(t0, t0, -1), bgtz(t0, -3), nop()});  // 2..5: loop entered at 2
  p({bne(s2, zero, 9), addiu(s2, zero, 1)});                      // 6, 7: second time -> 16
  p.li(t5, addiu(s1, s1, 10)).li(a0, kUncached)({sw(t5, 8, a0)});  // 8..12: rewrite word 2
  p({addiu(t0, zero, 2), j(kUncached + 8), nop(), halt()});        // 13..16
  f.load(B, p.words);
  REQUIRE(f.run_exit_from(kUncached) == 0);
  CHECK(f.cpu.gpr(s0) == 1);
  CHECK(f.cpu.gpr(s1) == 3 + 2 * 10);
  CHECK(f.cpu.pc() == kUncached + 4 * 17);
}

TEST_CASE("cpu: the halt emulator op stops run() with the exit status in rs's low byte", "[cpu][codecache]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(t0, 0x1234);
  CHECK(f.run_code({addiu(s0, zero, 1), halt(t0), addiu(s1, zero, 1), halt()}) == Cpu::Stop::Halted);
  CHECK(f.cpu.halted());
  CHECK(f.exit_status() == 0x34);
  CHECK(f.cpu.gpr(s0) == 1);
  CHECK(f.cpu.gpr(s1) == 0);
  CHECK(f.cpu.pc() == B + 8);
  CHECK(f.cpu.stats().instructions == 2);
  // A halted CPU stays halted.
  CHECK(f.run_to_halt() == Cpu::Stop::Halted);
  CHECK(f.cpu.gpr(s1) == 0);
  CHECK(f.cpu.stats().instructions == 2);
}

TEST_CASE("cpu: other ORI $zero forms are not the halt op", "[cpu][codecache]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  // 0xdf00 and 0x0e00 differ from the 0xDExx signature; ori to a real register is an ori.
  REQUIRE(f.run_exit({ori(zero, t0, 0xdf00), ori(zero, t0, 0x0e00), ori(s0, zero, 0xde00), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0xde00);
  CHECK(f.cpu.stats().instructions == 4);
}

TEST_CASE("cpu: SWR/SWL and SB/SH over an instruction that runs later: the new instruction runs",
          "[cpu][codecache][unaligned]") {
  // Each store kind rewrites the subroutine's delay slot `addiu v0, zero, 1` into
  // `addiu v0, zero, 2`: the full word by the swr/swl pair, the immediate's low byte by SB,
  // its low halfword by SH.
  const bool step = GENERATE(false, true);
  const u32 sub = kUncached + 0x100;
  const u32 new_insn = addiu(v0, zero, 2);
  struct Case {
    const char* what;
    std::vector<u32> rewrite;  // a0 = sub, t5 = new_insn
  };
  const Case cases[] = {
      {"swr + swl", {swr(t5, 4, a0), swl(t5, 7, a0)}},
      {"swr alone (aligned: whole word)", {swr(t5, 4, a0)}},
      {"swl alone (offset 3: whole word)", {swl(t5, 7, a0)}},
      {"sb", {sb(t5, 4, a0)}},
      {"sh", {sh(t5, 4, a0)}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CpuFixture f;
    f.set_single_step(step);
    Program p;
    p.li(t5, new_insn).li(a0, sub)({jal(sub), nop(), addu(s0, v0, zero)});
    p(std::initializer_list<u32>{});
    p.words.insert(p.words.end(), c.rewrite.begin(), c.rewrite.end());
    p({jal(sub), nop(), addu(s1, v0, zero), halt()});
    f.load(B, p.words);
    f.load(sub, {jr(ra), addiu(v0, zero, 1)});
    REQUIRE(f.run_exit_from(kUncached) == 0);
    CHECK(f.cpu.gpr(s0) == 1);
    CHECK(f.cpu.gpr(s1) == 2);
  }
}

TEST_CASE("cpu: a multi-word write whose last word is the first of decoded code retires that code",
          "[cpu][codecache]") {
  // A loader (or DMA) writes 12 bytes ending with the first word of a block that has run.
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 sub = B + 0x100;
  f.load(sub, {addiu(v0, zero, 1), jr(ra), nop()});
  const std::vector<u32> caller = {jal(sub), nop(), addu(s0, v0, zero), halt()};
  REQUIRE(f.run_exit(caller) == 0);
  REQUIRE(f.cpu.gpr(s0) == 1);
  const u32 words[3] = {nop(), nop(), addiu(v0, zero, 2)};
  u8 bytes[12];
  std::memcpy(bytes, words, 12);
  REQUIRE(f.bus.write_block((sub & 0x1fffffff) - 8, bytes, 12));
  REQUIRE(f.run_exit(caller) == 0);
  CHECK(f.cpu.gpr(s0) == 2);
}

TEST_CASE("cpu: after one block of a page is rewritten, stores still reach the page's other blocks",
          "[cpu][codecache]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 sub1 = kUncached + 0x100, sub2 = kUncached + 0x200;  // same page, two blocks
  Program p;
  p.li(t5, addiu(v0, zero, 10)).li(t6, addiu(v1, zero, 20)).li(a0, sub1).li(a1, sub2);
  // Both stores in one block: no code is decoded (and the page marked again) in between.
  p({jal(sub1), nop(), jal(sub2), nop(), addu(s0, v0, v1),  // 1 + 2
     sw(t5, 4, a0), sw(t6, 4, a1),                          // rewrite both delay slots
     jal(sub1), nop(), jal(sub2), nop(), addu(s1, v0, v1),   // 10 + 20
     halt()});
  f.load(B, p.words);
  f.load(sub1, {jr(ra), addiu(v0, zero, 1)});
  f.load(sub2, {jr(ra), addiu(v1, zero, 2)});
  REQUIRE(f.run_exit_from(kUncached) == 0);
  CHECK(f.cpu.gpr(s0) == 3);
  CHECK(f.cpu.gpr(s1) == 30);
}
