// Buffered host-descriptor I/O for serial backends; the policies are described in fd_io.h.
#include "devices/serial/fd_io.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "emu/common/status_line.h"

namespace emu {

// ---------------------------------------------------------------------------------------
// FdOutput

FdOutput::FdOutput(int fd, bool owns) : fd_(fd), owns_(owns) { buf_.reserve(kCapacity); }

FdOutput::~FdOutput() {
  flush();
  if (owns_ && fd_ >= 0) ::close(fd_);
}

void FdOutput::put(u8 c) {
  if (failed_) return;
  buf_.push_back(c);
  if (c == '\n' || buf_.size() >= kCapacity) flush();
}

void FdOutput::flush() {
  if (buf_.empty()) return;
  StatusLine::before_write(fd_);  // a live status line on the same terminal goes first
  std::size_t done = 0;
  while (!failed_ && done < buf_.size()) {
    const ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // Someone made the descriptor non-blocking: wait for room (output back-pressure is
      // what a real terminal line does too; it cannot turn into an input hang).
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, -1) < 0 && errno != EINTR) fail(errno);
      else if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) fail(EPIPE);
    } else {
      fail(n < 0 ? errno : EIO);
    }
  }
  StatusLine::after_write(fd_, buf_.data(), done);
  buf_.clear();
}

// ---------------------------------------------------------------------------------------
// FdInput

FdInput::FdInput(int fd, bool owns, PipeMode mode) : fd_(fd), owns_(owns), mode_(mode) {
  struct stat st {};
  if (fd_ < 0 || ::fstat(fd_, &st) != 0) {
    kind_ = Kind::kNone;
    eof_ = true;
    return;
  }
  if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))
    kind_ = Kind::kFile;
  else if (::isatty(fd_))
    kind_ = Kind::kTerminal;
  else
    kind_ = Kind::kStream;
  buf_.resize(kChunk);
}

FdInput::~FdInput() {
  if (owns_ && fd_ >= 0) ::close(fd_);
}

bool FdInput::next(u8& c) {
  if (pos_ == len_) {
    if (eof_) return false;
    fill();
    if (pos_ == len_) return false;
  }
  c = buf_[pos_++];
  return true;
}

void FdInput::fill() {
  pos_ = len_ = 0;
  const bool wait = kind_ == Kind::kFile ||
                    (kind_ == Kind::kStream && mode_ == PipeMode::kDeterministic);
  short revents = 0;
  if (kind_ != Kind::kFile) {
    // Ask whether a read would return at once; a file always would.
    pollfd p{fd_, POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, wait ? -1 : 0);
    } while (r < 0 && errno == EINTR);
    if (r < 0 || (p.revents & POLLNVAL)) {
      eof_ = true;
      return;
    }
    if (r == 0) return;  // nothing yet (host-timed sources only)
    if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) return;
    revents = p.revents;
  }
  ssize_t n;
  do {
    n = ::read(fd_, buf_.data(), buf_.size());
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    len_ = static_cast<std::size_t>(n);
  } else if (n == 0) {
    // End of file. On a terminal that is just ^D (the line stays usable) unless the
    // terminal hung up.
    if (kind_ != Kind::kTerminal || (revents & POLLHUP)) eof_ = true;
  } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
    eof_ = true;  // EIO (hung-up terminal), EISDIR, ...: no more input, never a busy loop
  }
}

}  // namespace emu
