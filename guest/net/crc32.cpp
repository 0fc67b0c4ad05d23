// Ethernet CRC-32, bitwise (see crc32.h).
#include "crc32.h"

namespace guest::net {

uint32_t crc32_register(const uint8_t* data, unsigned len, uint32_t start) {
  uint32_t c = start;
  for (unsigned i = 0; i < len; ++i) {
    c ^= data[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return c;
}

}  // namespace guest::net
