// Serial line on the emulator's stdin/stdout; policies in stdio_backend.h and fd_io.h.
#include "devices/serial/stdio_backend.h"

#include <cstring>
#include <string>

#include "emu/common/error.h"

namespace emu {

StdioBackend::StdioBackend(int in_fd, int out_fd, PipeMode mode)
    : in_(in_fd, /*owns=*/false, mode), out_(out_fd, /*owns=*/false), out_fd_(out_fd) {}

void StdioBackend::report() {
  if (reported_) return;
  reported_ = true;
  const std::string what = out_fd_ == 1 ? "standard output" : "descriptor " + std::to_string(out_fd_);
  throw EmulatorError("console on " + what + ": write failed: " + std::strerror(out_.error()));
}

StdioBackend::~StdioBackend() { out_.flush(); }

bool StdioBackend::receive(u8& c) {
  // The guest is listening: whatever it printed (a prompt) must be visible first.
  if (out_.pending()) flush();
  return in_.next(c);
}

}  // namespace emu
