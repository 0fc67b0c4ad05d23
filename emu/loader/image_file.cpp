#include "emu/loader/image_file.h"

#include <cstdio>

#include "emu/common/error.h"

namespace emu::image_detail {

void ImageFile::fail(const std::string& problem) const { throw UserError(path() + ": " + problem); }

std::string hex32(u64 v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%08llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string size_text(u64 bytes) {
  char buf[48];
  if (bytes && bytes % (1024 * 1024) == 0)
    std::snprintf(buf, sizeof buf, "%llu MiB", static_cast<unsigned long long>(bytes >> 20));
  else if (bytes && bytes % 1024 == 0)
    std::snprintf(buf, sizeof buf, "%llu KiB", static_cast<unsigned long long>(bytes >> 10));
  else
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  return buf;
}

std::string range_text(u64 start, u64 len) { return hex32(start) + "-" + hex32(len ? start + len - 1 : start); }

}  // namespace emu::image_detail
