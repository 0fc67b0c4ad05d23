// Serial line on host files; behaviour and error rules in file_backend.h.
#include "devices/serial/file_backend.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "emu/common/error.h"

namespace emu {

namespace {

[[noreturn]] void fail(const char* what, const std::string& path, const std::string& why) {
  throw UserError(std::string("serial ") + what + " file '" + path + "': " + why);
}

}  // namespace

FileBackend::FileBackend(const std::string& output_path, const std::string& input_path) {
  struct stat in_st {};
  if (!input_path.empty()) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    const int fd = ::open(input_path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) fail("input", input_path, std::strerror(errno));
    if (::fstat(fd, &in_st) != 0 || S_ISDIR(in_st.st_mode)) {
      ::close(fd);
      fail("input", input_path, "is a directory");
    }
    in_ = std::make_unique<FdInput>(fd, /*owns=*/true);
  }
  if (!output_path.empty()) {
    // Refuse before O_TRUNC can destroy the input (same file under any name).
    struct stat out_st {};
    if (!input_path.empty() && ::stat(output_path.c_str(), &out_st) == 0 &&
        out_st.st_dev == in_st.st_dev && out_st.st_ino == in_st.st_ino)
      fail("output", output_path, "is also the serial input file (it would be truncated)");
    const int fd = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("output", output_path, std::strerror(errno));
    out_ = std::make_unique<FdOutput>(fd, /*owns=*/true);
  }
}

FileBackend::~FileBackend() = default;  // FdOutput flushes and closes

}  // namespace emu
