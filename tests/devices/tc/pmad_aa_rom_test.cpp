// Tests for the PMAD-AA ROM window (devices/tc/pmad_aa_rom): station address in lane 2 at
// stride 4 (NetBSD if_le_tc.c, Linux declance.c), the module ROM in lane 0.
#include "devices/tc/pmad_aa_rom.h"

#include <catch2/catch.hpp>

using namespace emu;

TEST_CASE("pmad-aa rom: ESAR in lane 2, module header in lane 0", "[tc]") {
  const Esar esar(Esar::Mac{0x08, 0x00, 0x2b, 0x01, 0x02, 0x03});
  PmadAaRom rom(esar);
  auto rd = [&](u32 off, unsigned size) {
    u32 v = 0xdeadbeef;
    REQUIRE(rom.read(off, size, v));
    return v;
  };
  for (unsigned n = 0; n < 32; ++n) {
    CAPTURE(n);
    CHECK(rd(4 * n + 2, 1) == esar.bytes()[n]);
    CHECK(rd(4 * n + 1, 1) == 0);
    CHECK(rd(4 * n + 3, 1) == 0);
  }
  CHECK(rd(4 * 32 + 2, 1) == esar.bytes()[0]);  // the ESAR repeats every 32 bytes
  // Word 3 of the window: lane 0 = ROM byte 3 (0), lane 2 = ESAR byte 3 (0x01).
  CHECK(rd(12, 4) == 0x00010000);
  CHECK(rd(14, 2) == 0x0001);
  // The module header at +0x3e0, lane 0 (ESAR bytes in lane 2 of the same words).
  CHECK(rd(0x3e0, 1) == 1);
  CHECK(rd(0x3e4, 1) == 4);
  CHECK(rd(0x3e8, 1) == 8);  // 64 KiB of ROM: the 256 KiB window at stride 4
  CHECK(rd(0x3ec, 1) == 1);
  CHECK(rd(0x3f0, 1) == 0x55);
  CHECK(rd(0x3f8, 1) == 0xaa);
  std::string name;
  for (unsigned i = 0; i < 8; ++i) name += char(rd(0x440 + 4 * i, 1));
  CHECK(name == "PMAD-AA ");
  CHECK(rd(0x3f0, 4) == (0x55u | u32(esar.byte(0x3f0 / 4)) << 16));
  // A ROM: writes are accepted and change nothing.
  CHECK(rom.write(0x3e0, 4, 0));
  CHECK(rd(0x3e0, 1) == 1);
  CHECK(rom.write(2, 1, 0));
  CHECK(rd(2, 1) == 0x08);
}
