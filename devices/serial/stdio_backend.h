// Serial line connected to the emulator's own standard input and output (the usual
// serial console).
//
// Output is buffered and flushed on newline, when 64 KB accumulate, before every input
// poll (so a prompt without a newline, e.g. ">> " or "login: ", appears as soon as the
// guest starts waiting for an answer), on flush() and on destruction. Call flush() or
// destroy the backend before the process exits: std::exit does not run destructors of
// objects on the stack.
//
// Input never blocks and never spins (see fd_io.h for each kind of descriptor):
//  * stdin a regular file or /dev/null: deterministic; at end of file no more input;
//  * stdin a terminal: host-timed (what the user typed before the line was polled). The
//    terminal's modes are left alone: in canonical mode the guest sees a line only after
//    Return, echoed by the host;
//  * stdin a pipe: host-timed by default; with PipeMode::kDeterministic the pipe is read
//    like a file (each poll waits for the next byte or the writer's close), which makes
//    runs reproducible but stalls the emulator while the writer is idle. A pipe whose
//    writers have gone is end of file in both modes.
// A failed write to the output (a full disk, /dev/full, EIO) throws EmulatorError naming
// it: the run ends (exit status 3) rather than losing the console silently. A reader that
// went away (EPIPE, with SIGPIPE ignored) only stops the output, as `| head` expects.
// The descriptors are not closed by the backend.
#pragma once
#include <cerrno>

#include "devices/serial/fd_io.h"
#include "devices/serial/serial_backend.h"

namespace emu {

class StdioBackend final : public SerialBackend {
 public:
  using PipeMode = FdInput::PipeMode;
  explicit StdioBackend(int in_fd = 0, int out_fd = 1, PipeMode mode = PipeMode::kHostTimed);
  ~StdioBackend() override;

  void transmit(u8 c) override {
    out_.put(c);
    if (out_.failed() && out_.error() != EPIPE) report();
  }
  bool receive(u8& c) override;
  void flush() override {
    out_.flush();
    if (out_.failed() && out_.error() != EPIPE) report();
  }
  void commit() override { flush(); }

  FdInput::Kind input_kind() const { return in_.kind(); }
  bool input_finished() const { return in_.at_eof(); }
  bool output_failed() const { return out_.failed(); }

 private:
  void report();  // throws, once
  FdInput in_;
  FdOutput out_;
  int out_fd_;
  bool reported_ = false;
};

}  // namespace emu
