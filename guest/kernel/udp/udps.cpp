// udps: the dedicated UDP server (issue 11's structures 6 and 7; Maeda & Bershad 1992
// §4), a user task holding guest/net's ARP/IPv4/UDP stack (inet.h, the same code the
// kernel's sockets and the bare-metal programs compile in).
//
// Frames arrive by the packet filter (ARP for our address, IPv4 to our address) as
// messages into the input thread's buffer; frames leave by net_write. The stack's state
// (ARP cache, transmit buffer, IP id) is shared by the input thread and the request
// thread and protected by one lock. No thread is wired to a kernel thread: both are
// ordinary threads blocked in mach_msg.
//
//   mode=user    structure 6: spawns the client task `udps_app` (the application of
//                udp_app.h) with a send right to its request port and serves it: bind,
//                sendto (request thread), datagrams (input thread: the payload copied
//                once from the input buffer into the message to the client).
//   mode=server  structure 7: the application runs inside the server, on the input
//                thread: its sendto calls the stack, its recvfrom runs the input loop.
//
// Boot arguments: addr=A.B.C.D (the server's address), mode=user|server, and the
// application's (udp_app.h). The server's own counts are on a page shared with its client
// task (kServerCountsVa), so the application reports both.
#include "msg.h"
#include "net.h"
#include "udp_app.h"
#include "udps.h"
#include "ulib.h"

namespace {

using namespace kabi;
using namespace ulib;
namespace gn = guest::net;

constexpr uint32_t kPriority = 10;
constexpr int kAgain = 1;  // input_once: a frame handled, nothing for the caller
constexpr unsigned kMaxBindings = 4;

// The counts, alone on a page that vm_share can map into the client task.
struct alignas(4096) CountsPage {
  udp::UserCounts c;
  uint8_t pad[4096 - sizeof(udp::UserCounts)];
};
CountsPage g_page;
udp::UserCounts& g_n = g_page.c;

// ---- the one lock: Peterson's algorithm for the two threads (0: input, 1: requests).
// The R3000 has no atomic read-modify-write; on one processor plain loads and stores
// in program order suffice. A waiter yields to let the holder run.
volatile uint32_t g_want[2], g_turn;
void lock(unsigned me) {
  ++g_n.locks;
  g_want[me] = 1;
  g_turn = 1 - me;
  asm volatile("" ::: "memory");
  while (g_want[1 - me] && g_turn == 1 - me) {
    ++g_n.syscalls;
    sys_thread_switch(0);
  }
}
void unlock(unsigned me) {
  asm volatile("" ::: "memory");
  g_want[me] = 0;
}

uint32_t g_ip;
uint32_t g_frames;  // the filter port
NetInfo g_info;

struct Binding {
  uint16_t port;
  uint32_t client;  // send right to the client's port; 0: the in-server application
};
Binding g_bind[kMaxBindings];
unsigned g_nbind;
uint32_t g_dropped;

int link_send(const uint8_t* frame, unsigned len) {
  ++g_n.syscalls;
  return sys_net_write(frame, len);
}

// ARP (RFC 826) for our address; IPv4 (no options) to our address.
uint16_t g_arp_filter[12], g_ip_filter[9];
void make_filters() {
  const uint16_t hi = uint16_t(g_ip >> 16), lo = uint16_t(g_ip);
  const uint16_t arp[] = {
      pf(kPfNop, kPfPushWord + 6),  pf(kPfCand, kPfPushLit), 0x0806,
      pf(kPfNop, kPfPushWord + 19), pf(kPfCand, kPfPushLit), hi,
      pf(kPfNop, kPfPushWord + 20), pf(kPfEq, kPfPushLit),   lo,
  };
  const uint16_t ip[] = {
      pf(kPfNop, kPfPushWord + 6),  pf(kPfCand, kPfPushLit), 0x0800,
      pf(kPfNop, kPfPushWord + 15), pf(kPfCand, kPfPushLit), hi,
      pf(kPfNop, kPfPushWord + 16), pf(kPfEq, kPfPushLit),   lo,
  };
  memcpy(g_arp_filter, arp, sizeof arp);
  memcpy(g_ip_filter, ip, sizeof ip);
  const int a = sys_filter_install(g_frames, kPriority, g_arp_filter, sizeof arp / 2);
  const int b = sys_filter_install(g_frames, kPriority, g_ip_filter, sizeof ip / 2);
  if (a <= 0 || b <= 0) printf("udps: filters not installed (%d, %d)\n", a, b);
}

// ---- input: one frame from the filter port. A datagram for a client goes out to it
// here; one for the in-server application is returned (true).
struct {
  MsgHeader h;
  uint32_t len;
  alignas(4) uint8_t f[kNetMaxFrame + 2];
} g_in;
udp::UdpsMsg g_out;  // the input thread's message to a client

int input_once(uint32_t timeout_ms, gn::UdpDatagram* app) {
  ++g_n.syscalls;
  const int r = receive(reinterpret_cast<Msg*>(&g_in), g_frames, sizeof g_in, timeout_ms ? kMsgRcvTimeout : 0,
                        timeout_ms);
  if (r != kOk) return r;
  if (g_in.h.id != kNetFrameMsgId) return kErrInvalidArg;
  gn::UdpDatagram d;
  lock(0);
  const bool udp = gn::inet_input(g_in.f, g_in.len, &d);
  const Binding* b = nullptr;
  for (unsigned i = 0; udp && i < g_nbind && !b; ++i)
    if (g_bind[i].port == d.dst_port) b = &g_bind[i];
  const uint32_t client = b ? b->client : 0;  // (bindings are only ever added)
  unlock(0);
  if (!udp) return kAgain;
  if (b) {
    if (!client) {
      *app = d;
      return kOk;
    }
    g_out.ip = d.src_ip;
    g_out.port = d.src_port;
    g_out.local_port = d.dst_port;
    g_out.len = d.len;
    ++g_n.copies;
    memcpy(g_out.data, d.data, d.len);
    ++g_n.syscalls;
    if (send(reinterpret_cast<Msg*>(&g_out), client, udp::udps_msg_size(d.len), udp::kUdpsData,
             kMsgSendTimeout, 0) != kOk)
      ++g_dropped;
    return kAgain;
  }
  ++g_dropped;  // no one on that port
  return kAgain;
}

void input_thread(uint32_t) {
  for (;;) input_once(0, nullptr);
}

// ---- requests from client tasks.
uint32_t g_requests;
udp::UdpsMsg g_req;

void request_thread(uint32_t) {
  for (;;) {
    ++g_n.syscalls;
    if (receive(reinterpret_cast<Msg*>(&g_req), g_requests, sizeof g_req) != kOk) continue;
    if (g_req.h.id == udp::kUdpsSend) {
      if (g_req.len > gn::kUdpMaxPayload) continue;
      lock(1);
      ++g_n.copies;  // into the frame
      gn::udp_output(g_req.ip, g_req.local_port, g_req.port, g_req.data, g_req.len);
      unlock(1);
    } else if (g_req.h.id == udp::kUdpsBind && (g_req.h.bits & kMsgComplex)) {
      const uint32_t* b = reinterpret_cast<const uint32_t*>(&g_req.ip);  // the body
      lock(1);
      if (g_nbind < kMaxBindings) g_bind[g_nbind++] = Binding{static_cast<uint16_t>(b[3]), b[1]};
      unlock(1);
    }
  }
}

// ---- structure 7: the application inside the server.
class InServer final : public udp::Transport {
 public:
  int bind(uint16_t port) override {
    if (g_nbind == kMaxBindings) return kErrNoSpace;
    g_bind[g_nbind++] = Binding{port, 0};
    port_ = port;
    return 0;
  }
  int sendto(uint32_t ip, uint16_t port, const void* data, unsigned len) override {
    lock(0);
    ++g_n.copies;  // into the frame
    const int r = gn::udp_output(ip, port_, port, data, len);
    unlock(0);
    return r;
  }
  int recvfrom(void* buf, unsigned len, uint32_t* ip, uint16_t* port, uint32_t timeout_ms) override {
    gn::UdpDatagram d;
    for (;;) {
      const int r = input_once(timeout_ms, &d);
      if (r == kAgain) continue;
      if (r != kOk) return r;
      const unsigned n = d.len < len ? d.len : len;
      ++g_n.copies;
      memcpy(buf, d.data, n);
      *ip = d.src_ip;
      *port = d.src_port;
      return static_cast<int>(n);
    }
  }
  void user_counts(udp::UserCounts* out) override { *out = g_n; }

