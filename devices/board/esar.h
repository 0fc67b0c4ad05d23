// DEC Ethernet station address ROM (ESAR): the 32-byte address ROM next to the LANCE on
// the DECstation KN01 (byte n at phys 0x1d000000 + 4n + 1) and on the PMAD-AA / KN02
// on-board Ethernet (slot + 0x1c0002 + 4n). The ROM contents are the same on both; where
// its bytes appear on the bus is the machine's business (this class only holds the ROM).
//
// Layout (decstation-memory-maps.md §3; the same 32-byte DEC format as the VAXstation
// network address ROM and the DEPCA's address PROM):
//    0-5   station address, transmission order
//    6-7   checksum
//    8-15  bytes 7..0 (bytes 0-7 reversed)
//   16-23  bytes 0-7 again
//   24-31  test pattern ff 00 55 aa ff 00 55 aa
// Linux declance.c accepts the ROM when bytes 24-27 are the pattern and byte i equals
// byte 15-i and byte 16+i for i < 8; the Windows NT LANCE driver (transfer.c, DEPCA/DE422
// path) checks the same relations and bytes 24-31.
//
// Checksum. DEC's address-ROM checksum over the three 16-bit words of the address:
//   s = 0; for each word w: s = 2s with end-around carry; s = s + w with end-around
//   carry; finally 0xffff becomes 0.
// The word and byte order differ between public implementations but agree on the bytes:
// SIMH vax_nar.c (VAXstation NAR) takes big-endian words w = b[2i] << 8 | b[2i+1] and
// stores byte 6 = s >> 8, byte 7 = s & 0xff; Linux depca.c (DEC's DEPCA driver) takes
// little-endian words and compares against byte 6 | byte 7 << 8. Both give identical ROM
// bytes, because doubling with end-around carry is a 16-bit rotate by one, which commutes
// with the byte swap (a rotate by eight). We follow those two. Note the reference's
// "byte 6 = s & 0xff" (taken from SIMH's DEQNA model, whose ROM is laid out differently)
// would store the bytes swapped. The final 0xffff -> 0 step is from depca.c and SIMH's
// DEQNA xq_make_checksum (vax_nar.c omits it; it only matters for a few addresses).
// Whether the DECstation PROMs check this checksum at all is UNCONFIRMED.
#pragma once
#include <array>
#include <string>

#include "emu/common/types.h"

namespace emu {

class Esar {
 public:
  using Mac = std::array<u8, 6>;
  static constexpr unsigned kSize = 32;
  static constexpr std::array<u8, 8> kTestPattern = {0xff, 0x00, 0x55, 0xaa,
                                                     0xff, 0x00, 0x55, 0xaa};

  explicit Esar(const Mac& mac);

  // ROM byte n. The ROM has five address lines, so n is taken modulo 32 (decision).
  u8 byte(unsigned n) const { return rom_[n % kSize]; }
  const std::array<u8, kSize>& bytes() const { return rom_; }
  const Mac& mac() const { return mac_; }

  // The 16-bit checksum s as defined above (byte 6 = s >> 8, byte 7 = s & 0xff).
  static u16 checksum(const Mac& mac);

  // "08:00:2b:12:34:56" or "08-00-2b-12-34-56" (six two-digit hex bytes, any case, one
  // separator kind). Throws UserError naming --mac on anything else, on a multicast
  // address (bit 0 of byte 0 set: not a station address) and on 00:00:00:00:00:00.
  static Mac parse_mac(const std::string& text);
  // Lower-case colon form, e.g. "08:00:2b:12:34:56".
  static std::string format_mac(const Mac& mac);

  // A deterministic per-machine address in DEC's OUI: 08:00:2b:xx:yy:zz with xxyyzz the
  // low 24 bits of FNV-1a-32(machine_name) + index (index = which interface), so two
  // interfaces of one machine never collide and the address is stable across runs.
  static Mac default_mac(const std::string& machine_name, unsigned index);

 private:
  Mac mac_;
  std::array<u8, kSize> rom_{};
};

}  // namespace emu
