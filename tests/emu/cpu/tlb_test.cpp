// R2000/R3000 TLB and address translation (reference r3000-cpu.md §8, §6, §7): TLBWI /
// TLBR / TLBP / TLBWR, translation of kuseg and kseg2, PID matching vs the G bit, V = 0
// (TLBL/TLBS on the general vector), D = 0 (Mod), refill misses on the UTLB vector
// (kuseg only) vs the general vector (kseg2), EntryHi/Context/BadVAddr on TLB exceptions,
// the N bit, coherence of the model's lookup cache when entries or the PID change, and a
// guest UTLB refill handler serving a program that touches several pages.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"
#include "emu/timing/timing_profile.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 B = CpuFixture::kCodeBase;
// EntryLo bits (reference §7).
constexpr u32 kG = 1u << 8, kV = 1u << 9, kD = 1u << 10, kN = 1u << 11;
constexpr u32 pid(u32 p) { return p << 6; }

// Guest code writing TLB entry `index` (uses t7, t8, t9).
void tlbwi_entry(Program& p, u32 index, u32 hi, u32 lo) {
  p.li(t7, index << 8).li(t8, hi).li(t9, lo)({mtc0(t7, c0_index), mtc0(t8, c0_entryhi), mtc0(t9, c0_entrylo), tlbwi()});
}
// Guest code setting the current PID (EntryHi; uses t7).
void set_pid(Program& p, u32 id) { p.li(t7, pid(id))({mtc0(t7, c0_entryhi)}); }
}  // namespace

TEST_CASE("cpu: TLBWI writes the entry named by Index; TLBR reads it back", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  Program p;
  tlbwi_entry(p, 10, 0x12345000 | pid(5), 0x00054000 | kN | kD | kV | kG);
  p.li(t0, 0xffffffff)({mtc0(zero, c0_entryhi), mtc0(t0, c0_entrylo), tlbr(), mfc0(s0, c0_entryhi),
                        mfc0(s1, c0_entrylo), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s0) == (0x12345000 | pid(5)));
  CHECK(f.cpu.gpr(s1) == (0x00054000 | kN | kD | kV | kG));
  CHECK(f.cpu.tlb().entry(10).hi == (0x12345000 | pid(5)));
}

TEST_CASE("cpu: TLBP finds the matching entry or sets Index.P", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.tlb_write(3, 0x00400000 | pid(7), 0x00050000 | kD | kV);
  f.tlb_write(12, 0xc0001000 | pid(1), 0x00051000 | kV | kG);
  Program p;
  p.li(t0, 0x00400000 | pid(7))({mtc0(t0, c0_entryhi), tlbp(), mfc0(s0, c0_index)});   // hit, PID equal
  p.li(t0, 0x00400000 | pid(8))({mtc0(t0, c0_entryhi), tlbp(), mfc0(s1, c0_index)});   // PID differs, no G
  p.li(t0, 0xc0001000 | pid(9))({mtc0(t0, c0_entryhi), tlbp(), mfc0(s2, c0_index)});   // G ignores the PID
  p.li(t0, 0x00401000 | pid(7))({mtc0(t0, c0_entryhi), tlbp(), mfc0(s3, c0_index)});   // no such VPN
  p({nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s0) == (3u << 8));
  CHECK((f.cpu.gpr(s1) >> 31) == 1);
  CHECK(f.cpu.gpr(s2) == (12u << 8));
  CHECK((f.cpu.gpr(s3) >> 31) == 1);
  CHECK((f.cpu.gpr(s3) & 0x7fffc0ff) == 0);  // nothing else but P and (undefined) index bits
}

