// In-kernel UDP sockets (see ksock.h), the kernel's event counters and its boot
// arguments as seen by user tasks.
#include "ksock.h"

#include "abi.h"
#include "dev/net.h"
#include "inet.h"
#include "kern/klib.h"
#include "kern/kstat.h"
#include "lance.h"
#include "libc.h"
#include "sched/sched.h"
#include "task/task.h"
#include "vm/usercopy.h"

namespace kern {

kabi::KStat g_kstat;

namespace {

using namespace kabi;
namespace gn = guest::net;

constexpr unsigned kQueue = 4;  // datagrams queued per socket

struct Datagram {
  uint32_t ip;
  uint16_t port, len;
  uint8_t data[gn::kUdpMaxPayload];
};

struct Socket {
  Task* owner;  // nullptr: free
  uint16_t port;
  uint32_t timeout_ms;
  ThreadQueue readers;
  // The thread waiting in recvfrom (at most one is served at a time: the first).
  uint32_t rbuf, rlen, rfrom;
  Datagram q[kQueue];
  unsigned qhead, qcount;
  uint32_t dropped;
};

uint32_t g_ip;  // 0: no in-kernel stack
bool g_up;
int g_argc;
char** g_argv;
Socket g_sock[kSockMax];
alignas(4) uint8_t g_payload[gn::kUdpMaxPayload];

int link_send(const uint8_t* frame, unsigned len) {
  ++g_kstat.copies;  // into LANCE memory
  return gn::lance_send(frame, len);
}

// The stack starts with the device (the station address is the LANCE's).
int stack_up() {
  if (g_up) return kOk;
  if (!g_ip) return kErrDevice;
  if (const int r = net_open()) return r;
  gn::inet_init(g_ip, gn::lance_mac(), link_send);
  g_up = true;
  return kOk;
}

bool parse_ip(const char* s, uint32_t* out) {
  uint32_t ip = 0;
  for (int part = 0; part < 4; ++part) {
    if (*s < '0' || *s > '9') return false;
    uint32_t v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + uint32_t(*s++ - '0');
    if (v > 255 || *s != (part < 3 ? '.' : '\0')) return false;
    if (part < 3) ++s;
    ip = ip << 8 | v;
  }
  *out = ip;
  return true;
}

Socket* sock_of(uint32_t s) {
  if (s >= kSockMax || g_sock[s].owner != g_current->task) return nullptr;
  return &g_sock[s];
}

// Hand a datagram to the first reader, if one waits: straight into its buffer.
bool to_reader(Socket* so, uint32_t ip, uint16_t port, const uint8_t* data, unsigned len) {
  Thread* r = so->readers.head;
  if (!r) return false;
  const unsigned n = len < so->rlen ? len : so->rlen;
  const SockAddr from{ip, port};
  ++g_kstat.copies;
  const bool ok = copyout(r->task, so->rbuf, data, n) && (!so->rfrom || copyout(r->task, so->rfrom, &from, sizeof from));
  wakeup(r, ok ? static_cast<int>(n) : kErrInvalidAddress);
  return true;
}

}  // namespace

void ksock_boot_args(int argc, char** argv) {
  g_argc = argc;
  g_argv = argv;
  for (int i = 0; i < argc; ++i)
    if (argv[i][0] == 'i' && argv[i][1] == 'p' && argv[i][2] == '=' && !parse_ip(argv[i] + 3, &g_ip))
      printf("kernel: bad boot argument %s (ip=A.B.C.D), no in-kernel sockets\n", argv[i]);
}

bool ksock_input(const uint8_t* frame, unsigned len) {
  if (!g_up || len < 14) return false;
  const unsigned type = unsigned(frame[12]) << 8 | frame[13];
  if (type == gn::kEtherTypeArp) {
    // Ours when it asks for or answers about our address (the target protocol address).
    if (len < 42) return false;
    const uint32_t tpa = uint32_t(frame[38]) << 24 | uint32_t(frame[39]) << 16 | uint32_t(frame[40]) << 8 | frame[41];
    if (tpa != g_ip) return false;
  } else if (type == gn::kEtherTypeIp) {
    if (len < 34) return false;
    const uint32_t dst = uint32_t(frame[30]) << 24 | uint32_t(frame[31]) << 16 | uint32_t(frame[32]) << 8 | frame[33];
    if (dst != g_ip) return false;
  } else {
    return false;
  }
  gn::UdpDatagram d;
  if (!gn::inet_input(frame, len, &d)) return true;  // ARP, or a bad or other datagram: consumed
  for (Socket& so : g_sock) {
    if (!so.owner || so.port != d.dst_port) continue;
    if (to_reader(&so, d.src_ip, d.src_port, d.data, d.len)) return true;
    if (so.qcount == kQueue) {
      ++so.dropped;
      return true;
    }
    Datagram& q = so.q[(so.qhead + so.qcount++) % kQueue];
    q.ip = d.src_ip;
    q.port = d.src_port;
    q.len = static_cast<uint16_t>(d.len);
    ++g_kstat.copies;
    memcpy(q.data, d.data, d.len);
    return true;
  }
  return true;  // no socket on that port
}

void ksock_task_ended(Task* t) {
  for (Socket& so : g_sock)
    if (so.owner == t) so.owner = nullptr;  // its threads are gone already
}

}  // namespace kern

