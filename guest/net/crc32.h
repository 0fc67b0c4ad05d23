// Ethernet CRC-32 for guests: the register after shifting bytes in LSB first from all
// ones (reflected polynomial 0xEDB88320, Linux ether_crc_le), which gives both the LANCE
// multicast hash (top 6 bits over the 6-byte address) and the FCS (its complement, sent
// least significant byte first). Sources: am7990-lance.md §7 step 4 and §11; IEEE 802.3
// §3.2.9. Bitwise (no table): guests use it rarely and the image stays small.
#pragma once
#include <stdint.h>

namespace guest::net {

uint32_t crc32_register(const uint8_t* data, unsigned len, uint32_t start = 0xffffffffu);
inline uint32_t ether_fcs(const uint8_t* data, unsigned len) { return ~crc32_register(data, len); }

}  // namespace guest::net
