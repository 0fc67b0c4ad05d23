// R2000/R3000 cache isolation and swapping (reference r3000-cpu.md §9, §7.1; NetBSD
// cache_r3k.c, MAME mips1.cpp): with Status.IsC loads and stores reach only the cache
// array — SW writes data and tag, loads return the data word whatever the tag and set
// Status.CM on a tag mismatch, SB/SH (partial stores) invalidate — and SwC makes those
// accesses use the I-cache. The cache-size probe idiom must find the configured size.
#include <catch2/catch.hpp>

#include "cpu_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {
constexpr u32 D = CpuFixture::kDataBase;  // physical 0x10000
constexpr u32 kCU1 = 1u << 29, kIsC = 1u << 16, kSwC = 1u << 17, kCM = 1u << 19;

void isolate(Program& p, u32 extra = 0) { p.li(t8, kCU1 | kIsC | extra)({mtc0(t8, c0_status)}); }
void unisolate(Program& p) { p.li(t8, kCU1)({mtc0(t8, c0_status)}); }
}  // namespace

TEST_CASE("cpu: with IsC, SW writes only the D-cache and LW reads it back", "[cpu][isolation]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(D, 0x1111);
  f.cpu.set_gpr(a0, D);
  Program p;
  isolate(p);
  p.li(t1, 0x2222)({sw(t1, 0, a0), lw(s0, 0, a0), nop()});
  unisolate(p);
  p({lw(s1, 0, a0), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s0) == 0x2222);
  CHECK(f.cpu.gpr(s1) == 0x1111);  // memory was never written
  CHECK(f.peek32(D) == 0x1111);
  CHECK(f.cpu.dcache().hit(0x10000));
  CHECK(f.cpu.dcache().data(0x10000) == 0x2222);
  CHECK_FALSE(f.cpu.icache().hit(0x10000));
}

TEST_CASE("cpu: with IsC, loads return the cached word whatever the tag; CM tells a miss", "[cpu][isolation]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(D, 0x1111);
  f.poke32(D + 0x10000, 0x3333);  // same index in a 64 KiB cache, another tag
  f.cpu.set_gpr(a0, D);
  Program p;
  isolate(p);
  p.li(t1, 0xa1b2c3d4)({sw(t1, 0, a0), lw(s0, 0, a0), mfc0(s1, c0_status)});          // hit
  p.li(t2, 0x10000)({addu(a1, a0, t2), lw(s2, 0, a1), mfc0(s3, c0_status)});          // tag mismatch
  p({lbu(s4, 1, a0), lh(s5, 2, a0), mfc0(s6, c0_status), nop()});                    // hit again, partial loads
  unisolate(p);
  p({halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s0) == 0xa1b2c3d4);
  CHECK((f.cpu.gpr(s1) & kCM) == 0);
  CHECK(f.cpu.gpr(s2) == 0xa1b2c3d4);  // the data word at the index, not memory
  CHECK((f.cpu.gpr(s3) & kCM) == kCM);
  CHECK(f.cpu.gpr(s4) == 0xc3);
  CHECK(f.cpu.gpr(s5) == 0xffffa1b2);
  CHECK((f.cpu.gpr(s6) & kCM) == 0);
}

TEST_CASE("cpu: with IsC, SB and SH (and SWL/SWR) invalidate the line; memory is untouched", "[cpu][isolation]") {
  const bool step = GENERATE(false, true);
  for (u32 partial : {sb(zero, 0, a0), sh(zero, 2, a0), sb(t1, 3, a0), swl(t1, 1, a0), swr(t1, 2, a0)}) {
    INFO("insn " << std::hex << partial);
    CpuFixture f;
    f.set_single_step(step);
    f.poke32(D, 0x1111);
    f.cpu.set_gpr(a0, D);
    Program p;
    isolate(p);
    p.li(t1, 0x2222)({sw(t1, 0, a0), partial, lw(s0, 0, a0), mfc0(s1, c0_status), nop()});
    unisolate(p);
    p({halt()});
    REQUIRE(f.run_exit(p.words) == 0);
    CHECK_FALSE(f.cpu.dcache().hit(0x10000));
    CHECK((f.cpu.gpr(s1) & kCM) == kCM);
    CHECK(f.peek32(D) == 0x1111);
  }
}