using namespace kern;
using namespace kabi;
using A = uint32_t;

extern "C" int sys_sock_open(A, A, A, A, A, A) {
  if (const int r = stack_up()) return r;
  for (unsigned i = 0; i < kSockMax; ++i) {
    Socket& so = g_sock[i];
    if (so.owner) continue;
    so = Socket{};
    so.owner = g_current->task;
    return static_cast<int>(i);
  }
  return kErrNoSpace;
}

extern "C" int sys_sock_bind(A s, A port, A timeout_ms, A, A, A) {
  Socket* so = sock_of(s);
  if (!so) return kErrInvalidName;
  if (port == 0 || port > 0xffff) return kErrInvalidArg;
  for (const Socket& o : g_sock)
    if (o.owner && &o != so && o.port == port) return kErrNoSpace;  // in use
  so->port = static_cast<uint16_t>(port);
  so->timeout_ms = timeout_ms;
  return kOk;
}

extern "C" int sys_sock_sendto(A s, A buf, A len_port, A ip, A, A) {
  Socket* so = sock_of(s);
  if (!so) return kErrInvalidName;
  const uint32_t len = len_port & 0xffff, port = len_port >> 16;
  if (len > gn::kUdpMaxPayload || port == 0) return kErrInvalidArg;
  ++g_kstat.copies;
  if (!copyin(g_current->task, buf, g_payload, len)) return kErrInvalidAddress;
  ++g_kstat.copies;  // into the frame
  return gn::udp_output(ip, so->port, static_cast<uint16_t>(port), g_payload, len) == 0 ? kOk : kErrDevice;
}

extern "C" int sys_sock_recvfrom(A s, A buf, A len, A from, A, A) {
  Socket* so = sock_of(s);
  if (!so) return kErrInvalidName;
  if (so->qcount) {
    const Datagram& q = so->q[so->qhead];
    const unsigned n = q.len < len ? q.len : len;
    const SockAddr a{q.ip, q.port};
    ++g_kstat.copies;
    if (!copyout(g_current->task, buf, q.data, n) || (from && !copyout(g_current->task, from, &a, sizeof a)))
      return kErrInvalidAddress;
    so->qhead = (so->qhead + 1) % kQueue;
    --so->qcount;
    return static_cast<int>(n);
  }
  if (so->readers.head) return kErrNoSpace;  // one reader per socket
  so->rbuf = buf;
  so->rlen = len;
  so->rfrom = from;
  return block(&so->readers, so->timeout_ms ? ms_to_ticks(so->timeout_ms) : 0);
}

extern "C" int sys_sock_close(A s, A, A, A, A, A) {
  Socket* so = sock_of(s);
  if (!so) return kErrInvalidName;
  if (Thread* r = so->readers.head) wakeup(r, kErrDeadName);
  so->owner = nullptr;
  return kOk;
}

extern "C" int sys_kstat(A buf, A, A, A, A, A) {
  return copyout(g_current->task, buf, &g_kstat, sizeof g_kstat) ? kOk : kErrInvalidAddress;
}

extern "C" int sys_boot_arg(A name, A buf, A size, A, A, A) {
  char want[32];
  unsigned n = 0;
  for (;; ++n) {
    if (n == sizeof want) return kErrInvalidArg;
    if (!copyin(g_current->task, name + n, &want[n], 1)) return kErrInvalidAddress;
    if (!want[n]) break;
  }
  for (int i = 0; i < g_argc; ++i) {
    const char* a = g_argv[i];
    if (strncmp(a, want, n) != 0 || a[n] != '=') continue;
    const char* v = a + n + 1;
    const uint32_t len = static_cast<uint32_t>(strlen(v));
    if (len + 1 > size) return kErrInvalidArg;
    return copyout(g_current->task, buf, v, len + 1) ? static_cast<int>(len) : kErrInvalidAddress;
  }
  return kErrInvalidArg;
}
