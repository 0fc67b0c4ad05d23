// KN01 frame buffer parts (devices/video/): the Bt478 VDAC's counters, the DC503 PCC's
// sprite load and planes, and the picture of mono and colour video RAM.
#include <catch2/catch.hpp>

#include <vector>

#include "devices/video/kn01_fb.h"

using namespace emu;

TEST_CASE("bt478: colour map and overlay writes, read back, pixel read mask", "[bt478]") {
  Bt478 v;
  REQUIRE(v.write(0x00, 1, 5));
  for (u32 b : {0x10, 0x20, 0x30, 0x40, 0x50, 0x60}) REQUIRE(v.write(0x04, 1, b));
  CHECK(v.colour(5) == 0x102030);
  CHECK(v.colour(6) == 0x405060);
  REQUIRE(v.write(0x0c, 1, 6));
  u32 r = 0;
  REQUIRE(v.read(0x04, 1, r));
  CHECK(r == 0x40);
  REQUIRE(v.write(0x10, 1, 12));
  for (u32 b : {0xff, 0xff, 0x00}) REQUIRE(v.write(0x14, 1, b));
  CHECK(v.overlay(12) == 0xffff00);
  REQUIRE(v.write(0x08, 1, 0x03));  // pixel read mask
  CHECK(v.colour(0x06) == v.colour(0x02));
  REQUIRE(v.write(0x08, 1, 0xff));
  REQUIRE(v.write(0x20, 1, 13));    // registers repeat every 0x20: colour-map address, data
  REQUIRE(v.write(0x24, 1, 0x99));
  CHECK(v.colour(13) == 0x99ffff);
}

TEST_CASE("dc503: LODSA loads planes A then B; FOP forces a plane; offsets 212, 34", "[pcc]") {
  Dc503Pcc p;
  REQUIRE(p.write(0x00, 2, Dc503Pcc::kLodsa));
  for (unsigned r = 0; r < 16; ++r) REQUIRE(p.write(0x3c, 2, 0x0001));  // A: column 0
  for (unsigned r = 0; r < 16; ++r) REQUIRE(p.write(0x3c, 2, 0x0003));  // B: columns 0, 1
  REQUIRE(p.write(0x04, 2, 10 + 212));
  REQUIRE(p.write(0x08, 2, 20 + 34));
  CHECK(p.overlay_at(10, 20) == 0);  // hidden while loading
  REQUIRE(p.write(0x00, 2, Dc503Pcc::kEnpa | Dc503Pcc::kEnpb));
  CHECK(p.overlay_at(10, 20) == 12);
  CHECK(p.overlay_at(11, 20) == 4);
  CHECK(p.overlay_at(12, 20) == 0);
  CHECK(p.overlay_at(10, 36) == 0);  // below the 16 rows
  REQUIRE(p.write(0x00, 2, Dc503Pcc::kFopa));
  CHECK(p.overlay_at(12, 20) == 8);
  u32 v = 0;
  REQUIRE(p.read(0x04, 4, v));
  CHECK(v == 10 + 212);
}

TEST_CASE("kn01 fb: mono bit x of a 256-byte row is pixel x (LSB leftmost), 0x80 on", "[kn01-fb]") {
  Scheduler s;
  Kn01Fb fb(false, s, 16'666'667, nullptr);
  fb.reset();
  REQUIRE(fb.write(3 * 256 + 1, 1, 0x05));  // pixels 8 and 10 of row 3
  REQUIRE(fb.vdac().write(0x00, 1, 0x80));
  for (u32 b : {0x00, 0xff, 0x00}) REQUIRE(fb.vdac().write(0x04, 1, b));  // 0x80 green
  std::vector<u32> rgb;
  fb.render(rgb);
  CHECK(rgb[3 * 1024 + 8] == 0x00ff00);
  CHECK(rgb[3 * 1024 + 9] == 0x000000);
  CHECK(rgb[3 * 1024 + 10] == 0x00ff00);
  CHECK(fb.vram_bytes() == 0x40000);
}
