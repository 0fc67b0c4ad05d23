// The client and echo roles of the UDP experiment (see udp_app.h).
#include "udp_app.h"

#include "emu_ops.h"
#include "net.h"
#include "ulib.h"

namespace udp {
namespace {

using namespace kabi;
namespace emu = guest::emu;

constexpr uint32_t kMaxCount = 4096;
uint32_t g_rtt[kMaxCount];

struct Snapshot {
  KStat k;
  UserCounts u;
};

void snap(Transport& t, Snapshot* s) {
  sys_kstat(&s->k);
  t.user_counts(&s->u);
}

void print_counts(const char* structure, const char* side, unsigned n, const Snapshot& a, const Snapshot& b) {
  printf("udp: %s %s counters n %u syscalls %u messages %u switches %u vm %u spl %u copies %u "
         "interrupts %u locks %u\n",
         structure, side, n, unsigned(b.u.syscalls - a.u.syscalls), unsigned(b.k.messages - a.k.messages),
         unsigned(b.k.switches - a.k.switches), unsigned(b.u.vm - a.u.vm), unsigned(b.u.spl - a.u.spl),
         unsigned((b.k.copies - a.k.copies) + (b.u.copies - a.u.copies)),
         unsigned(b.k.interrupts - a.k.interrupts), unsigned(b.u.locks - a.u.locks));
}

int client(const char* structure, Transport& t) {
  uint32_t peer = 0, count = 10, warmup = 2;
  if (!arg_ip("peer", &peer)) {
    printf("udp: client needs peer=A.B.C.D\n");
    return 2;
  }
  arg_uint("count", &count);
  arg_uint("warmup", &warmup);
  if (count == 0 || count > kMaxCount) {
    printf("udp: count= must be 1..%u\n", unsigned(kMaxCount));
    return 2;
  }
  if (t.bind(kClientPort) != 0) {
    printf("udp: client bind failed\n");
    return 1;
  }
  uint8_t out = 0, in[8];
  uint32_t ip;
  uint16_t port;
  for (uint32_t i = 0; i < warmup; ++i) {
    t.sendto(peer, kEchoPort, &out, 1);
    t.recvfrom(in, sizeof in, &ip, &port, kRecvTimeoutMs);
  }
  Snapshot a, b;
  snap(t, &a);
  unsigned answered = 0;
  for (uint32_t i = 0; i < count; ++i) {
    out = static_cast<uint8_t>(i);
    const uint32_t c0 = emu::cycles();
    emu::region_begin(kRegionRtt);
    t.sendto(peer, kEchoPort, &out, 1);
    int n;
    // An answer to an earlier, given-up request is not this one's.
    do n = t.recvfrom(in, sizeof in, &ip, &port, kRecvTimeoutMs);
    while (n == 1 && in[0] != out);
    emu::region_end(kRegionRtt);
    g_rtt[i] = emu::cycles() - c0;
    if (n == 1 && ip == peer && port == kEchoPort) ++answered;
    else g_rtt[i] = 0;
  }
  snap(t, &b);
  const char stop[4] = {'s', 't', 'o', 'p'};
  t.sendto(peer, kEchoPort, stop, 4);
  const bool stopped = t.recvfrom(in, sizeof in, &ip, &port, kRecvTimeoutMs) == 4;
  // Min, max, mean and lower median of the answered round trips.
  uint32_t lo = 0xffffffffu, hi = 0, sum = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (!g_rtt[i]) continue;
    lo = g_rtt[i] < lo ? g_rtt[i] : lo;
    hi = g_rtt[i] > hi ? g_rtt[i] : hi;
    sum += g_rtt[i];
  }
  // The answered ones to the front, then a Shell sort (gaps 3k+1) of those.
  unsigned k = 0;
  for (uint32_t i = 0; i < count; ++i)
    if (g_rtt[i]) g_rtt[k++] = g_rtt[i];
  unsigned gap = 1;
  while (gap < k / 3) gap = 3 * gap + 1;
  for (; gap; gap /= 3)
    for (unsigned i = gap; i < k; ++i) {
      const uint32_t v = g_rtt[i];
      unsigned j = i;
      for (; j >= gap && g_rtt[j - gap] > v; j -= gap) g_rtt[j] = g_rtt[j - gap];
      g_rtt[j] = v;
    }
  const uint32_t median = k ? g_rtt[(k - 1) / 2] : 0;
  printf("udp: %s client rtt cycles min %u median %u max %u mean %u sum %u answered %u of %u\n", structure,
         unsigned(answered ? lo : 0), unsigned(median), unsigned(hi), unsigned(answered ? sum / answered : 0),
         unsigned(sum), answered, unsigned(count));
  print_counts(structure, "client", count, a, b);
  printf("udp: %s client stop %s\n", structure, stopped ? "acknowledged" : "not acknowledged");
  return answered == count && stopped ? 0 : 1;
}

int echo(const char* structure, Transport& t) {
  if (t.bind(kEchoPort) != 0) {
    printf("udp: echo bind failed\n");
    return 1;
  }
  uint8_t buf[64];
  uint32_t ip;
  uint16_t port;
  unsigned echoed = 0;
  Snapshot first{}, last{};
  for (;;) {
    const int n = t.recvfrom(buf, sizeof buf, &ip, &port, kEchoIdleMs);
    if (n == kErrTimedOut) {
      printf("udp: %s echo: no datagram for %u ms, giving up\n", structure, unsigned(kEchoIdleMs));
      break;
    }
    if (n < 0) {
      printf("udp: %s echo: receive failed (%d)\n", structure, n);
      break;
    }
    t.sendto(ip, port, buf, static_cast<unsigned>(n));
    if (n == 4 && memcmp(buf, "stop", 4) == 0) break;
    // Counts from just after the first echo to just after the last: whole echo cycles.
    snap(t, echoed ? &last : &first);
    ++echoed;
  }
  printf("udp: %s echo echoed %u\n", structure, echoed);
  if (echoed > 1) print_counts(structure, "echo", echoed - 1, first, last);
  return 0;
}

}  // namespace

bool arg_uint(const char* name, uint32_t* out) {
  char v[16];
  if (sys_boot_arg(name, v, sizeof v) <= 0) return false;
  uint32_t x = 0;
  for (const char* p = v; *p; ++p) {
    if (*p < '0' || *p > '9') return false;
    x = x * 10 + uint32_t(*p - '0');
  }
  *out = x;
  return true;
}

bool arg_ip(const char* name, uint32_t* out) {
  char v[20];
  if (sys_boot_arg(name, v, sizeof v) <= 0) return false;
  uint32_t ip = 0;
  const char* s = v;
  for (int part = 0; part < 4; ++part) {
    if (*s < '0' || *s > '9') return false;
    uint32_t x = 0;
    while (*s >= '0' && *s <= '9') x = x * 10 + uint32_t(*s++ - '0');
    if (x > 255 || *s != (part < 3 ? '.' : '\0')) return false;
    if (part < 3) ++s;
    ip = ip << 8 | x;
  }
  *out = ip;
  return true;
}

int run(const char* structure, Transport& t) {
  char role[8];
  int status = 2;
  const bool have = sys_boot_arg("role", role, sizeof role) > 0;
  if (have && strcmp(role, "client") == 0) status = client(structure, t);
  else if (have && strcmp(role, "echo") == 0) status = echo(structure, t);
  else printf("udp: role=client or role=echo is required\n");
  ulib::flush();  // (also what links ulib's console output, not the runtime's DC7085 one)
  return status;
}

}  // namespace udp