TEST_CASE("cpu: TLBWR writes the entry named by Random at that cycle", "[cpu][tlb][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  Program p;
  p.li(t0, 0x00777000)({mtc0(t0, c0_entryhi)}).li(t1, 0x00060000 | kV)({mtc0(t1, c0_entrylo)});
  p({mfc0(s0, c0_random), tlbwr(), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  // Random steps down once per cycle, one cycle per instruction: TLBWR sees one less.
  const u32 r = f.cpu.gpr(s0) >> 8;
  REQUIRE(r >= 8);
  REQUIRE(r <= 63);
  const u32 expected = r == 8 ? 63 : r - 1;
  CHECK(f.cpu.tlb().entry(expected).hi == 0x00777000);
  CHECK(f.cpu.tlb().entry(expected).lo == (0x00060000 | kV));
}

TEST_CASE("cpu: TLBWR never writes the wired entries 0-7", "[cpu][tlb][cp0]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  for (u32 i = 0; i < 8; ++i) f.tlb_write(i, 0x70000000 + (i << 12), 0x00070000 | kV);
  // 300 TLBWRs, each with a fresh VPN. The loop is 9 instructions (cycles) long, prime
  // to Random's period of 56, so the TLBWRs meet every value of Random.
  Program p;
  p.li(t0, 0x10000000)({addiu(t1, zero, 300)});
  const u32 loop = p.here();
  p({mtc0(t0, c0_entryhi), lui(t2, 0x0001), addu(t0, t0, t2), tlbwr(), addiu(t1, t1, -1), nop(), nop()});
  p({bgtz(t1, s32(loop) - s32(p.here()) - 1), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  for (u32 i = 0; i < 8; ++i) CHECK(f.cpu.tlb().entry(i).hi == 0x70000000 + (i << 12));
  unsigned written = 0;
  for (u32 i = 8; i < 64; ++i) written += (f.cpu.tlb().entry(i).hi & 0xf0000000) == 0x10000000;
  CHECK(written == 56);  // all of 8..63
}

TEST_CASE("cpu: kuseg and kseg2 addresses translate through the TLB, offset kept", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.tlb_write(8, 0x00400000, 0x00050000 | kD | kV);       // PID 0
  f.tlb_write(9, 0xc0001000, 0x00051000 | kD | kV | kG);
  f.poke32(0x80050abc, 0x11111111);
  f.poke32(0x80051ffc, 0x22222222);
  f.cpu.set_gpr(a0, 0x00400abc);
  f.cpu.set_gpr(a1, 0xc0001ffc);
  f.cpu.set_gpr(t0, 0x33333333);
  f.cpu.set_gpr(t1, 0x44444444);
  REQUIRE(f.run_exit({lw(s0, 0, a0), lw(s1, 0, a1), sw(t0, 4, a0), sw(t1, -4, a1), nop(), halt()}) == 0);
  CHECK(f.cpu.gpr(s0) == 0x11111111);
  CHECK(f.cpu.gpr(s1) == 0x22222222);
  CHECK(f.peek32(0x80050ac0) == 0x33333333);
  CHECK(f.peek32(0x80051ff8) == 0x44444444);
}

TEST_CASE("cpu: code runs from a mapped kuseg page", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.tlb_write(8, 0x00400000 | pid(2), 0x00052000 | kV);
  f.cpu.set_cp0(c0_entryhi, pid(2));
  f.load(0x80052000, {addiu(s0, zero, 5), addiu(s0, s0, 6), halt()});
  REQUIRE(f.run_exit_from(0x00400000) == 0);
  CHECK(f.cpu.gpr(s0) == 11);
}

TEST_CASE("cpu: a non-global entry matches only the current PID; G matches any", "[cpu][tlb]") {
  const bool step = GENERATE(false, true);
  for (u32 current : {3u, 4u}) {
    for (bool global : {false, true}) {
      INFO("current PID " << current << (global ? " G" : ""));
      CpuFixture f;
      f.set_single_step(step);
      f.tlb_write(8, 0x00400000 | pid(3), 0x00050000 | kD | kV | (global ? kG : 0));
      f.poke32(0x80050010, 0x5555);
      f.cpu.set_cp0(c0_entryhi, pid(current));
      f.cpu.set_gpr(a0, 0x00400010);
      const int status = f.run_exit({lw(s0, 0, a0), nop(), halt()});
      if (global || current == 3) {
        CHECK(status == 0);
        CHECK(f.cpu.gpr(s0) == 0x5555);
      } else {
        CHECK(status == CpuFixture::kExitUtlb);
        CHECK(f.exc_code() == exc::TLBL);
        CHECK(f.badvaddr() == 0x00400010);
      }
    }
  }
}

TEST_CASE("cpu: a kuseg miss goes to the UTLB vector; EntryHi, Context and BadVAddr describe it",
          "[cpu][tlb][exception]") {
  const bool step = GENERATE(false, true);
  for (bool store : {false, true}) {
    INFO((store ? "store" : "load"));
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cp0(c0_context, 0xffe00000);           // PTEBase all ones
    f.cpu.set_cp0(c0_entryhi, 0x12345000 | pid(42));
    f.cpu.set_gpr(a0, 0x7ffff123);
    f.cpu.set_gpr(t0, 0x99);
    const u32 insn = store ? sb(t0, 0, a0) : lb(t0, 0, a0);
    REQUIRE(f.run_exit({nop(), insn, nop(), halt()}) == CpuFixture::kExitUtlb);
    CHECK(f.exc_code() == (store ? exc::TLBS : exc::TLBL));
    CHECK(f.epc() == B + 4);
    CHECK(f.badvaddr() == 0x7ffff123);
    CHECK(f.cpu.cp0(c0_entryhi) == (0x7ffff000 | pid(42)));  // VPN of the fault, PID kept
    CHECK(f.cpu.cp0(c0_context) == (0xffe00000 | (0x7ffffu << 2)));  // BadVPN = VA[30:12]
    CHECK(f.cpu.gpr(t0) == 0x99);
    CHECK(f.cpu.stats().utlb_misses == 1);
  }
}

TEST_CASE("cpu: a kuseg miss with BEV set goes to 0xbfc00100", "[cpu][tlb][exception]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.map_boot_rom();
  f.cpu.set_cp0(c0_status, 1u << 22);
  f.cpu.set_gpr(a0, 0x00010000);
  REQUIRE(f.run_exit({lw(t0, 0, a0), nop(), halt()}) == CpuFixture::kExitUtlbBev);
  CHECK(f.exc_code() == exc::TLBL);
}

TEST_CASE("cpu: a kseg2 miss goes to the general vector", "[cpu][tlb][exception]") {
  const bool step = GENERATE(false, true);
  for (bool store : {false, true}) {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_cp0(c0_context, 0x80000000);
    f.cpu.set_cp0(c0_entryhi, pid(1));
    f.cpu.set_gpr(a0, 0xc0123456);
    const u32 insn = store ? sh(t0, 0, a0) : lhu(t0, 0, a0);
    REQUIRE(f.run_exit({insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == (store ? exc::TLBS : exc::TLBL));
    CHECK(f.badvaddr() == 0xc0123456);
    CHECK(f.cpu.cp0(c0_entryhi) == (0xc0123000 | pid(1)));
    CHECK(f.cpu.cp0(c0_context) == (0x80000000 | (0x40123u << 2)));  // VA[30:12] = 0x40123
    CHECK(f.cpu.stats().utlb_misses == 0);
  }
}

TEST_CASE("cpu: an invalid (V = 0) entry raises TLBL/TLBS on the general vector, also in kuseg",
          "[cpu][tlb][exception]") {
  const bool step = GENERATE(false, true);
  for (bool store : {false, true}) {
    CpuFixture f;
    f.set_single_step(step);
    f.tlb_write(8, 0x00400000, 0x00050000 | kD | kG);  // V = 0
    f.cpu.set_cp0(c0_entryhi, pid(9));
    f.cpu.set_gpr(a0, 0x00400ff0);
    const u32 insn = store ? sw(t0, 0, a0) : lw(t0, 0, a0);
    REQUIRE(f.run_exit({insn, nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == (store ? exc::TLBS : exc::TLBL));
    CHECK(f.badvaddr() == 0x00400ff0);
    CHECK(f.cpu.cp0(c0_entryhi) == (0x00400000 | pid(9)));
    CHECK((f.cpu.cp0(c0_context) & 0x001ffffc) == (0x400u << 2));
    CHECK(f.cpu.stats().utlb_misses == 0);
  }
}

TEST_CASE("cpu: a store through a clean (D = 0) entry raises Mod; loads are fine", "[cpu][tlb][exception]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.tlb_write(8, 0xc0004000, 0x00050000 | kV | kG);  // D = 0
  f.poke32(0x80050008, 0x1234);
  f.cpu.set_gpr(a0, 0xc0004008);
  f.cpu.set_gpr(t0, 0x77);
  REQUIRE(f.run_exit({lw(s0, 0, a0), nop(), sw(t0, 0, a0), nop(), halt()}) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Mod);
  CHECK(f.epc() == B + 8);
  CHECK(f.badvaddr() == 0xc0004008);
  CHECK((f.cpu.cp0(c0_entryhi) & 0xfffff000) == 0xc0004000);
  CHECK(f.cpu.gpr(s0) == 0x1234);
  CHECK(f.peek32(0x80050008) == 0x1234);  // the store did not happen
}

TEST_CASE("cpu: instruction fetch misses: UTLB for kuseg, general vector for kseg2 and invalid entries",
          "[cpu][tlb][exception]") {
  const bool step = GENERATE(false, true);
  struct Case {
    u32 target;
    int exit;
  };
  for (Case c : {Case{0x00500000, CpuFixture::kExitUtlb}, Case{0xc0500000, CpuFixture::kExitGeneral},
                 Case{0x00600000, CpuFixture::kExitGeneral}}) {
    INFO("target " << std::hex << c.target);
    CpuFixture f;
    f.set_single_step(step);
    f.tlb_write(8, 0x00600000, 0x00050000 | kG);  // present but invalid
    f.cpu.set_gpr(t9, c.target);
    REQUIRE(f.run_exit({jr(t9), nop(), halt()}) == c.exit);
    CHECK(f.exc_code() == exc::TLBL);
    CHECK(f.epc() == c.target);
    CHECK(f.badvaddr() == c.target);
    CHECK_FALSE(f.cause_bd());
  }
}

TEST_CASE("cpu: the N (non-cacheable) bit is kept and does not change the translation", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.tlb_write(8, 0x00400000, 0x00050000 | kN | kD | kV | kG);
  f.poke32(0x80050000, 0xabcd);
  f.cpu.set_gpr(a0, 0x00400000);
  Program p;
  p({lw(s0, 0, a0)}).li(t0, 8 << 8)({mtc0(t0, c0_index), tlbr(), mfc0(s1, c0_entrylo), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s0) == 0xabcd);
  CHECK(f.cpu.gpr(s1) == (0x00050000 | kN | kD | kV | kG));
}

TEST_CASE("cpu: rewriting a TLB entry takes effect at once (no stale translation)", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(0x80050000, 0xaaaa);
  f.poke32(0x80051000, 0xbbbb);
  f.cpu.set_gpr(a0, 0x00400000);
  Program p;
  tlbwi_entry(p, 8, 0x00400000, 0x00050000 | kV | kG);
  p({lw(s0, 0, a0), lw(s0, 0, a0), nop()});           // cached translation -> 0x50000
  tlbwi_entry(p, 8, 0x00400000, 0x00051000 | kV | kG);
  p({lw(s1, 0, a0), nop()});                          // same entry, new PFN -> 0x51000
  tlbwi_entry(p, 8, 0x00400000, 0x00051000 | kG);      // now invalid
  p({lw(s2, 0, a0), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
  CHECK(f.cpu.gpr(s0) == 0xaaaa);
  CHECK(f.cpu.gpr(s1) == 0xbbbb);
  CHECK(f.exc_code() == exc::TLBL);
  CHECK(f.cpu.gpr(s2) == 0);
}

TEST_CASE("cpu: moving an entry to another VPN unmaps the old one", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(0x80050000, 0xaaaa);
  f.cpu.set_gpr(a0, 0x00400000);
  f.cpu.set_gpr(a1, 0x00401000);
  Program p;
  tlbwi_entry(p, 8, 0x00400000, 0x00050000 | kV | kG);
  p({lw(s0, 0, a0), nop()});
  tlbwi_entry(p, 8, 0x00401000, 0x00050000 | kV | kG);
  p({lw(s1, 0, a1), nop(), lw(s2, 0, a0), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == CpuFixture::kExitUtlb);
  CHECK(f.cpu.gpr(s0) == 0xaaaa);
  CHECK(f.cpu.gpr(s1) == 0xaaaa);
  CHECK(f.badvaddr() == 0x00400000);
}

TEST_CASE("cpu: a D bit change is seen by the next store", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(a0, 0xc0000000);
  f.cpu.set_gpr(t0, 0x42);
  Program p;
  tlbwi_entry(p, 8, 0xc0000000, 0x00050000 | kD | kV | kG);
  p({sw(t0, 0, a0)});
  tlbwi_entry(p, 8, 0xc0000000, 0x00050000 | kV | kG);  // clean now
  p({lw(s0, 0, a0), nop(), sw(t0, 4, a0), halt()});
  REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
  CHECK(f.peek32(0x80050000) == 0x42);
  CHECK(f.cpu.gpr(s0) == 0x42);
  CHECK(f.exc_code() == exc::Mod);
  CHECK(f.peek32(0x80050004) == 0);
}

TEST_CASE("cpu: changing the PID in EntryHi switches between per-process mappings", "[cpu][tlb]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(0x80050000, 0x1111);
  f.poke32(0x80051000, 0x2222);
  f.cpu.set_gpr(a0, 0x00400000);
  Program p;
  tlbwi_entry(p, 8, 0x00400000 | pid(1), 0x00050000 | kV);
  tlbwi_entry(p, 9, 0x00400000 | pid(2), 0x00051000 | kV);
  set_pid(p, 1);
  p({lw(s0, 0, a0), lw(s0, 0, a0)});
  set_pid(p, 2);
  p({lw(s1, 0, a0), lw(s1, 0, a0)});
  set_pid(p, 1);
  p({lw(s2, 0, a0), nop()});
  set_pid(p, 3);  // no entry for PID 3
  p({lw(s3, 0, a0), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == CpuFixture::kExitUtlb);
  CHECK(f.cpu.gpr(s0) == 0x1111);
  CHECK(f.cpu.gpr(s1) == 0x2222);
  CHECK(f.cpu.gpr(s2) == 0x1111);
  CHECK(f.cpu.gpr(s3) == 0);
  CHECK(f.cpu.cp0(c0_entryhi) == (0x00400000 | pid(3)));
}

TEST_CASE("cpu: a guest UTLB refill handler maps pages on demand for a user program", "[cpu][tlb][exception]") {
  // Linear page table at PTEBase 0x80000000 (Context = PTEBase | VA[30:12] << 2): user
  // VPNs 0x80..0x88 have their PTEs at 0x80000200.. . VPN 0x80 + i -> physical 0x40000 + i pages.
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  const u32 kUser = 0x00080000;
  for (u32 i = 0; i <= 8; ++i) f.poke32(0x80000200 + 4 * i, (0x00040000 + (i << 12)) | kD | kV);
  // The classic R3000 refill handler.
  f.load(0x80000000, {mfc0(k0, c0_context), mfc0(k1, c0_epc), lw(k0, 0, k0), nop(), mtc0(k0, c0_entrylo), nop(),
                      tlbwr(), jr(k1), rfe()});
  // User program: write 8..1 into pages 1..8, then sum them back; SYSCALL at the end.
  f.load(0x80040000, {
                         lui(a0, 0x0008), ori(a0, a0, 0x1000), addiu(t0, zero, 8), addu(a1, a0, zero),
                         sw(t0, 4, a1), addiu(t0, t0, -1), addiu(a1, a1, 0x1000), bgtz(t0, -4), nop(),  // 4..8
                         addiu(t0, zero, 8), addu(a1, a0, zero), addu(v0, zero, zero),
                         lw(t1, 4, a1), addiu(t0, t0, -1), addu(v0, v0, t1), addiu(a1, a1, 0x1000),      // 12..15
                         bgtz(t0, -5), nop(), as::syscall(),                                             // 16..18
                     });
  // Kernel: PTEBase, PID 5, then "return" to user mode at kUser.
  Program k;
  k.li(t0, 0x80000000)({mtc0(t0, c0_context)}).li(t0, pid(5))({mtc0(t0, c0_entryhi)});
  k.li(t0, (1u << 29) | (1u << 3))({mtc0(t0, c0_status)});  // CU1, KUp = 1
  k.li(t1, kUser)({jr(t1), rfe()});
  REQUIRE(f.run_exit(k.words) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Sys);
  CHECK(f.epc() == kUser + 18 * 4);
  CHECK(f.cpu.gpr(v0) == 36);  // 8 + 7 + ... + 1
  for (u32 i = 1; i <= 8; ++i) CHECK(f.peek32(0x80040004 + (i << 12)) == 9 - i);
  CHECK((f.status() & 0x8) != 0);                 // the SYSCALL came from user mode
  CHECK(f.cpu.stats().utlb_misses >= 9);          // the code page and eight data pages
  CHECK((f.cpu.cp0(c0_entryhi) & 0xfc0) == pid(5));
  // Every refilled entry carries PID 5 and sits in the random part of the TLB.
  unsigned found = 0;
  for (u32 i = 0; i < 64; ++i) {
    const TlbEntry& e = f.cpu.tlb().entry(i);
    if ((e.hi & 0xfffff000) >= kUser && (e.hi & 0xfffff000) <= kUser + 0x8000) {
      ++found;
      CHECK(i >= 8);
      CHECK((e.hi & 0xfc0) == pid(5));
    }
  }
  CHECK(found >= 1);
}

TEST_CASE("cpu: the first access after TLBWI to a clean (D = 0) page is a store: Mod", "[cpu][tlb][exception]") {
  // No load has been through the entry yet, so the model's lookup cache does not hold it:
  // the D check of the full lookup is the one that counts.
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.cpu.set_gpr(a0, 0x00403008);
  f.cpu.set_gpr(t0, 0x77);
  Program p;
  tlbwi_entry(p, 20, 0x00403000, 0x00053000 | kV | kG);
  p({sw(t0, 0, a0), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == CpuFixture::kExitGeneral);
  CHECK(f.exc_code() == exc::Mod);
  CHECK(f.badvaddr() == 0x00403008);
  CHECK(f.peek32(0x80053008) == 0);
  CHECK(f.cpu.stats().utlb_misses == 0);
}

TEST_CASE("cpu: the N bit makes accesses through the entry uncached (timing model)", "[cpu][tlb][timing]") {
  static const TimingProfile profile = timing_profile_for("ds3100");
  for (bool n : {false, true}) {
    INFO("N = " << n);
    CpuConfig cfg;
    cfg.timing = &profile;
    CpuFixture f(cfg);
    f.tlb_write(8, 0x00400000, 0x00050000 | (n ? kN : 0) | kD | kV | kG);
    f.poke32(0x80050000, 0xabcd);
    f.cpu.set_gpr(a0, 0x00400000);
    const TimingCounters before = f.cpu.memory_system().counters;
    REQUIRE(f.run_exit({lw(s0, 0, a0), lw(s1, 0, a0), nop(), halt()}) == 0);
    const TimingCounters& after = f.cpu.memory_system().counters;
    CHECK(f.cpu.gpr(s0) == 0xabcd);
    CHECK(f.cpu.gpr(s1) == 0xabcd);
    CHECK(after.dload_uncached - before.dload_uncached == (n ? 2u : 0u));
    CHECK(after.dload_cached - before.dload_cached == (n ? 0u : 2u));
    CHECK(f.cpu.dcache().hit(0x00050000) == !n);
  }
}

TEST_CASE("cpu: TLB reset state: no entry matches, so every mapped access misses", "[cpu][tlb]") {
  // The chip leaves the TLB undefined; the model starts with 64 distinct entries whose
  // VPNs lie in kseg0 (never translated) with EntryLo = 0, as kernels initialise it.
  const bool step = GENERATE(false, true);
  {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(a0, 0x00000100);  // VPN 0, PID 0: what an all-zero TLB would match
    REQUIRE(f.run_exit({lw(t0, 0, a0), nop(), halt()}) == CpuFixture::kExitUtlb);
    CHECK(f.exc_code() == exc::TLBL);
    CHECK(f.cpu.stats().utlb_misses == 1);
  }
  {
    CpuFixture f;
    f.set_single_step(step);
    f.cpu.set_gpr(a0, 0xc0000000);
    REQUIRE(f.run_exit({sw(t0, 0, a0), nop(), halt()}) == CpuFixture::kExitGeneral);
    CHECK(f.exc_code() == exc::TLBS);
  }
  {
    CpuFixture f;
    f.set_single_step(step);
    // TLBP of EntryHi = 0 finds nothing.
    REQUIRE(f.run_exit({mtc0(zero, c0_entryhi), tlbp(), mfc0(s0, c0_index), nop(), halt()}) == 0);
    CHECK((f.cpu.gpr(s0) >> 31) == 1);
  }
  CpuFixture f;
  for (u32 i = 0; i < 64; ++i) {
    INFO("entry " << i);
    const TlbEntry& e = f.cpu.tlb().entry(i);
    CHECK(e.lo == 0);
    CHECK(e.hi == 0x80000000 + (i << 12));
  }
}

TEST_CASE("cpu: kernel code in a mapped page follows the PID (no stale translation of the PC)", "[cpu][tlb]") {
  // Two non-global entries map VA 0x00400000 for PID 1 and PID 2 to different code. The
  // kernel calls it, switches the PID and calls it again: the second call must run PID 2's
  // code, also when the block executor found the first one through its jump cache.
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.tlb_write(8, 0x00400000 | pid(1), 0x00050000 | kV);
  f.tlb_write(9, 0x00400000 | pid(2), 0x00051000 | kV);
  f.tlb_write(10, 0xc0001000 | pid(1), 0x00050000 | kV);  // (not sharing a jump-cache slot with the kuseg VA)
  f.tlb_write(11, 0xc0001000 | pid(2), 0x00051000 | kV);
  f.load(0x80050000, {jr(ra), addiu(s0, s0, 1)});
  f.load(0x80051000, {jr(ra), addiu(s1, s1, 1)});
  Program p;
  p.li(t8, 0x00400000).li(t9, 0xc0001000);
  set_pid(p, 1);
  p({jalr(ra, t8), nop(), jalr(ra, t9), nop()});
  set_pid(p, 2);
  p({jalr(ra, t8), nop(), jalr(ra, t9), nop()});
  set_pid(p, 1);
  p({jalr(ra, t8), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s0) == 3);  // PID 1: kuseg, kseg2, kuseg
  CHECK(f.cpu.gpr(s1) == 2);  // PID 2: kuseg, kseg2
}
