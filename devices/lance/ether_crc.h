// The Ethernet CRC-32 as the Am7990 LANCE uses it: the frame check sequence it appends
// and checks, and the 6-bit hash of a multicast destination address that selects a bit of
// the 64-bit logical address filter (LADRF).
//
// Sources: shared/reference/am7990-lance.md §7 step 4 (hash = top 6 bits of the
// LSB-first CRC register after the 6 address bytes, Linux ether_crc_le as used by
// declance.c lance_load_multicast; filter word h >> 4, bit h & 15) and §11 (polynomial
// 0x04C11DB7 sent LSB first; good-frame residue 0xDEBB20E3). IEEE 802.3 §3.2.9: the FCS
// is the complement of the register, least significant bit first, so in memory it is the
// little-endian CRC-32 of DA..data.
#pragma once
#include <cstddef>

#include "emu/common/types.h"

namespace emu::lance {

// The CRC-32 register after shifting in `len` bytes LSB first from an all-ones start,
// without the final complement (Linux ether_crc_le).
u32 crc32_register(const u8* data, std::size_t len, u32 start = 0xffffffffu);
// The FCS of DA..data: the complemented register (what zlib's crc32() returns).
inline u32 fcs(const u8* data, std::size_t len) { return ~crc32_register(data, len); }
// True when the last four bytes of a frame are the FCS of the bytes before them,
// equivalently when the register over the whole frame is the residue 0xDEBB20E3.
bool fcs_ok(const u8* frame, std::size_t len);
// The LANCE multicast hash (0..63) of a 6-byte destination address.
unsigned multicast_hash(const u8* address);

}  // namespace emu::lance
