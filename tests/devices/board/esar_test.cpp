// Tests for the Ethernet station address ROM (devices/board/esar). Expected bytes are
// worked out by hand from the layout and checksum in decstation-memory-maps.md §3 (see the
// comments), checked against the acceptance test Linux declance.c applies, and against an
// independent formulation of the checksum (Linux depca.c's little-endian one).
#include "devices/board/esar.h"

#include <catch2/catch.hpp>

#include <array>
#include <utility>
#include <string>

#include "emu/common/error.h"

using namespace emu;

namespace {

// Linux declance.c dec_lance_probe(), stride-4 ROM image esar[4n] = byte n: the test
// pattern at bytes 24-27, and (stricter than the driver's &&-chain, as the brief asks)
// byte i == byte 15-i and byte i == byte 16+i for i < 8.
using Rom = std::array<u8, 32>;

bool declance_accepts(const Rom& rom) {
  std::array<u8, 128> esar{};
  for (unsigned n = 0; n < 32; ++n) esar[4 * n] = rom[n];
  if (esar[0x60] != 0xff || esar[0x64] != 0x00 || esar[0x68] != 0x55 || esar[0x6c] != 0xaa)
    return false;
  for (unsigned i = 0; i < 8; ++i)
    if (esar[i * 4] != esar[0x3c - i * 4] || esar[i * 4] != esar[0x40 + i * 4]) return false;
  return true;
}

// Linux depca.c get_hw_addr(): little-endian words, compared with byte 6 | byte 7 << 8.
bool depca_checksum_ok(const Rom& rom) {
  unsigned k = 0;
  for (unsigned j = 0; j < 3; ++j) {
    k <<= 1;
    if (k > 0xffff) k -= 0xffff;
    k += rom[2 * j];
    k += unsigned(rom[2 * j + 1]) << 8;
    if (k > 0xffff) k -= 0xffff;
  }
  if (k == 0xffff) k = 0;
  return k == (unsigned(rom[6]) | unsigned(rom[7]) << 8);
}

std::string mac_error(const std::string& text) {
  try {
    Esar::parse_mac(text);
  } catch (const UserError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("esar: full layout for 08:00:2b:12:34:56", "[esar]") {
  // Checksum by hand, big-endian words 0x0800, 0x2b12, 0x3456:
  //   s = 0      -> double 0x0000 -> + 0x0800 = 0x0800
  //   s = 0x0800 -> double 0x1000 -> + 0x2b12 = 0x3b12
  //   s = 0x3b12 -> double 0x7624 -> + 0x3456 = 0xaa7a   (no carries anywhere)
  // byte 6 = 0xaa, byte 7 = 0x7a.
  const Esar e(Esar::Mac{0x08, 0x00, 0x2b, 0x12, 0x34, 0x56});
  const std::array<u8, 32> expected = {
      0x08, 0x00, 0x2b, 0x12, 0x34, 0x56, 0xaa, 0x7a,  // address, checksum
      0x7a, 0xaa, 0x56, 0x34, 0x12, 0x2b, 0x00, 0x08,  // bytes 7..0
      0x08, 0x00, 0x2b, 0x12, 0x34, 0x56, 0xaa, 0x7a,  // bytes 0..7 again
      0xff, 0x00, 0x55, 0xaa, 0xff, 0x00, 0x55, 0xaa,  // test pattern
  };
  CHECK(e.bytes() == expected);
  for (unsigned n = 0; n < 32; ++n) CHECK(e.byte(n) == expected[n]);
  CHECK(Esar::checksum(e.mac()) == 0xaa7a);
}

TEST_CASE("esar: checksum with end-around carries", "[esar]") {
  // aa:00:04:00:12:34, words 0xaa00, 0x0400, 0x1234:
  //   0 -> 0 + 0xaa00 = 0xaa00
  //   double 0x15400 > 0xffff -> 0x15400 - 0xffff = 0x5401; + 0x0400 = 0x5801
  //   double 0xb002; + 0x1234 = 0xc236
  CHECK(Esar::checksum({0xaa, 0x00, 0x04, 0x00, 0x12, 0x34}) == 0xc236);
  // 08:00:2b:ff:ff:ff: 0x0800 -> 0x1000 + 0x2bff = 0x3bff -> 0x77fe + 0xffff = 0x177fd
  //   > 0xffff -> 0x77fe (adding 0xffff is adding minus zero).
  CHECK(Esar::checksum({0x08, 0x00, 0x2b, 0xff, 0xff, 0xff}) == 0x77fe);
  // 00:00:00:00:ff:ff sums to 0xffff, which the final step turns into 0.
  const Esar z(Esar::Mac{0x00, 0x00, 0x00, 0x00, 0xff, 0xff});
  CHECK(z.byte(6) == 0x00);
  CHECK(z.byte(7) == 0x00);
}

TEST_CASE("esar: Linux declance and depca checks accept our ROMs", "[esar]") {
  const Esar::Mac macs[] = {
      {0x08, 0x00, 0x2b, 0x12, 0x34, 0x56}, {0xaa, 0x00, 0x04, 0x00, 0x12, 0x34},
      {0x08, 0x00, 0x2b, 0xff, 0xff, 0xff}, {0x00, 0x00, 0x00, 0x00, 0xff, 0xff},
      {0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54}, Esar::default_mac("ds3100", 0),
      Esar::default_mac("ds5000-200", 0),   Esar::default_mac("ds5000-200", 1),
  };
  for (const auto& m : macs) {
    const Esar e(m);
    INFO(Esar::format_mac(m));
    CHECK(declance_accepts(e.bytes()));
    CHECK(depca_checksum_ok(e.bytes()));
    for (unsigned i = 0; i < 6; ++i) CHECK(e.byte(i) == m[i]);  // what NetBSD reads
  }
  // The checks are able to fail: damaged copies, pattern or checksum are rejected.
  const Rom good = Esar(macs[0]).bytes();
  for (unsigned n : {9u, 17u, 25u}) {
    Rom bad = good;
    bad[n] ^= 1;
    INFO("damaged byte " << n);
    CHECK_FALSE(declance_accepts(bad));
  }
  Rom swapped = good;  // checksum bytes in the other order
  std::swap(swapped[6], swapped[7]);
  CHECK_FALSE(depca_checksum_ok(swapped));
}

TEST_CASE("esar: byte index wraps at 32", "[esar]") {
  const Esar e(Esar::Mac{0x08, 0x00, 0x2b, 0x01, 0x02, 0x03});
  CHECK(e.byte(32) == e.byte(0));
  CHECK(e.byte(63) == 0xaa);  // byte 31 of the test pattern
}

TEST_CASE("esar: parse_mac accepts colon and dash forms", "[esar]") {
  const Esar::Mac want{0x08, 0x00, 0x2b, 0x12, 0x34, 0x56};
  CHECK(Esar::parse_mac("08:00:2b:12:34:56") == want);
  CHECK(Esar::parse_mac("08-00-2B-12-34-56") == want);
  CHECK(Esar::parse_mac("08:00:2B:12:34:56") == want);
  CHECK(Esar::format_mac(want) == "08:00:2b:12:34:56");
  CHECK(Esar::parse_mac(Esar::format_mac({0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xfe})) ==
        Esar::Mac{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xfe});
}

TEST_CASE("esar: parse_mac rejects bad input with one clear line", "[esar]") {
  CHECK(mac_error("xyz") ==
        "--mac: 'xyz' is not a MAC address (expected six hex bytes like 08:00:2b:01:02:03)");
  for (const char* bad : {"", "08:00:2b:12:34", "08:00:2b:12:34:56:", "08:00:2b:12:34:5g",
                          "08:00-2b:12:34:56", "0800.2b12.3456", " 08:00:2b:12:34:5",
                          "08:00:2b:12:34:56 ", "8:0:2b:12:34:56:0", "08.00.2b.12.34.56"}) {
    INFO(bad);
    CHECK(mac_error(bad) == std::string("--mac: '") + bad +
                                "' is not a MAC address (expected six hex bytes like "
                                "08:00:2b:01:02:03)");
  }
  CHECK(mac_error("01:00:5e:00:00:01") ==
        "--mac: '01:00:5e:00:00:01' is a multicast address (a station address needs an even "
        "first byte)");
  CHECK(mac_error("ff:ff:ff:ff:ff:ff").find("multicast") != std::string::npos);
  CHECK(mac_error("00:00:00:00:00:00") ==
        "--mac: '00:00:00:00:00:00' is not a usable station address (all zero)");
}

TEST_CASE("esar: default_mac is DEC's OUI plus FNV-1a of the machine name", "[esar]") {
  // FNV-1a-32 published test vectors: "" -> 0x811c9dc5, "a" -> 0xe40c292c,
  // "foobar" -> 0xbf9cf968; the address takes the low 24 bits plus the index.
  CHECK(Esar::default_mac("", 0) == Esar::Mac{0x08, 0x00, 0x2b, 0x1c, 0x9d, 0xc5});
  CHECK(Esar::default_mac("a", 1) == Esar::Mac{0x08, 0x00, 0x2b, 0x0c, 0x29, 0x2d});
  CHECK(Esar::default_mac("foobar", 0) == Esar::Mac{0x08, 0x00, 0x2b, 0x9c, 0xf9, 0x68});
  // Deterministic, distinct per interface and per machine, and a valid station address.
  CHECK(Esar::default_mac("ds3100", 0) == Esar::default_mac("ds3100", 0));
  CHECK(Esar::default_mac("ds3100", 0) != Esar::default_mac("ds3100", 1));
  CHECK(Esar::default_mac("ds3100", 0) != Esar::default_mac("ds5000-200", 0));
  const auto m = Esar::default_mac("ds5000-200", 2);
  CHECK(Esar::parse_mac(Esar::format_mac(m)) == m);
}
