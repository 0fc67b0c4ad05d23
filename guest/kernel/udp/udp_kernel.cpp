// Structure 1 of the UDP experiment, in-kernel (the macrokernel): the application
// (udp_app.h) over the kernel's sockets, one system call per sendto and per recvfrom.
// Needs the kernel's boot argument ip=A.B.C.D.
#include "net.h"
#include "udp_app.h"
#include "ulib.h"

namespace {

using namespace kabi;

class Sockets final : public udp::Transport {
 public:
  int open() {
    s_ = sys_sock_open();
    return s_ < 0 ? s_ : 0;
  }
  int bind(uint16_t port) override {
    port_ = port;
    return sys_sock_bind(uint32_t(s_), port, timeout_);
  }
  int sendto(uint32_t ip, uint16_t port, const void* data, unsigned len) override {
    ++counts_.syscalls;
    return sys_sock_sendto(uint32_t(s_), data, len | uint32_t(port) << 16, ip);
  }
  int recvfrom(void* buf, unsigned len, uint32_t* ip, uint16_t* port, uint32_t timeout_ms) override {
    if (timeout_ms != timeout_) {  // the timeout is the socket's (kSysSockBind)
      timeout_ = timeout_ms;
      ++counts_.syscalls;
      sys_sock_bind(uint32_t(s_), port_, timeout_ms);
    }
    ++counts_.syscalls;
    SockAddr from;
    const int n = sys_sock_recvfrom(uint32_t(s_), buf, len, &from);
    *ip = from.ip;
    *port = static_cast<uint16_t>(from.port);
    return n;
  }
  void user_counts(udp::UserCounts* out) override { *out = counts_; }

 private:
  int s_ = -1;
  uint16_t port_ = 0;
  uint32_t timeout_ = 0;
  udp::UserCounts counts_{};
};

Sockets g_sock;

}  // namespace

int main() {
  if (const int r = g_sock.open()) {
    printf("udp_kernel: no socket (%d): is the kernel's ip= given?\n", r);
    return 1;
  }
  return udp::run("kernel", g_sock);
}
