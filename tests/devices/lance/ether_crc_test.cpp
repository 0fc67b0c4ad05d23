// Tests for the Ethernet CRC-32 used by the LANCE model (devices/lance/ether_crc). Expected
// values come from outside the model: the CRC-32 check value of "123456789" (0xCBF43926,
// the standard catalogue entry) and LANCE hash bits computed with Python's zlib:
//   h = ((zlib.crc32(DA) ^ 0xffffffff) >> 26), i.e. the top 6 bits of Linux ether_crc_le.
#include "devices/lance/ether_crc.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace emu;

TEST_CASE("lance crc: FCS of the standard check string", "[lance]") {
  const u8 s[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  CHECK(lance::fcs(s, sizeof s) == 0xcbf43926u);
  CHECK(lance::crc32_register(s, sizeof s) == ~0xcbf43926u);
}

TEST_CASE("lance crc: a frame with its FCS appended leaves the residue", "[lance]") {
  std::vector<u8> f(60);
  for (unsigned i = 0; i < f.size(); ++i) f[i] = static_cast<u8>(i * 7 + 3);
  const u32 c = lance::fcs(f.data(), f.size());
  for (int i = 0; i < 4; ++i) f.push_back(static_cast<u8>(c >> (8 * i)));  // LSB first
  CHECK(lance::fcs_ok(f.data(), f.size()));
  CHECK(lance::crc32_register(f.data(), f.size()) == 0xdebb20e3u);
  f[10] ^= 0x01;
  CHECK_FALSE(lance::fcs_ok(f.data(), f.size()));
  f[10] ^= 0x01;
  f.back() ^= 0x80;  // a flipped FCS bit is an error too
  CHECK_FALSE(lance::fcs_ok(f.data(), f.size()));
  CHECK_FALSE(lance::fcs_ok(f.data(), 3));
}

TEST_CASE("lance crc: multicast hash matches zlib-derived vectors", "[lance]") {
  struct V {
    u8 da[6];
    unsigned hash;
  };
  const V vectors[] = {
      {{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}, 54},  // IPv4 all-hosts 224.0.0.1
      {{0x33, 0x33, 0x00, 0x00, 0x00, 0x01}, 23},  // IPv6 all-nodes
      {{0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa}, 15},  // SSDP 239.255.255.250
      {{0xab, 0x00, 0x00, 0x01, 0x00, 0x00}, 15},  // DEC MOP dump/load
      {{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}, 58},  // 802.1D bridges
      {{0xcf, 0x00, 0x00, 0x00, 0x00, 0x00}, 43},  // loopback assistance
  };
  for (const V& v : vectors) {
    INFO("first byte " << int(v.da[0]) << " last " << int(v.da[5]));
    CHECK(lance::multicast_hash(v.da) == v.hash);
  }
}
