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

FileBackend::FileBackend(const std::string& output_path, const std::string& input_path, const std::string& label) {
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
    // The same file under any name: committing the output would replace the input. (A
    // device such as /dev/tty may be both.)
    struct stat out_st {};
    if (!input_path.empty() && ::stat(output_path.c_str(), &out_st) == 0 && S_ISREG(out_st.st_mode) &&
        out_st.st_dev == in_st.st_dev && out_st.st_ino == in_st.st_ino)
      fail("output", output_path, "is also the serial input file (it would be replaced)");
    out_ = std::make_unique<OutputFile>(output_path, label, OutputFile::Partial::kKeep);
  }
}

FileBackend::~FileBackend() = default;  // not committed: the OutputFile keeps OUT.partial

}  // namespace emu
