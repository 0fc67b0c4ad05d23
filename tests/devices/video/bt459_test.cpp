// Bt459 RAMDAC (devices/video/bt459.h): the address and R/G/B counters, the register and
// colour-map windows, reset values and the cursor, from NetBSD bt459reg.h / cfb.c and MAME
// bt459.cpp as framebuffers-lk201.md §3 summarises them.
#include <catch2/catch.hpp>

#include <vector>

#include "devices/video/bt459.h"

using namespace emu;

namespace {
void select(Bt459& b, u32 addr) {
  b.write(Bt459::kAddrLow, u8(addr));
  b.write(Bt459::kAddrHigh, u8(addr >> 8));
}
}  // namespace

TEST_CASE("bt459: ID, command registers and the address step after each access", "[bt459]") {
  Bt459 b;
  select(b, 0x200);
  CHECK(b.read(Bt459::kRegister) == 0x4a);                         // ID
  CHECK(b.read(Bt459::kRegister) == 0x40);                         // CMD0 after reset
  CHECK(b.read(Bt459::kRegister) == 0x00);                         // CMD1
  CHECK(b.read(Bt459::kRegister) == 0xc0);                         // CMD2
  CHECK(b.read(Bt459::kRegister) == 0xff);                         // pixel read mask
  CHECK(b.address() == 0x205);
  select(b, 0x200);
  b.write(Bt459::kRegister, 0x12);  // the ID is read-only
  select(b, 0x200);
  CHECK(b.read(Bt459::kRegister) == 0x4a);
  CHECK(b.read(Bt459::kAddrLow) == 0x01);
  CHECK(b.read(Bt459::kAddrHigh) == 0x02);
}

TEST_CASE("bt459: colour map R, G, B then the next entry; the pixel read mask applies", "[bt459]") {
  Bt459 b;
  CHECK(b.colour(0) == 0x000000);  // reset: 0 black, the rest white
  CHECK(b.colour(7) == 0xffffff);
  select(b, 0x10);
  for (u8 v : {0x11, 0x22, 0x33, 0x44, 0x55, 0x66}) b.write(Bt459::kColourMap, v);
  CHECK(b.colour(0x10) == 0x112233);
  CHECK(b.colour(0x11) == 0x445566);
  // Writing the address resets the R/G/B counter: a half-written entry starts again at R.
  select(b, 0x12);
  b.write(Bt459::kColourMap, 0x99);
  select(b, 0x12);
  for (u8 v : {0x01, 0x02, 0x03}) b.write(Bt459::kColourMap, v);
  CHECK(b.colour(0x12) == 0x010203);
  select(b, 0x10);
  CHECK(b.read(Bt459::kColourMap) == 0x11);
  CHECK(b.read(Bt459::kColourMap) == 0x22);
  CHECK(b.read(Bt459::kColourMap) == 0x33);
  CHECK(b.read(Bt459::kColourMap) == 0x44);
  // Pixel read mask 0x0f: pixel 0x12 shows entry 0x02.
  select(b, 0x204);
  b.write(Bt459::kRegister, 0x0f);
  CHECK(b.colour(0x12) == b.colour(0x02));
}

TEST_CASE("bt459: the cursor is drawn at (X - 220, Y - 35) from its 2-bit RAM when enabled", "[bt459]") {
  Bt459 b;
  select(b, 0x400);
  b.write(Bt459::kRegister, 0x1b);  // row 0: pixels 0..3 = 0, 1, 2, 3
  select(b, 0x181);
  for (u8 v : {0x10, 0x10, 0x10, 0x20, 0x20, 0x20, 0x30, 0x30, 0x30}) b.write(Bt459::kRegister, v);
  select(b, 0x301);
  for (u8 v : {u8(5 + 220), u8(0), u8(3 + 35), u8(0)}) b.write(Bt459::kRegister, v);
  std::vector<u32> img(16 * 8, 0xabcdef);
  b.draw_cursor(img.data(), 16, 8);
  CHECK(img[3 * 16 + 6] == 0xabcdef);  // cursor off: nothing drawn
  select(b, 0x300);
  b.write(Bt459::kRegister, 0xc0);
  b.draw_cursor(img.data(), 16, 8);
  CHECK(img[3 * 16 + 5] == 0xabcdef);  // pixel value 0: transparent
  CHECK(img[3 * 16 + 6] == 0x101010);
  CHECK(img[3 * 16 + 7] == 0x202020);
  CHECK(img[3 * 16 + 8] == 0x303030);
  CHECK(img[4 * 16 + 6] == 0xabcdef);  // row 1 is clear
}
