// Serial line on a listening Unix or TCP socket; behaviour in socket_backend.h.
#include "devices/serial/socket_backend.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "emu/common/error.h"

namespace emu {

namespace {

[[noreturn]] void fail(const std::string& option, const std::string& what, int err) {
  throw UserError(option + ": " + what + ": " + std::strerror(err));
}

}  // namespace

std::unique_ptr<SocketBackend> SocketBackend::listen_unix(const std::string& path, const std::string& option) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path)
    throw UserError(option + ": 'unix:" + path + "' needs a socket path of 1 to " +
                    std::to_string(sizeof addr.sun_path - 1) + " characters");
  std::memcpy(addr.sun_path, path.data(), path.size());
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) throw UserError(option + ": " + path + " exists and is not a socket");
    ::unlink(path.c_str());  // stale socket of an earlier run
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) fail(option, "cannot create a Unix socket", errno);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0) {
    const int err = errno;
    ::close(fd);
    fail(option, "cannot listen on " + path, err);
  }
  std::unique_ptr<SocketBackend> b(new SocketBackend(fd));
  b->path_ = path;
  return b;
}

std::unique_ptr<SocketBackend> SocketBackend::listen_tcp(unsigned port, const std::string& option) {
  if (port > 65535) throw UserError(option + ": TCP port " + std::to_string(port) + " is out of range (0-65535)");
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) fail(option, "cannot create a TCP socket", errno);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<u16>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never reachable from other hosts
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0) {
    const int err = errno;
    ::close(fd);
    fail(option, "cannot listen on 127.0.0.1:" + std::to_string(port), err);
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::unique_ptr<SocketBackend> b(new SocketBackend(fd));
  b->port_ = ntohs(addr.sin_port);
  return b;
}

SocketBackend::~SocketBackend() {
  flush();
  drop_client();
  if (listen_ >= 0) ::close(listen_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

bool SocketBackend::ensure_client() {
  if (client_ >= 0) return true;
  const int fd = ::accept4(listen_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return false;  // EAGAIN: nobody waiting (other errors: try again later)
  client_ = fd;
  if (port_) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // interactive line
  }
  return true;
}

void SocketBackend::drop_client() {
  if (client_ >= 0) ::close(client_);
  client_ = -1;
  in_pos_ = in_len_ = 0;
  dropped_ += out_.size();
  out_.clear();
}

void SocketBackend::transmit(u8 c) {
  if (!ensure_client()) {
    ++dropped_;
    return;
  }
  if (out_.size() >= kMaxPending) {
    ++dropped_;
    return;
  }
  out_.push_back(c);
  if (c == '\n' || out_.size() >= kFlushAt) flush();
}

void SocketBackend::flush() {
  size_t done = 0;
  while (client_ >= 0 && done < out_.size()) {
    const ssize_t n = ::send(client_, out_.data() + done, out_.size() - done, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;  // the client is not reading: keep the rest for later
    } else {
      out_.erase(out_.begin(), out_.begin() + static_cast<long>(done));
      drop_client();  // EPIPE, ECONNRESET, ...
      return;
    }
  }
  out_.erase(out_.begin(), out_.begin() + static_cast<long>(done));
}

bool SocketBackend::receive(u8& c) {
  if (!ensure_client()) return false;
  if (!out_.empty()) flush();  // the guest is listening: its prompt must be visible first
  if (client_ < 0) return false;
  if (in_pos_ == in_len_) {
    ssize_t n;
    do {
      n = ::recv(client_, in_.data(), in_.size(), MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
      in_pos_ = 0;
      in_len_ = static_cast<size_t>(n);
    } else {
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) drop_client();  // gone
      return false;
    }
  }
  c = in_[in_pos_++];
  return true;
}

}  // namespace emu
