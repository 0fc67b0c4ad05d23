// PNG encoder. See png_writer.h.
#include "emu/display/png_writer.h"

#include <zlib.h>

#include <string>

#include "emu/common/error.h"

namespace emu {

namespace {

void put_be32(std::vector<u8>& out, u32 v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(u8(v >> shift));
}

// A chunk: length, type, data, CRC-32 of type and data.
void put_chunk(std::vector<u8>& out, const char type[4], const std::vector<u8>& data) {
  put_be32(out, u32(data.size()));
  const size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  const uLong crc = crc32(0, out.data() + start, uInt(out.size() - start));
  put_be32(out, u32(crc));
}

}  // namespace

std::vector<u8> encode_png(const u32* rgb, unsigned width, unsigned height) {
  std::vector<u8> raw;
  raw.reserve(size_t(height) * (1 + 3 * size_t(width)));
  for (unsigned y = 0; y < height; ++y) {
    raw.push_back(0);  // filter type None
    for (unsigned x = 0; x < width; ++x) {
      const u32 p = rgb[size_t(y) * width + x];
      raw.push_back(u8(p >> 16));
      raw.push_back(u8(p >> 8));
      raw.push_back(u8(p));
    }
  }
  uLongf packed_size = compressBound(uLong(raw.size()));
  std::vector<u8> packed(packed_size);
  const int rc = compress2(packed.data(), &packed_size, raw.data(), uLong(raw.size()), Z_BEST_COMPRESSION);
  if (rc != Z_OK) throw EmulatorError("screenshot: zlib compress2 failed (" + std::to_string(rc) + ")");
  packed.resize(packed_size);

  std::vector<u8> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<u8> ihdr;
  put_be32(ihdr, width);
  put_be32(ihdr, height);
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // 8 bits, truecolour, deflate, filter 0, no interlace
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", packed);
  put_chunk(png, "IEND", {});
  return png;
}

}  // namespace emu