TEST_CASE("cpu: with IsC and SwC the accesses use the I-cache", "[cpu][isolation]") {
  CpuFixture f;
  f.set_single_step(GENERATE(false, true));
  f.poke32(D + 8, 0x1111);
  f.cpu.set_gpr(a0, D);
  Program p;
  isolate(p, kSwC);
  p.li(t1, 0x5678)({sw(t1, 8, a0), lw(s0, 8, a0), sw(t1, 12, a0), sb(zero, 12, a0), nop()});
  unisolate(p);
  p({halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(s0) == 0x5678);
  CHECK(f.cpu.icache().hit(0x10008));
  CHECK(f.cpu.icache().data(0x10008) == 0x5678);
  CHECK_FALSE(f.cpu.icache().hit(0x1000c));
  CHECK_FALSE(f.cpu.dcache().hit(0x10008));
  CHECK(f.peek32(D + 8) == 0x1111);
}

namespace {
// The cache size probe (reference §9, NetBSD r3k_size_cache): isolated, store each size
// at kseg0 + size from 256 KiB down to 512 bytes, then read kseg0 + 0.
u32 probe_cache_size(CpuConfig cfg, bool icache, bool step) {
  CpuFixture f(cfg);
  f.set_single_step(step);
  for (u32 a = 0x80000200; a < 0x80041000; a += 0x1000) f.poke32(a + 0x100, 0xfeed0000 | (a >> 12));
  Program p;
  isolate(p, icache ? kSwC : 0);
  p({lui(a0, 0x8000), lui(t1, 0x0004)});
  const u32 loop = p.here();
  p({addu(t2, a0, t1), sw(t1, 0, t2), srl(t1, t1, 1), sltiu(t3, t1, 512)});
  p({beq(t3, zero, s32(loop) - s32(p.here()) - 1), nop(), lw(v0, 0, a0), nop()});
  unisolate(p);
  p({halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  // Memory was not touched.
  for (u32 a = 0x80000200; a < 0x80041000; a += 0x1000) REQUIRE(f.peek32(a + 0x100) == (0xfeed0000 | (a >> 12)));
  return f.cpu.gpr(v0);
}
}  // namespace

TEST_CASE("cpu: the cache-size probe finds 64 KiB by default and the configured sizes", "[cpu][isolation]") {
  const bool step = GENERATE(false, true);
  CHECK(probe_cache_size({}, false, step) == 64 * 1024);
  CHECK(probe_cache_size({}, true, step) == 64 * 1024);
  CpuConfig small;
  small.dcache_bytes = 32 * 1024;
  small.icache_bytes = 16 * 1024;
  CHECK(probe_cache_size(small, false, step) == 32 * 1024);
  CHECK(probe_cache_size(small, true, step) == 16 * 1024);
}

TEST_CASE("cpu: the D-cache flush idiom (isolated SB over a range) invalidates every line", "[cpu][isolation]") {
  const bool step = GENERATE(false, true);
  for (bool flush : {false, true}) {
    INFO((flush ? "fill and flush" : "fill only"));
    CpuFixture f;
    f.set_single_step(step);
    Program p;
    isolate(p);
    // Fill 64 lines with isolated SW, then (optionally) flush them with `sb zero`.
    p({lui(a0, 0x8002), addiu(t1, zero, 64), addu(a1, a0, zero)});
    p({sw(t1, 0, a1), addiu(t1, t1, -1), bgtz(t1, -3), addiu(a1, a1, 4)});
    if (flush) {
      p({addiu(t1, zero, 64), addu(a1, a0, zero)});
      p({sb(zero, 0, a1), addiu(t1, t1, -1), bgtz(t1, -3), addiu(a1, a1, 4)});
    }
    unisolate(p);
    p({halt()});
    REQUIRE(f.run_exit(p.words) == 0);
    for (u32 i = 0; i < 64; ++i) CHECK(f.cpu.dcache().hit(0x20000 + 4 * i) == !flush);
    CHECK(f.cpu.gpr(a1) == 0x80020100);
  }
}
