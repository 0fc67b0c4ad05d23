// Reading the files a user names as inputs (kernel images, boot ROMs): only regular files,
// only up to a size limit that is checked before anything is read.
//
// Why: a device (/dev/zero) never ends and would grow memory without bound, a FIFO blocks
// for ever until a writer comes, and a directory fails half-way through a stream read.
// The file is opened with O_NONBLOCK (so even a FIFO that appears between a check and the
// open cannot block) and checked with fstat on the opened descriptor (no check-then-open
// race). Errors are UserError, one line, "PATH: WHAT problem", e.g.
// "rom.bin: the boot ROM image is a directory, not a file", "k.elf: cannot open the kernel
// image: Permission denied".
//
// Serial input files (devices/serial/file_backend.h) are not read through this: they are
// streamed a character at a time while the guest runs, never read whole, and a FIFO or
// /dev/null there is a legitimate, documented use.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu {

// The largest kernel image file a loader opens (ELF, ECOFF): far above any DECstation's
// RAM (480 MiB) plus symbols and debug sections, far below what would exhaust the host.
// Loaders read only headers, segments and the symbol table, each checked against the size.
inline constexpr u64 kMaxKernelFileBytes = u64(1) << 30;

// An input file opened for positional reads (the ELF and ECOFF loaders read headers and
// segments where the file says they are, not the whole file).
class UserFile {
 public:
  // `what` names the file's role in messages ("the kernel image", "the boot ROM image").
  // Throws UserError if the path cannot be opened, is not a regular file, or is larger
  // than `limit` bytes.
  UserFile(const std::string& path, u64 limit, const char* what);
  ~UserFile();
  UserFile(const UserFile&) = delete;
  UserFile& operator=(const UserFile&) = delete;

  const std::string& path() const { return path_; }
  u64 size() const { return size_; }
  bool contains(u64 offset, u64 len) const { return offset <= size_ && len <= size_ - offset; }
  // Exactly len bytes at offset; a range outside the file, or a short read (the file
  // changed under us), is a UserError naming the path.
  std::vector<u8> read(u64 offset, u64 len) const;

 private:
  std::string path_;
  const char* what_;
  int fd_ = -1;
  u64 size_ = 0;
};

// The whole file, at most `limit` bytes (checked before reading).
std::vector<u8> read_user_file(const std::string& path, u64 limit, const char* what);

// Text for a byte count in messages: "256 KiB", "16 MiB", "1000 bytes".
std::string byte_size_text(u64 bytes);

}  // namespace emu
