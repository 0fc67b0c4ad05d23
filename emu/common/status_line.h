// One live status line on the terminal, shared with the guest's console.
//
// The emulator's stderr and the guest's console (stdout) are usually the same terminal. The
// status line is drawn on stderr without a newline ("\r" text, erase to end of line) and is
// erased before anything else is written to a terminal: every host write of console
// output goes through FdOutput (devices/serial/fd_io.h), which calls before_write() first.
// It is drawn only when the console's cursor is at the start of a line, so a guest's prompt
// or half-written line is never overwritten or split. The guest's output is therefore
// never mixed with ours; what it costs is that the line is not shown while the guest sits
// at a partial line (a prompt waiting for input).
//
// One StatusLine exists at a time (the session's); without one the hooks do nothing.
#pragma once
#include <cstddef>
#include <string>

namespace emu {

class StatusLine {
 public:
  // stderr is a terminal and the user did not ask for quiet.
  static bool wanted(bool quiet);
  explicit StatusLine(int fd = 2);  // drawn on fd (stderr; tests give a pseudo-terminal)
  ~StatusLine();  // erases the line
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  void show(const std::string& text);  // replace the line (cut to the terminal's width)
  void erase();                        // before the emulator writes its own messages

  // Hooks for anything that writes to a host descriptor (FdOutput).
  static void before_write(int fd);
  static void after_write(int fd, const unsigned char* data, std::size_t n);

 private:
  int fd_;
  bool shown_ = false;
  bool at_line_start_ = true;  // of the terminal, as far as writes through the hooks tell
};

}  // namespace emu
