// Structure 6 of the UDP experiment, user to user through the dedicated UDP server: the
// application (udp_app.h) as a task of its own, reaching udps by messages (udps.h) with
// hand-written stubs. Started by udps (mode=user), which gives it a send right to its
// request port (main's second argument) and maps its counts at kServerCountsVa.
#include "msg.h"
#include "net.h"
#include "udp_app.h"
#include "udps.h"
#include "ulib.h"

namespace {

using namespace kabi;
using namespace ulib;

class ToServer final : public udp::Transport {
 public:
  explicit ToServer(uint32_t server) : server_(server) {}
  int bind(uint16_t port) override {
    port_ = port;
    mine_ = uint32_t(sys_port_allocate());
    Msg m;
    m.h.bits = kMsgComplex;
    m.body[0] = 1;  // one port descriptor: a send right to our port
    m.body[1] = mine_;
    m.body[2] = kMakeSend;
    m.body[3] = port;
    return send(&m, server_, sizeof(MsgHeader) + 16, udp::kUdpsBind);
  }
  int sendto(uint32_t ip, uint16_t port, const void* data, unsigned len) override {
    if (len > sizeof m_.data) return kErrInvalidArg;
    m_.h.bits = 0;
    m_.ip = ip;
    m_.port = port;
    m_.local_port = port_;
    m_.len = len;
    ++own_.copies;
    memcpy(m_.data, data, len);
    ++own_.syscalls;
    return send(reinterpret_cast<Msg*>(&m_), server_, udp::udps_msg_size(len), udp::kUdpsSend);
  }
  int recvfrom(void* buf, unsigned len, uint32_t* ip, uint16_t* port, uint32_t timeout_ms) override {
    ++own_.syscalls;
    const int r = receive(reinterpret_cast<Msg*>(&r_), mine_, sizeof r_, kMsgRcvTimeout, timeout_ms);
    if (r != kOk) return r;
    if (r_.h.id != udp::kUdpsData || r_.len > sizeof r_.data) return kErrInvalidArg;
    const unsigned n = r_.len < len ? r_.len : len;
    ++own_.copies;
    memcpy(buf, r_.data, n);
    *ip = r_.ip;
    *port = r_.port;
    return static_cast<int>(n);
  }
  void user_counts(udp::UserCounts* out) override {
    const auto* s = reinterpret_cast<const volatile udp::UserCounts*>(udp::kServerCountsVa);
    out->syscalls = own_.syscalls + s->syscalls;
    out->messages = own_.messages + s->messages;
    out->vm = own_.vm + s->vm;
    out->spl = own_.spl + s->spl;
    out->copies = own_.copies + s->copies;
    out->locks = own_.locks + s->locks;
  }

 private:
  uint32_t server_, mine_ = 0;
  uint16_t port_ = 0;
  udp::UdpsMsg m_, r_;
  udp::UserCounts own_{};
};

}  // namespace

int main(uint32_t, uint32_t server) {
  static ToServer t(server);
  return udp::run("udps-user", t);
}
