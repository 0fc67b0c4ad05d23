// DEC Ethernet station address ROM. See esar.h for the layout, the checksum and sources.
#include "devices/board/esar.h"

#include <cstdio>

#include "emu/common/error.h"

namespace emu {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[noreturn]] void bad_mac(const std::string& text, const char* why) {
  throw UserError("--mac: '" + text + "' " + why);
}

// One's-complement (end-around carry) addition of two 16-bit values.
u32 add_eac(u32 a, u32 b) {
  u32 s = a + b;
  if (s > 0xffff) s -= 0xffff;
  return s;
}

}  // namespace

Esar::Esar(const Mac& mac) : mac_(mac) {
  const u16 sum = checksum(mac);
  for (unsigned i = 0; i < 6; ++i) rom_[i] = mac[i];
  rom_[6] = static_cast<u8>(sum >> 8);
  rom_[7] = static_cast<u8>(sum & 0xff);
  for (unsigned i = 0; i < 8; ++i) {
    rom_[15 - i] = rom_[i];  // reverse copy in 8..15
    rom_[16 + i] = rom_[i];  // forward copy in 16..23
    rom_[24 + i] = kTestPattern[i];
  }
}

u16 Esar::checksum(const Mac& mac) {
  u32 s = 0;
  for (unsigned i = 0; i < 6; i += 2) {
    s = add_eac(s, s);  // doubling with end-around carry = rotate left by one
    s = add_eac(s, (u32(mac[i]) << 8) | mac[i + 1]);
  }
  if (s == 0xffff) s = 0;
  return static_cast<u16>(s);
}

Esar::Mac Esar::parse_mac(const std::string& text) {
  static const char* const kSyntax =
      "is not a MAC address (expected six hex bytes like 08:00:2b:01:02:03)";
  // Exactly "hh?hh?hh?hh?hh?hh" with ? one of ':' '-' used consistently.
  if (text.size() != 17) bad_mac(text, kSyntax);
  const char sep = text[2];
  if (sep != ':' && sep != '-') bad_mac(text, kSyntax);
  Mac mac{};
  for (unsigned i = 0; i < 6; ++i) {
    const int hi = hex_digit(text[3 * i]), lo = hex_digit(text[3 * i + 1]);
    if (hi < 0 || lo < 0) bad_mac(text, kSyntax);
    if (i < 5 && text[3 * i + 2] != sep) bad_mac(text, kSyntax);
    mac[i] = static_cast<u8>(hi << 4 | lo);
  }
  if (mac[0] & 0x01)
    bad_mac(text, "is a multicast address (a station address needs an even first byte)");
  if (mac == Mac{}) bad_mac(text, "is not a usable station address (all zero)");
  return mac;
}

std::string Esar::format_mac(const Mac& mac) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
                mac[3], mac[4], mac[5]);
  return buf;
}

Esar::Mac Esar::default_mac(const std::string& machine_name, unsigned index) {
  // FNV-1a, 32 bits (offset basis 0x811c9dc5, prime 0x01000193).
  u32 h = 0x811c9dc5u;
  for (unsigned char c : machine_name) {
    h ^= c;
    h *= 0x01000193u;
  }
  const u32 low = (h + index) & 0xffffff;
  return Mac{0x08, 0x00, 0x2b, static_cast<u8>(low >> 16), static_cast<u8>(low >> 8),
             static_cast<u8>(low)};
}

}  // namespace emu
