// Buffered byte I/O on host file descriptors for the serial backends (POSIX).
//
// FdOutput batches characters and writes them with write(2): a serial console emits one
// character per TDR write, and one system call per character would dominate a big
// output. It flushes on newline (so interactive output and `tail -f` keep up), when the
// buffer fills, on flush() and in the destructor.
//
// FdInput hands out one byte at a time from a host descriptor without ever hanging:
//  * regular files (and block devices): read ahead in chunks; at end of file it returns
//    false for ever after, with no further system calls (GXemul spins at EOF; we latch);
//  * terminals: poll(2) with a zero timeout, then read what is there. A zero-length read
//    (^D) is not latched, so the user can keep typing; a hang-up or error is;
//  * pipes, FIFOs, sockets and other character devices (/dev/null): by default the same
//    zero-timeout poll, so input depends on when the writer wrote (host-timed). With
//    PipeMode::kDeterministic they are read like files: receive() waits until the writer
//    produces the next byte or closes its end. That makes a run independent of host
//    timing, at the price of stalling the whole emulator while the writer is idle;
//  * a descriptor that is closed or invalid: permanently no input.
// A read end whose writers have all gone returns end of file at once in every mode.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu {

class FdOutput {
 public:
  // Does not take ownership of `fd` unless `owns` (then the destructor closes it).
  FdOutput(int fd, bool owns);
  ~FdOutput();
  FdOutput(const FdOutput&) = delete;
  FdOutput& operator=(const FdOutput&) = delete;

  void put(u8 c);
  void flush();
  bool pending() const { return !buf_.empty(); }
  // A write failed (e.g. EPIPE with SIGPIPE ignored, ENOSPC): later output is discarded,
  // because the guest has no way to learn about a host error on its serial line. The
  // owner decides whether that ends the run (StdioBackend: it does). error(): the errno.
  bool failed() const { return failed_; }
  int error() const { return error_; }

 private:
  static constexpr std::size_t kCapacity = 64 * 1024;
  void fail(int err) {
    failed_ = true;
    error_ = err;
  }
  int fd_;
  bool owns_;
  bool failed_ = false;
  int error_ = 0;
  std::vector<u8> buf_;
};

class FdInput {
 public:
  enum class PipeMode { kHostTimed, kDeterministic };
  enum class Kind { kNone, kFile, kTerminal, kStream };

  FdInput(int fd, bool owns, PipeMode mode = PipeMode::kHostTimed);
  ~FdInput();
  FdInput(const FdInput&) = delete;
  FdInput& operator=(const FdInput&) = delete;

  // Next byte if one is available now (see the file comment for what "now" means).
  bool next(u8& c);
  bool at_eof() const { return eof_ && pos_ == len_; }
  Kind kind() const { return kind_; }

 private:
  void fill();  // one attempt to refill buf_; sets eof_ when the source is finished
  static constexpr std::size_t kChunk = 4096;
  int fd_;
  bool owns_;
  PipeMode mode_;
  Kind kind_ = Kind::kNone;
  bool eof_ = false;
  std::vector<u8> buf_;
  std::size_t pos_ = 0, len_ = 0;
};

}  // namespace emu
