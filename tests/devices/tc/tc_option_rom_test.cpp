// Tests for the TURBOchannel option ROM header builder (devices/tc/tc_option_rom). The
// expected layout is the field table of decstation-memory-maps.md §2.7 / Linux
// include/linux/tc.h, read back the way the OS probes read it.
#include "devices/tc/tc_option_rom.h"

#include <catch2/catch.hpp>

#include <string>

#include "emu/common/error.h"

using namespace emu;

namespace {

std::string text(const TcOptionRom& rom, u32 offset, unsigned len) {
  std::string s;
  for (unsigned i = 0; i < len; ++i) s += char(rom.lane0(offset + 4 * i));
  return s;
}

}  // namespace

TEST_CASE("tc option rom: the standard header, one byte per word", "[tc]") {
  TcRomInfo info;
  info.module = "PMAG-BA";
  info.firmware_version = "V5.3b";
  info.rom_size_8k = 2;
  info.slot_size_4m = 1;
  const TcOptionRom rom(info);
  CHECK(rom.size() == 16384);
  CHECK(rom.lane0(0x3e0) == 1);  // width
  CHECK(rom.lane0(0x3e4) == 4);  // stride
  CHECK(rom.lane0(0x3e8) == 2);  // ROM size, 8 KiB units
  CHECK(rom.lane0(0x3ec) == 1);  // slot size, 4 MiB units
  CHECK(rom.lane0(0x3f0) == 0x55);
  CHECK(rom.lane0(0x3f4) == 0x00);
  CHECK(rom.lane0(0x3f8) == 0xaa);
  CHECK(rom.lane0(0x3fc) == 0xff);
  CHECK(text(rom, 0x400, 8) == "V5.3b   ");
  CHECK(text(rom, 0x420, 8) == "DEC     ");
  CHECK(text(rom, 0x440, 8) == "PMAG-BA ");
  CHECK(text(rom, 0x460, 4) == "TCF0");
  CHECK(rom.lane0(0x470) == 0);  // no parity
  // Any offset inside a word gives that word's byte; the ROM repeats after its size.
  CHECK(rom.lane0(0x3f2) == 0x55);
  CHECK(rom.lane0(0x3f0 + 4 * rom.size()) == 0x55);
  CHECK(rom.lane0(0x000) == 0);
  CHECK(rom.lane0(0x480) == 0);
}

TEST_CASE("tc option rom: parity flag, full-length names, bad fields", "[tc]") {
  TcRomInfo info;
  info.module = "PMAGB-BA";  // eight characters, no padding
  info.vendor = "DIGITAL";
  info.parity = true;
  const TcOptionRom rom(info);
  CHECK(text(rom, 0x440, 8) == "PMAGB-BA");
  CHECK(text(rom, 0x420, 8) == "DIGITAL ");
  CHECK(rom.lane0(0x470) == 1);
  TcRomInfo bad = info;
  bad.module = "PMAGB-BAX";
  CHECK_THROWS_AS(TcOptionRom(bad), EmulatorError);
  bad = info;
  bad.firmware_type = "TCF01";
  CHECK_THROWS_AS(TcOptionRom(bad), EmulatorError);
  bad = info;
  bad.rom_size_8k = 0;
  CHECK_THROWS_AS(TcOptionRom(bad), EmulatorError);
}

TEST_CASE("tc option rom: NetBSD tc_check_romp and Linux tc_bus_add_devices accept it", "[tc]") {
  TcRomInfo info;
  info.module = "PMAZ-AA";
  const TcOptionRom rom(info);
  // NetBSD: width in {1, 2, 4}, stride 4, for each lane j < width the pattern at
  // 0x3f0 + j + 4k (k = 0..3).
  const u8 width = rom.lane0(TcOptionRom::kWidth);
  REQUIRE((width == 1 || width == 2 || width == 4));
  REQUIRE(rom.lane0(TcOptionRom::kStride) == 4);
  const u8 pat[4] = {0x55, 0x00, 0xaa, 0xff};
  for (unsigned k = 0; k < 4; ++k) CHECK(rom.lane0(0x3f0 + 4 * k) == pat[k]);
  // Linux: (slot size << 22) must fit the 4 MiB slot.
  CHECK((u32(rom.lane0(0x3ec)) << 22) <= 0x400000u);
}
