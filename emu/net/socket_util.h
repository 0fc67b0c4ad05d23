// Host sockets for the links: parsing `ADDR` (a Unix socket path or HOST:PORT), listening,
// accepting and connecting with a deadline, whole-buffer I/O with a deadline, and passing a
// file descriptor over a Unix socket (SCM_RIGHTS, unix(7)).
//
// Address rules (documented for users in link_protocol.h):
//   unix:PATH            a Unix stream socket at PATH
//   HOST:PORT, :PORT     TCP; HOST a name or an IPv4/IPv6 address ([::1]:PORT for IPv6).
//                        An empty HOST or "localhost" means loopback: listening is on
//                        loopback unless a non-loopback host (0.0.0.0 for all) is named.
//   anything else        a Unix socket path (it has no ":digits" ending, or has a '/').
// Every failure throws NetError with one line naming the address.
#pragma once
#include <chrono>
#include <functional>
#include <string>

#include "emu/net/wire_frame.h"

namespace emu::net {

using Clock = std::chrono::steady_clock;

struct SocketAddress {
  bool unix_socket = false;
  std::string path;  // unix
  std::string host;  // tcp ("" = loopback)
  u16 port = 0;      // tcp
  std::string text() const;  // "unix:/tmp/a" or "tcp:host:port", for messages
};
SocketAddress parse_socket_address(const std::string& addr);

// An owned descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept { if (this != &o) { reset(); fd_ = o.release(); } return *this; }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() { int f = fd_; fd_ = -1; return f; }
  void reset();

 private:
  int fd_ = -1;
};

// A bound, listening socket. For TCP with port 0 the kernel picks one: address() tells it.
// A Unix socket path is removed again when the listener is destroyed; an existing socket at
// the path (left by a crashed run) is replaced, anything else there is refused.
class Listener {
 public:
  explicit Listener(const SocketAddress& addr);
  ~Listener();
  Listener(Listener&&) = default;
  const SocketAddress& address() const { return addr_; }
  // Waits until a peer connects or `deadline`; throws NetError on timeout.
  Fd accept(Clock::time_point deadline);
  // A peer that is already waiting, or an empty Fd: never blocks.
  Fd accept_ready();

 private:
  SocketAddress addr_;
  Fd fd_;
  bool unlink_on_close_ = false;
};

// Connects, retrying while nobody listens yet (so both sides can be started together),
// until `deadline`.
// on_first_wait: called once if nobody listens at the first attempt (before retrying).
Fd connect_socket(const SocketAddress& addr, Clock::time_point deadline,
                  const std::function<void()>& on_first_wait = nullptr);

void set_nonblocking(int fd);
// Write all of buf / read exactly n bytes, waiting at most until deadline. `who` names the
// peer in errors. read_exact reports a clean end of file as NetError "... closed the link".
void write_all(int fd, const void* buf, size_t n, Clock::time_point deadline, const std::string& who);
void read_exact(int fd, void* buf, size_t n, Clock::time_point deadline, const std::string& who);
// One message's bytes plus a descriptor as ancillary data / the receiving side.
void send_with_fd(int sock, const void* buf, size_t n, int fd_to_pass, const std::string& who);
Fd recv_with_fd(int sock, void* buf, size_t n, Clock::time_point deadline, const std::string& who);

}  // namespace emu::net
