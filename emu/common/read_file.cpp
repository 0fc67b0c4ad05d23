// User input files: see read_file.h.
#include "emu/common/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "emu/common/error.h"

namespace emu {

std::string byte_size_text(u64 bytes) {
  if (bytes && bytes % (u64(1) << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
  if (bytes && bytes % (u64(1) << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

UserFile::UserFile(const std::string& path, u64 limit, const char* what) : path_(path), what_(what) {
  auto fail = [&](const std::string& problem) { throw UserError(path + ": " + what + " " + problem); };
  if (path.empty()) throw UserError(std::string("empty file name for ") + what);
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd_ < 0) throw UserError(path + ": cannot open " + what + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int e = errno;
    ::close(fd_);
    throw UserError(path + ": cannot examine " + what + ": " + std::strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    fail(S_ISDIR(st.st_mode) ? "is a directory, not a file"
                             : "is not a regular file (a device, FIFO or socket could block or never end)");
  }
  size_ = u64(st.st_size);
  if (size_ > limit) {
    ::close(fd_);
    fail("is " + std::to_string(size_) + " bytes, more than the limit of " + std::to_string(limit) + " bytes (" +
         byte_size_text(limit) + ")");
  }
}

UserFile::~UserFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<u8> UserFile::read(u64 offset, u64 len) const {
  if (!contains(offset, len))
    throw UserError(path_ + ": " + what_ + " is shorter than its headers say (" + std::to_string(offset) + "+" +
                    std::to_string(len) + " > " + std::to_string(size_) + " bytes)");
  std::vector<u8> out(len);
  u64 done = 0;
  while (done < len) {
    const ssize_t n = ::pread(fd_, out.data() + done, size_t(len - done), off_t(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UserError(path_ + ": " + what_ + ": read error: " + std::strerror(errno));
    if (n == 0) throw UserError(path_ + ": " + what_ + " became shorter while being read");
    done += u64(n);
  }
  return out;
}

std::vector<u8> read_user_file(const std::string& path, u64 limit, const char* what) {
  const UserFile f(path, limit, what);
  return f.read(0, f.size());
}

}  // namespace emu