 private:
  uint16_t port_ = 0;
};
InServer g_in_server;

}  // namespace

int main() {
  char mode[8];
  if (!udp::arg_ip("addr", &g_ip) || sys_boot_arg("mode", mode, sizeof mode) <= 0 ||
      (strcmp(mode, "user") != 0 && strcmp(mode, "server") != 0)) {
    printf("udps: needs addr=A.B.C.D and mode=user|server\n");
    flush();
    return 2;
  }
  if (sys_net_info(&g_info) != kOk) {
    printf("udps: no network device\n");
    flush();
    return 1;
  }
  gn::inet_init(g_ip, g_info.mac, link_send);
  g_frames = uint32_t(sys_port_allocate());
  make_filters();
  if (strcmp(mode, "server") == 0) return udp::run("udps-server", g_in_server);

  g_requests = uint32_t(sys_port_allocate());
  const int child = sys_task_spawn("udps_app", 0, g_requests, kMakeSend);
  if (child <= 0 || sys_vm_share(uint32_t(child), reinterpret_cast<uint32_t>(&g_page), sizeof g_page,
                                 udp::kServerCountsVa) < 0) {
    printf("udps: cannot start udps_app (%d)\n", child);
    flush();
    return 1;
  }
  sys_thread_create(input_thread, alloc_stack(), 0, kPriority);
  sys_thread_create(request_thread, alloc_stack(), 0, kPriority);
  const int status = sys_task_wait(uint32_t(child));
  if (g_dropped) printf("udps: %u datagrams dropped\n", unsigned(g_dropped));
  flush();
  sys_task_exit(status);
}
