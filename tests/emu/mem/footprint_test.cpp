// The cache-footprint sets (emu/mem/footprint.h): distinct lines per interval, nested
// intervals, lines touched again in a later interval.
#include <catch2/catch.hpp>

#include "emu/mem/footprint.h"

using namespace emu;

constexpr u32 kLines = 16384;  // a 64 KiB cache

TEST_CASE("a footprint counts each touched line once per interval", "[footprint]") {
  Footprint f;
  const Footprint::Mark m = f.open();
  f.fetch(0x1000, 8);  // 8 words
  f.fetch(0x1010, 8);  // 4 of them again, 4 new
  f.data(0x2000);
  f.data(0x2002);      // the same word
  f.data(0x80002004);  // a kseg0 address is its physical word
  const Footprint::Lines l = f.count_since(m, kLines, kLines);
  CHECK(l.i == 12);
  CHECK(l.d == 2);
}

TEST_CASE("nested intervals: the outer one counts what the inner one touched", "[footprint]") {
  Footprint f;
  const Footprint::Mark outer = f.open();
  f.data(0x100);
  f.data(0x104);
  const Footprint::Mark inner = f.open();
  f.data(0x104);  // touched before the inner interval too: counted in both, once each
  f.data(0x108);
  CHECK(f.count_since(inner, kLines, kLines).d == 2);
  f.data(0x10c);
  CHECK(f.count_since(outer, kLines, kLines).d == 4);
  CHECK(f.count_since(outer, kLines, kLines).i == 0);
  f.clear();  // nothing open any more
  const Footprint::Mark next = f.open();
  CHECK(f.count_since(next, kLines, kLines).d == 0);  // the earlier touches do not leak into a new interval
  f.data(0x100);
  f.data(0x1fff0000);  // a page far away
  CHECK(f.count_since(next, kLines, kLines).d == 2);
}

TEST_CASE("a footprint counts the lines that share a cache line with another of its lines", "[footprint]") {
  Footprint f;
  const Footprint::Mark m = f.open();
  f.fetch(0x30000, 4);  // cache lines 0..3
  f.fetch(0x40004, 1);  // 64 KiB on: cache line 1 again
  f.fetch(0x50004, 1);  // and again
  f.data(0x1000);
  f.data(0x1000 + 4 * 64);  // a 64-line cache: the same line
  const Footprint::Lines l = f.count_since(m, kLines, 64);
  CHECK(l.i == 6);
  CHECK(l.i_conflicts == 3);  // the three words on cache line 1
  CHECK(l.d == 2);
  CHECK(l.d_conflicts == 2);
  CHECK(f.count_since(m, kLines, kLines).d_conflicts == 0);  // apart in a 64 KiB cache
}
