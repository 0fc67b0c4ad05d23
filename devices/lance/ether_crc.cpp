// Ethernet CRC-32 (reflected polynomial 0xEDB88320), table driven. See ether_crc.h.
#include "devices/lance/ether_crc.h"

#include <array>

namespace emu::lance {

namespace {

constexpr u32 kPolyReflected = 0xedb88320u;  // 0x04C11DB7 bit-reversed: LSB-first shifting
constexpr u32 kResidue = 0xdebb20e3u;        // register after a frame with a correct FCS

constexpr std::array<u32, 256> make_table() {
  std::array<u32, 256> t{};
  for (u32 i = 0; i < 256; ++i) {
    u32 c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPolyReflected : c >> 1;
    t[i] = c;
  }
  return t;
}

constexpr std::array<u32, 256> kTable = make_table();

}  // namespace

u32 crc32_register(const u8* data, std::size_t len, u32 start) {
  u32 c = start;
  for (std::size_t i = 0; i < len; ++i) c = kTable[(c ^ data[i]) & 0xff] ^ (c >> 8);
  return c;
}

bool fcs_ok(const u8* frame, std::size_t len) {
  return len >= 4 && crc32_register(frame, len) == kResidue;
}

unsigned multicast_hash(const u8* address) { return crc32_register(address, 6) >> 26; }

}  // namespace emu::lance
