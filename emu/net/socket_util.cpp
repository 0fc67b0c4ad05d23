// Host sockets for the links: see socket_util.h.
#include "emu/net/socket_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "emu/common/number.h"

namespace emu::net {
namespace {

[[noreturn]] void fail(const std::string& what) { throw NetError(what + ": " + std::strerror(errno)); }

int ms_until(Clock::time_point deadline) {
  auto d = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return d <= 0 ? 0 : (d > 1000 ? 1000 : int(d));
}

bool is_loopback_name(const std::string& h) { return h.empty() || h == "localhost"; }

struct Resolved {
  sockaddr_storage sa{};
  socklen_t len = 0;
  int family = AF_UNIX;
};

Resolved resolve(const SocketAddress& a, bool for_listen) {
  Resolved r;
  if (a.unix_socket) {
    auto* un = reinterpret_cast<sockaddr_un*>(&r.sa);
    if (a.path.empty() || a.path.size() >= sizeof(un->sun_path))
      throw NetError("link " + a.text() + ": Unix socket path empty or longer than " +
                     std::to_string(sizeof(un->sun_path) - 1) + " bytes");
    un->sun_family = AF_UNIX;
    std::memcpy(un->sun_path, a.path.c_str(), a.path.size() + 1);
    r.len = sizeof(sockaddr_un);
    return r;
  }
  std::string host = is_loopback_name(a.host) ? "127.0.0.1" : a.host;
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = for_listen ? AI_PASSIVE : 0;
  int rc = getaddrinfo(host.c_str(), std::to_string(a.port).c_str(), &hints, &res);
  if (rc != 0 || !res) throw NetError("link " + a.text() + ": cannot resolve host: " + gai_strerror(rc));
  std::memcpy(&r.sa, res->ai_addr, res->ai_addrlen);
  r.len = res->ai_addrlen;
  r.family = res->ai_family;
  freeaddrinfo(res);
  return r;
}

void tune(int fd, int family) {
  if (family == AF_INET || family == AF_INET6) {
    int one = 1;  // small time announcements must not wait for Nagle
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
}

}  // namespace

std::string SocketAddress::text() const {
  if (unix_socket) return "unix:" + path;
  std::string h = host.empty() ? "localhost" : host;
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "tcp:" + h + ":" + std::to_string(port);
}

SocketAddress parse_socket_address(const std::string& addr) {
  SocketAddress a;
  if (addr.rfind("unix:", 0) == 0) {
    a.unix_socket = true;
    a.path = addr.substr(5);
    return a;
  }
  size_t colon = addr.rfind(':');
  bool tcp = colon != std::string::npos && addr.find('/') == std::string::npos && colon + 1 < addr.size() &&
             addr.find_first_not_of("0123456789", colon + 1) == std::string::npos;
  if (!tcp) {
    a.unix_socket = true;
    a.path = addr;
    if (addr.empty()) throw NetError("link address is empty (want a Unix socket path or HOST:PORT)");
    return a;
  }
  const ParsedNumber port = parse_number(addr.substr(colon + 1), 0, 65535);
  if (!port) throw NetError("link " + printable(addr) + ": port '" + addr.substr(colon + 1) + "' " + port.problem);
  a.port = u16(port.value);
  a.host = addr.substr(0, colon);
  if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
  return a;
}

void Fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void set_nonblocking(int fd) {
  int fl = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

Listener::Listener(const SocketAddress& addr) : addr_(addr) {
  Resolved r = resolve(addr, true);
  fd_ = Fd(::socket(r.family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd_) fail("link " + addr.text() + ": socket");
  if (addr.unix_socket) {
    struct stat st;
    if (lstat(addr.path.c_str(), &st) == 0) {
      if (!S_ISSOCK(st.st_mode)) throw NetError("link " + addr.text() + ": path exists and is not a socket; not replacing it");
      ::unlink(addr.path.c_str());  // a socket left behind by an earlier run
    }
  } else {
    int one = 1;
    setsockopt(fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  }
  if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&r.sa), r.len) != 0) fail("link " + addr.text() + ": bind");
  unlink_on_close_ = addr.unix_socket;
  if (::listen(fd_.get(), 1) != 0) fail("link " + addr.text() + ": listen");
  if (!addr.unix_socket && addr.port == 0) {
    sockaddr_storage sa{};
    socklen_t len = sizeof sa;
    getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&sa), &len);
    addr_.port = ntohs(sa.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&sa)->sin6_port
                                                : reinterpret_cast<sockaddr_in*>(&sa)->sin_port);
  }
}

Listener::~Listener() {
  if (unlink_on_close_ && fd_) ::unlink(addr_.path.c_str());
}

