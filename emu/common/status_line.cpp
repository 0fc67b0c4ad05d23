#include "emu/common/status_line.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace emu {

namespace {
StatusLine* g_line = nullptr;

void write_all(int fd, const std::string& s) {
  const char* p = s.data();
  std::size_t left = s.size();
  while (left) {
    const ssize_t n = ::write(fd, p, left);
    if (n <= 0) return;  // a status line is not worth an error: stop drawing this one
    p += n;
    left -= std::size_t(n);
  }
}
}  // namespace

bool StatusLine::wanted(bool quiet) { return !quiet && ::isatty(STDERR_FILENO); }

StatusLine::StatusLine(int fd) : fd_(fd) { g_line = this; }

StatusLine::~StatusLine() {
  erase();
  if (g_line == this) g_line = nullptr;
}

void StatusLine::show(const std::string& text) {
  if (!at_line_start_) return;
  std::string line = text;
  winsize ws{};
  if (::ioctl(fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 && line.size() >= ws.ws_col)
    line.resize(ws.ws_col - 1);  // one line, never a wrap the erase would not undo
  write_all(fd_, "\r" + line + "\x1b[K");
  shown_ = true;
}

void StatusLine::erase() {
  if (!shown_) return;
  write_all(fd_, "\r\x1b[K");
  shown_ = false;
}

void StatusLine::before_write(int fd) {
  if (g_line && ::isatty(fd)) g_line->erase();
}

void StatusLine::after_write(int fd, const unsigned char* data, std::size_t n) {
  if (g_line && n && ::isatty(fd)) g_line->at_line_start_ = data[n - 1] == '\n';
}

}  // namespace emu
