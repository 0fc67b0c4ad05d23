#include "emu/loader/image_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "emu/common/error.h"

namespace emu::image_detail {

ImageFile::ImageFile(const std::string& path) : path_(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) fail("cannot open: " + (ec ? ec.message() : std::string("no such file")));
  if (fs::is_directory(st)) fail("is a directory, not a kernel image");
  if (!fs::is_regular_file(st)) fail("not a regular file");
  in_.open(path, std::ios::binary);
  if (!in_) fail(std::string("cannot open: ") + std::strerror(errno));
  size_ = fs::file_size(path, ec);
  if (ec) fail("cannot determine the file size: " + ec.message());
}

std::vector<u8> ImageFile::read(u64 offset, u64 len) {
  if (!contains(offset, len)) fail("internal: read outside the file");
  std::vector<u8> out(len);
  if (len == 0) return out;
  in_.clear();
  in_.seekg(static_cast<std::streamoff>(offset));
  in_.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(len));
  if (!in_ || static_cast<u64>(in_.gcount()) != len)
    fail("read error at offset " + hex32(offset) + " (file changed or unreadable?)");
  return out;
}

void ImageFile::fail(const std::string& problem) const { throw UserError(path_ + ": " + problem); }

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