Fd Listener::accept(Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd_.get(), POLLIN, 0};
    int n = ::poll(&p, 1, ms_until(deadline));
    if (n < 0 && errno != EINTR) fail("link " + addr_.text() + ": poll");
    if (n > 0) {
      int c = ::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC);
      if (c >= 0) {
        Resolved r = resolve(addr_, true);
        tune(c, r.family);
        return Fd(c);
      }
      if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) fail("link " + addr_.text() + ": accept");
    }
    if (Clock::now() >= deadline) throw NetError("link " + addr_.text() + ": no peer connected before the timeout");
  }
}

Fd Listener::accept_ready() {
  pollfd p{fd_.get(), POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return Fd();
  const int c = ::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC);
  if (c < 0) return Fd();
  tune(c, resolve(addr_, true).family);
  return Fd(c);
}

Fd connect_socket(const SocketAddress& addr, Clock::time_point deadline, const std::function<void()>& on_first_wait) {
  Resolved r = resolve(addr, false);
  for (bool first = true;; first = false) {
    Fd fd(::socket(r.family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) fail("link " + addr.text() + ": socket");
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&r.sa), r.len) == 0) {
      tune(fd.get(), r.family);
      return fd;
    }
    // Nobody there yet: the listening side may still be starting.
    bool retry = errno == ENOENT || errno == ECONNREFUSED || errno == EAGAIN || errno == EINTR;
    if (!retry) fail("link " + addr.text() + ": connect");
    if (Clock::now() >= deadline) throw NetError("link " + addr.text() + ": nobody listening there before the timeout");
    if (first && on_first_wait) on_first_wait();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void write_all(int fd, const void* buf, size_t n, Clock::time_point deadline, const std::string& who) {
  const u8* p = static_cast<const u8*>(buf);
  while (n) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) { p += w; n -= size_t(w); continue; }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      if (errno == EPIPE || errno == ECONNRESET) throw NetError("link " + who + ": peer closed the link");
      fail("link " + who + ": send");
    }
    pollfd p2{fd, POLLOUT, 0};
    ::poll(&p2, 1, ms_until(deadline));
    if (Clock::now() >= deadline) throw NetError("link " + who + ": peer stalled (not reading) past the timeout");
  }
}

void read_exact(int fd, void* buf, size_t n, Clock::time_point deadline, const std::string& who) {
  u8* p = static_cast<u8*>(buf);
  while (n) {
    ssize_t r = ::recv(fd, p, n, MSG_DONTWAIT);
    if (r > 0) { p += r; n -= size_t(r); continue; }
    if (r == 0) throw NetError("link " + who + ": peer closed the link");
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      if (errno == ECONNRESET) throw NetError("link " + who + ": peer closed the link");
      fail("link " + who + ": recv");
    }
    pollfd p2{fd, POLLIN, 0};
    ::poll(&p2, 1, ms_until(deadline));
    if (Clock::now() >= deadline) throw NetError("link " + who + ": peer stalled (sent nothing) past the timeout");
  }
}

void send_with_fd(int sock, const void* buf, size_t n, int fd_to_pass, const std::string& who) {
  iovec iov{const_cast<void*>(buf), n};
  alignas(cmsghdr) char ctl[CMSG_SPACE(sizeof(int))] = {};
  msghdr m{};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl;
  m.msg_controllen = sizeof ctl;
  cmsghdr* c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd_to_pass, sizeof(int));
  ssize_t w;
  do { w = ::sendmsg(sock, &m, MSG_NOSIGNAL); } while (w < 0 && errno == EINTR);
  if (w != ssize_t(n)) {
    if (w < 0 && (errno == EPIPE || errno == ECONNRESET)) throw NetError("link " + who + ": peer closed the link");
    fail("link " + who + ": sendmsg");
  }
}

Fd recv_with_fd(int sock, void* buf, size_t n, Clock::time_point deadline, const std::string& who) {
  pollfd p{sock, POLLIN, 0};
  while (::poll(&p, 1, ms_until(deadline)) <= 0) {
    if (Clock::now() >= deadline) throw NetError("link " + who + ": peer stalled (sent nothing) past the timeout");
  }
  iovec iov{buf, n};
  alignas(cmsghdr) char ctl[CMSG_SPACE(sizeof(int))] = {};
  msghdr m{};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl;
  m.msg_controllen = sizeof ctl;
  ssize_t r;
  do { r = ::recvmsg(sock, &m, MSG_CMSG_CLOEXEC | MSG_WAITALL); } while (r < 0 && errno == EINTR);
  if (r == 0) throw NetError("link " + who + ": peer closed the link");
  if (r < 0) fail("link " + who + ": recvmsg");
  Fd got;
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
      int f;
      std::memcpy(&f, CMSG_DATA(c), sizeof f);
      got = Fd(f);
    }
  }
  if (size_t(r) != n || !got) throw NetError("link " + who + ": malformed shared-memory offer (no descriptor)");
  return got;
}

}  // namespace emu::net
