// Output files written through a temporary file and a rename; rules in output_file.h.
#include "emu/common/output_file.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "emu/common/error.h"

namespace emu {

namespace {

namespace fs = std::filesystem;

// Temporary files still open, for the signal handler: on SIGINT/SIGTERM/SIGHUP/SIGPIPE it renames
// each to its .partial name or removes it (both async-signal-safe), then lets the signal
// end the process as it would have. The strings are owned by CleanupEntry objects that
// leave the table (with signals blocked) before they are freed.
constexpr int kSlots = 512;
struct Slot {
  std::atomic<int> fd{-1};
  std::atomic<const char*> temp{nullptr};
  std::atomic<const char*> partial{nullptr};  // null: remove
};
Slot g_slots[kSlots];
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

void on_signal(int sig) {
  for (Slot& s : g_slots) {
    const char* t = s.temp.load();
    if (!t) continue;
    const char* p = s.partial.load();
    struct stat st {};
    if (p && ::fstat(s.fd.load(), &st) == 0 && st.st_size > 0) ::rename(t, p);
    else ::unlink(t);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);  // delivered when the handler returns: the process ends by the signal
}

void install_handlers() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  for (int sig : kSignals) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;  // ignored (nohup) or taken
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int other : kSignals) sigaddset(&sa.sa_mask, other);
    ::sigaction(sig, &sa, nullptr);
  }
}

class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kSignals) sigaddset(&set, sig);
    ::sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsBlocked() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

int register_temp(int fd, const std::string& temp, const std::string* partial) {
  install_handlers();
  SignalsBlocked blocked;
  for (int i = 0; i < kSlots; ++i) {
    if (g_slots[i].temp.load()) continue;
    g_slots[i].fd.store(fd);
    g_slots[i].partial.store(partial ? partial->c_str() : nullptr);
    g_slots[i].temp.store(temp.c_str());
    return i;
  }
  return -1;  // more open outputs than slots: this one is not cleaned up on a signal
}

void unregister_temp(int slot) {
  if (slot < 0) return;
  SignalsBlocked blocked;
  g_slots[slot].temp.store(nullptr);
  g_slots[slot].partial.store(nullptr);
}

}  // namespace

std::string OutputFile::resolve(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  if (ec) return path;
  fs::path r = fs::weakly_canonical(abs, ec);
  return (ec ? abs.lexically_normal() : r).string();
}

OutputFile::OutputFile(const std::string& path, const std::string& label, Partial partial, int dash_fd)
    : path_(path), label_(label), partial_(partial) {
  if (path.empty()) throw UserError(label + ": needs a file name");
  buf_.reserve(kBufferBytes);
  if (path == "-" && dash_fd >= 0) {
    fd_ = dash_fd;
    return;
  }
  target_ = resolve(path);
  struct stat st {};
  const bool exists = ::stat(target_.c_str(), &st) == 0;
  if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    // Written in place. A FIFO without a reader would block the open silently: say so.
    fd_ = ::open(target_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0 && errno == ENXIO) {
      std::fprintf(stderr, "emu: %s: waiting for a reader on FIFO %s\n", label.c_str(), path.c_str());
      fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    }
    if (fd_ < 0) throw UserError(label + " " + path + ": cannot open: " + std::strerror(errno));
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
    owns_fd_ = true;
    return;
  }
  if (exists && S_ISDIR(st.st_mode)) throw UserError(label + " " + path + ": is a directory");
  if (exists && !S_ISREG(st.st_mode))
    throw UserError(label + " " + path + ": is not a regular file, a character device or a FIFO");
  const fs::path t(target_);
  std::string base = t.filename().string();
  if (base.size() > 200) base.resize(200);  // room for the prefix and suffix within NAME_MAX
  static unsigned counter = 0;
  SignalsBlocked blocked;  // until the file is in the cleanup table
  for (;;) {
    temp_ = (t.parent_path() / ("." + base + ".emu-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                .string();
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0 || errno != EEXIST) break;
  }
  if (fd_ < 0) {
    const int err = errno;
    temp_.clear();
    throw UserError(label + " " + path + ": cannot create a file in " + t.parent_path().string() + ": " +
                    std::strerror(err));
  }
  owns_fd_ = true;
  if (exists) ::fchmod(fd_, st.st_mode & 07777);  // the new file keeps the old one's permissions
  partial_path_ = partial_name(target_);
  slot_ = register_temp(fd_, temp_, partial == Partial::kKeep ? &partial_path_ : nullptr);
}

OutputFile::~OutputFile() { abandon(); }

void OutputFile::fail(const char* what, int err) {
  failed_ = true;
  buf_.clear();
  throw EmulatorError(label_ + " " + path_ + ": " + what + " failed: " + std::strerror(err));
}

void OutputFile::write_all(const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd_, p, n);
    if (w > 0) {
      p += w;
      n -= std::size_t(w);
      written_ += std::size_t(w);
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd pfd{fd_, POLLOUT, 0};  // a non-blocking terminal or pipe: wait for room
      if (::poll(&pfd, 1, -1) < 0 && errno != EINTR) fail("write", errno);
    } else {
      fail("write", w < 0 ? errno : EIO);
    }
  }
}

void OutputFile::write(const void* data, std::size_t n) {
  if (failed_ || done_) return;
  const char* p = static_cast<const char*>(data);
  if (buf_.size() + n > kBufferBytes) {
    flush();
    if (n >= kBufferBytes) return write_all(p, n);
  }
  buf_.insert(buf_.end(), p, p + n);
}

void OutputFile::flush() {
  if (failed_ || done_ || buf_.empty()) return;
  write_all(buf_.data(), buf_.size());
  buf_.clear();
}

void OutputFile::commit() {
  if (done_) return;
  flush();
  if (failed_) return;  // the error was thrown already; abandon() will clean up
  if (owns_fd_) {
    const int fd = fd_;
    fd_ = -1;
    owns_fd_ = false;
    if (::close(fd) != 0) fail("close", errno);  // NFS and some others report write errors here
  }
  if (!temp_.empty() && ::rename(temp_.c_str(), target_.c_str()) != 0) fail("rename", errno);
  unregister_temp(slot_);
  slot_ = -1;
  done_ = committed_ = true;
}

void OutputFile::abandon() noexcept {
  if (done_) return;
  done_ = true;
  SignalsBlocked blocked;  // the handler must not race the rename below
  if (!temp_.empty() && partial_ == Partial::kKeep && !failed_ && !buf_.empty()) {
    // A post-mortem wants the last bytes too (a panic message without its newline).
    const ssize_t w = ::write(fd_, buf_.data(), buf_.size());
    if (w > 0) written_ += std::size_t(w);
  }
  buf_.clear();
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) {
    // An empty partial file tells nothing: remove it too.
    if (partial_ == Partial::kKeep && written_ > 0) ::rename(temp_.c_str(), partial_path_.c_str());
    else ::unlink(temp_.c_str());
  }
  unregister_temp(slot_);
  slot_ = -1;
}

}  // namespace emu
