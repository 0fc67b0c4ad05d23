// PMAG-BA frame buffer (devices/tc/pmag_ba.h): its slot map as Linux pmag-ba-fb.c and
// NetBSD cfb.c use it, the option ROM where Linux probes, the picture, and the retrace
// interrupt with its acknowledge.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "devices/tc/pmag_ba.h"

using namespace emu;

namespace {
struct Card {
  Scheduler sched;
  IrqLine irq;
  PmagBa fb{TcSlot{0, sched, irq, 25'000'000}};
  Card() { fb.reset(); }
  u32 rd(u32 off, unsigned size = 4) {
    u32 v = 0xdeadbeef;
    REQUIRE(fb.read(off, size, v));
    return v;
  }
  void run_to(Cycles t) {
    while (sched.next_event() <= t) {
      sched.advance_to(sched.next_event());
      sched.run_due();
    }
    sched.advance_to(t);
  }
};
}  // namespace

TEST_CASE("pmag-ba: option ROM header at slot + 0x3c03e0 with module 'PMAG-BA '", "[pmag-ba][tc]") {
  Card c;
  CHECK((c.rd(0x3c03e0) & 0xff) == 1);  // width
  CHECK((c.rd(0x3c03e4) & 0xff) == 4);  // stride
  CHECK((c.rd(0x3c03f0) & 0xff) == 0x55);
  CHECK((c.rd(0x3c03f4) & 0xff) == 0x00);
  CHECK((c.rd(0x3c03f8) & 0xff) == 0xaa);
  CHECK((c.rd(0x3c03fc) & 0xff) == 0xff);
  std::string vendor, module;
  for (u32 i = 0; i < 8; ++i) {
    vendor += char(c.rd(0x3c0420 + 4 * i, 1));  // Linux: readb at stride 4
    module += char(c.rd(0x3c0440 + 4 * i, 1));
  }
  CHECK(vendor == "DEC     ");
  CHECK(module == "PMAG-BA ");
  CHECK(c.rd(0x380000 + 0x3e0) == c.rd(0x3c03e0));  // repeats every 32 KiB from 0x380000
}

TEST_CASE("pmag-ba: video RAM bytes through the colour map make the picture", "[pmag-ba][tc]") {
  Card c;
  REQUIRE(c.fb.write(5 * 1024 + 8, 4, 0x04030201));
  CHECK(c.rd(5 * 1024 + 8) == 0x04030201);
  CHECK(c.rd(5 * 1024 + 9, 1) == 0x02);
  CHECK(c.rd(0x100000 + 5 * 1024 + 8) == 0x04030201);  // the second MiB repeats the first
  // Colour map entry 2 = (0x20, 0x40, 0x60) through the Bt459 at +0x200000.
  REQUIRE(c.fb.write(0x200000, 4, 2));
  REQUIRE(c.fb.write(0x200004, 4, 0));
  for (u32 v : {0x20, 0x40, 0x60}) REQUIRE(c.fb.write(0x20000c, 1, v));
  std::vector<u32> rgb;
  c.fb.render(rgb);
  REQUIRE(rgb.size() == 1024u * 864u);
  CHECK(c.fb.width() == 1024);
  CHECK(c.fb.height() == 864);
  CHECK(rgb[5 * 1024 + 9] == 0x204060);
  CHECK(rgb[5 * 1024 + 8] == 0xffffff);  // entry 1 after reset
  CHECK(rgb[0] == 0x000000);
}

TEST_CASE("pmag-ba: an interrupt at every vertical retrace, held until a write to +0x300000", "[pmag-ba][tc]") {
  Card c;
  // 1280 x 913 pixel clocks of 14.452 ns at 25 MHz.
  CHECK(c.fb.frame_cycles() == 25'000'000ull * 1280 * 913 * 14452 / 1'000'000'000'000ull);
  c.run_to(c.fb.frame_cycles() - 1);
  CHECK_FALSE(c.irq.level());
  c.run_to(c.fb.frame_cycles());
  CHECK(c.irq.level());
  c.run_to(c.fb.frame_cycles() + 1000);
  CHECK(c.irq.level());
  CHECK(c.rd(0x300000) == 0);
  REQUIRE(c.fb.write(0x300000, 1, 0));
  CHECK_FALSE(c.irq.level());
  c.run_to(2 * c.fb.frame_cycles());
  CHECK(c.irq.level());
}
