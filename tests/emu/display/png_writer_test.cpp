// The screenshot PNG encoder (emu/display/png_writer.h): signature, IHDR, CRCs and the
// pixel rows, checked by decoding with zlib.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>
#include <vector>

#include "emu/display/png_writer.h"

using namespace emu;

namespace {
u32 be32(const std::vector<u8>& d, size_t at) {
  return u32(d[at]) << 24 | u32(d[at + 1]) << 16 | u32(d[at + 2]) << 8 | d[at + 3];
}
}  // namespace

TEST_CASE("png: a 3x2 RGB image round-trips through zlib", "[png]") {
  const std::vector<u32> px = {0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0x000000, 0xffffff};
  const std::vector<u8> png = encode_png(px.data(), 3, 2);
  REQUIRE(png.size() > 8 + 25 + 12 + 12);
  CHECK(std::vector<u8>(png.begin(), png.begin() + 8) == std::vector<u8>{0x89, 'P', 'N', 'G', 13, 10, 26, 10});
  std::vector<u8> idat;
  std::vector<std::string> kinds;
  for (size_t at = 8; at < png.size();) {
    const u32 len = be32(png, at);
    const std::string kind(png.begin() + long(at) + 4, png.begin() + long(at) + 8);
    kinds.push_back(kind);
    CHECK(crc32(0, png.data() + at + 4, len + 4) == be32(png, at + 8 + len));
    if (kind == "IHDR") {
      CHECK(be32(png, at + 8) == 3);
      CHECK(be32(png, at + 12) == 2);
      CHECK(png[at + 16] == 8);  // bit depth
      CHECK(png[at + 17] == 2);  // truecolour
    }
    if (kind == "IDAT") idat.insert(idat.end(), png.begin() + long(at) + 8, png.begin() + long(at) + 8 + len);
    at += 12 + len;
  }
  CHECK(kinds == std::vector<std::string>{"IHDR", "IDAT", "IEND"});
  std::vector<u8> raw(2 * (1 + 9));
  uLongf raw_len = uLongf(raw.size());
  REQUIRE(uncompress(raw.data(), &raw_len, idat.data(), uLong(idat.size())) == Z_OK);
  CHECK(raw == std::vector<u8>{0, 0xff, 0, 0, 0, 0xff, 0, 0, 0, 0xff, 0, 0x12, 0x34, 0x56, 0, 0, 0, 0xff, 0xff, 0xff});
}
