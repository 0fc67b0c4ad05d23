// What the kernel-image readers (elf_loader, ecoff_loader) share: a positional reader that
// treats every offset and size in the file as untrusted, and the wording of their messages.
// Not part of the loader's interface (image.h is).
#pragma once
#include <string>
#include <vector>

#include "emu/common/read_file.h"
#include "emu/common/types.h"

namespace emu::image_detail {

// Positional reader over an image file: reads only the ranges asked for, after checking
// them against the file size (so a corrupt size can never cause a huge allocation). Opened
// as a user input file (emu/common/read_file.h): a regular file of at most
// kMaxKernelFileBytes, so a device, FIFO or directory is refused before anything is read.
class ImageFile {
 public:
  explicit ImageFile(const std::string& path) : file_(path, kMaxKernelFileBytes, "the kernel image") {}

  const std::string& path() const { return file_.path(); }
  u64 size() const { return file_.size(); }
  bool contains(u64 offset, u64 len) const { return file_.contains(offset, len); }
  std::vector<u8> read(u64 offset, u64 len) { return file_.read(offset, len); }  // callers check contains() first

  // Throws UserError "PATH: problem".
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  UserFile file_;
};

std::string hex32(u64 v);                   // "0x80030000"
std::string size_text(u64 bytes);           // "16 MiB", "12 KiB", "100 bytes"
std::string range_text(u64 start, u64 len);  // inclusive: "0x80030000-0x8003ffff"

inline u16 le16(const u8* p) { return static_cast<u16>(p[0] | (p[1] << 8)); }
inline u32 le32(const u8* p) { return u32(p[0]) | (u32(p[1]) << 8) | (u32(p[2]) << 16) | (u32(p[3]) << 24); }

}  // namespace emu::image_detail
