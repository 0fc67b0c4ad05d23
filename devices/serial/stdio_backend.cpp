// Serial line on the emulator's stdin/stdout; policies in stdio_backend.h and fd_io.h.
#include "devices/serial/stdio_backend.h"

namespace emu {

StdioBackend::StdioBackend(int in_fd, int out_fd, PipeMode mode)
    : in_(in_fd, /*owns=*/false, mode), out_(out_fd, /*owns=*/false) {}

StdioBackend::~StdioBackend() { out_.flush(); }

bool StdioBackend::receive(u8& c) {
  // The guest is listening: whatever it printed (a prompt) must be visible first.
  if (out_.pending()) out_.flush();
  return in_.next(c);
}

}  // namespace emu
