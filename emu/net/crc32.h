// The Ethernet frame check sequence: CRC-32 (IEEE 802.3, polynomial 0x04C11DB7, reflected,
// initial value and final XOR 0xffffffff), sent least significant byte first.
// Source: shared/reference/am7990-lance.md §11 (FCS; good-frame residue 0xDEBB20E3).
// Used where frames cross to the host (tap_device.h), whose frames carry no FCS.
#pragma once
#include <cstddef>

#include "emu/common/types.h"

namespace emu::net {

inline u32 ethernet_crc32(const u8* p, size_t n) {
  u32 c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

}  // namespace emu::net
