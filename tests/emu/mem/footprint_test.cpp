// The cache-footprint sets (emu/mem/footprint.h): distinct lines per interval, nested
// intervals, lines touched again in a later interval.
#include <catch2/catch.hpp>

#include "emu/mem/footprint.h"

using namespace emu;

TEST_CASE("a footprint counts each touched line once per interval", "[footprint]") {
  Footprint f;
  const Footprint::Mark m = f.open();
  f.fetch(0x1000, 8);  // 8 words
  f.fetch(0x1010, 8);  // 4 of them again, 4 new
  f.data(0x2000);
  f.data(0x2002);      // the same word
  f.data(0x80002004);  // a kseg0 address is its physical word
  const Footprint::Lines l = f.count_since(m);
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
  CHECK(f.count_since(inner).d == 2);
  f.data(0x10c);
  CHECK(f.count_since(outer).d == 4);
  CHECK(f.count_since(outer).i == 0);
  f.clear();  // nothing open any more
  const Footprint::Mark next = f.open();
  CHECK(f.count_since(next).d == 0);  // the earlier touches do not leak into a new interval
  f.data(0x100);
  f.data(0x1fff0000);  // a page far away
  CHECK(f.count_since(next).d == 2);
}
