// udp_echo: the UDP request/response experiment between two DECstations. One machine is
// the server (echoes every datagram to its port), the other the client (sends `count`
// requests of `size` bytes, one at a time, and measures each round trip in CPU cycles).
//
// Boot arguments (emu --append "..."; key=value words, args.h):
//   role=server|client   required
//   ip=A.B.C.D           required: this machine's address
//   peer=A.B.C.D         client: the server's address (resolved by ARP)
//   port=N               echo port (default 7); the stop request goes to port N+1
//   count=N              client: exchanges (default 10, at most 65536);
//                        server: halt after N echoes (default 0: until a stop request)
//   size=N               client: payload bytes per request, 1..1472 (default 1)
//   warmup=N             client: unreported exchanges before the measured ones (default 0)
//   timeout=N            client: cycles to wait for each echo (default 5000000)
//   stop=0|1             client: send the stop request at the end (default 1)
//   mode=irq|poll        driver operation (default irq)
//   dma=buffer|main      buffer: the board's LANCE buffer (default); main: must match
//                        emu --lance-dma main
//   rxring=N txring=N    descriptors (powers of two, default 8 and 8)
//
// Output (one line each; the lead's two-machine tests parse these):
//   client: "udp_echo: client IP MAC peer IP port P count N size S mode M dma D"
//           "udp_echo: peer IP is MAC (arp requests K, C cycles)"
//           "xchg I rtt C"  for I = 1..count (or "xchg I lost" after `timeout` cycles)
//           "udp_echo: rtt cycles min A median B max C mean D (answered K of N)"
//           "udp_echo: stop acknowledged" | "udp_echo: stop not acknowledged"
//   server: "udp_echo: server IP MAC port P mode M dma D", then "udp_echo: ready";
//           at the end "udp_echo: stopped after E echoes (stop request from IP)" or
//           "udp_echo: stopped after E echoes (count reached)"
//   both:   two "udp_echo: lance ..." counter lines, one "udp_echo: inet ..." line, and
//           "udp_echo: done"; the program then halts through the PROM (emu status 0).
//   Errors: "udp_echo: error: ..." and exit(1), as is a client that got no echo at all
//   ("udp_echo: rtt cycles none"): the emulator run then ends with status 1.
//
// Decisions. Interrupt-driven by default (the experiment's subject): the LANCE interrupt
// copies a received frame into the driver's queue, the program spins on that queue. The
// round trip is measured in the client from just before it builds the request (cycles()
// and emulator region 1 begin) to just after the matching echo has been taken from the
// queue and checked (region 1 end, cycles()); it thus includes both machines' stack and
// driver work, the interrupts, the LANCE DMA and the wire time, and two one-cycle marker
// instructions. The lines are printed after the last exchange, so console output (the DZ
// at 9600 baud) never runs between exchanges. A lost echo still ends region 1 (after the
// timeout). The median is the lower median of the answered exchanges.
// The server answers to the ARP cache's address for the sender, else the frame's source.
#include <stdint.h>

#include "args.h"
#include "console.h"
#include "emu_ops.h"
#include "inet.h"
#include "lance.h"
#include "libc.h"
#include "prom.h"

using namespace guest;
using namespace guest::net;

namespace {

constexpr uint16_t kClientPort = 40000;
constexpr unsigned kMaxCount = 65536;
constexpr uint32_t kArpTimeout = 1000000, kArpTries = 20;
constexpr uint32_t kRegionRtt = 1;
const uint8_t kStop[4] = {'s', 't', 'o', 'p'};

uint32_t g_rtt[kMaxCount];
uint8_t g_payload[kUdpMaxPayload];

struct Params {
  bool server;
  uint32_t ip, peer;
  uint32_t port, count, size, warmup, timeout, stop;
  LanceConfig lance;
};

[[noreturn]] void fail(const char* what) {
  printf("udp_echo: error: %s\n", what);
  lance_close();
  exit(1);
}

void parse(Params& p) {
  static const char* const kKnown[] = {"role", "ip", "peer", "port", "count", "size", "warmup", "timeout",
                                       "stop", "mode", "dma", "rxring", "txring", nullptr};
  bool ok = args_all_known("udp_echo", kKnown);
  const char* role = arg_value("role");
  if (!role || (strcmp(role, "server") != 0 && strcmp(role, "client") != 0))
    fail("role=server or role=client is required");
  p.server = strcmp(role, "server") == 0;
  if (!parse_ip(arg_value("ip"), &p.ip)) fail("ip=A.B.C.D is required");
  if (!p.server && !parse_ip(arg_value("peer"), &p.peer)) fail("a client needs peer=A.B.C.D");
  p.port = arg_uint("port", 7, &ok);
  p.count = arg_uint("count", p.server ? 0 : 10, &ok);
  p.size = arg_uint("size", 1, &ok);
  p.warmup = arg_uint("warmup", 0, &ok);
  p.timeout = arg_uint("timeout", 5000000, &ok);
  p.stop = arg_uint("stop", 1, &ok);
  p.lance.rx_ring = arg_uint("rxring", 8, &ok);
  p.lance.tx_ring = arg_uint("txring", 8, &ok);
  const char* mode = arg_value("mode");
  if (mode && strcmp(mode, "irq") != 0 && strcmp(mode, "poll") != 0) fail("mode= is irq or poll");
  p.lance.interrupts = !mode || strcmp(mode, "irq") == 0;
  const char* dma = arg_value("dma");
  if (dma && strcmp(dma, "main") != 0 && strcmp(dma, "buffer") != 0) fail("dma= is buffer or main");
  p.lance.dma = dma && strcmp(dma, "main") == 0 ? DmaPath::kMainMemory : DmaPath::kBoardBuffer;
  if (!ok) fail("bad boot arguments");
  if (p.port == 0 || p.port > 65534) fail("port= must be 1..65534");
  if (!p.server && (p.count == 0 || p.count > kMaxCount)) fail("count= must be 1..65536");
  if (p.size == 0 || p.size > kUdpMaxPayload) fail("size= must be 1..1472");
  if (p.timeout == 0) fail("timeout= must be > 0");
}

const char* mode_name(const Params& p) { return p.lance.interrupts ? "irq" : "poll"; }
const char* dma_name(const Params& p) { return p.lance.dma == DmaPath::kMainMemory ? "main" : "buffer"; }

void print_counters() {
  lance_print_stats("udp_echo: lance ");
  const InetStats& s = inet_stats();
  printf("udp_echo: inet arp rx %u answered %u tx %u; ip rx %u bad-header %u bad-checksum %u not-ours %u "
         "fragments %u other %u; udp rx %u bad-length %u bad-checksum %u tx %u; other %u tx-errors %u\n",
         s.arp_rx, s.arp_requests_answered, s.arp_tx, s.ip_rx, s.ip_bad_header, s.ip_bad_checksum,
         s.ip_not_for_us, s.ip_fragments, s.ip_other_proto, s.udp_rx, s.udp_bad_length, s.udp_bad_checksum,
         s.udp_tx, s.other_ethertype, s.tx_errors);
}

int run_server(const Params& p) {
  char ipb[16], macb[18];
  printf("udp_echo: server %s %s port %u mode %s dma %s\n", format_ip(ipb, p.ip), format_mac(macb, lance_mac()),
         static_cast<unsigned>(p.port), mode_name(p), dma_name(p));
  arp_announce();
  printf("udp_echo: ready\n");
  uint32_t echoes = 0;
  uint32_t stopper = 0;
  for (;;) {
    UdpDatagram u;
    udp_wait(&u, 0);
    uint8_t mac[6];
    if (!arp_lookup(u.src_ip, mac)) memcpy(mac, u.src_mac, 6);
    if (u.dst_port == p.port) {
      udp_send(u.src_ip, mac, static_cast<uint16_t>(p.port), u.src_port, u.data, u.len);
      udp_done();
      if (++echoes == p.count) break;
    } else if (u.dst_port == p.port + 1 && u.len == sizeof kStop && memcmp(u.data, kStop, sizeof kStop) == 0) {
      udp_send(u.src_ip, mac, static_cast<uint16_t>(p.port + 1), u.src_port, kStop, sizeof kStop);
      stopper = u.src_ip;
      udp_done();
      break;
    } else {
      udp_done();
    }
  }
  // Let the last echo leave before the chip is stopped.
  for (uint32_t t0 = emu::cycles(); emu::cycles() - t0 < 200000;) lance_poll();
  if (stopper)
    printf("udp_echo: stopped after %u echoes (stop request from %s)\n", echoes, format_ip(ipb, stopper));
  else
    printf("udp_echo: stopped after %u echoes (count reached)\n", echoes);
  return 0;
}

// One request/echo exchange; returns the round trip in cycles, or 0 if no echo came.
uint32_t exchange(const Params& p, const uint8_t* peer_mac, uint32_t seq) {
  const uint32_t t0 = emu::cycles();
  emu::region_begin(kRegionRtt);
  for (uint32_t k = 0; k < p.size; ++k) g_payload[k] = static_cast<uint8_t>(seq + k);
  udp_send(p.peer, peer_mac, kClientPort, static_cast<uint16_t>(p.port), g_payload, p.size);
  bool answered = false;
  for (;;) {
    const uint32_t waited = emu::cycles() - t0;
    if (waited >= p.timeout) break;
    UdpDatagram u;
    if (!udp_wait(&u, p.timeout - waited)) break;
    const bool match = u.src_ip == p.peer && u.src_port == p.port && u.dst_port == kClientPort &&
                       u.len == p.size && memcmp(u.data, g_payload, p.size) == 0;
    udp_done();
    if (match) {
      answered = true;
      break;
    }
  }
  emu::region_end(kRegionRtt);
  const uint32_t t1 = emu::cycles();
  return answered ? (t1 - t0 ? t1 - t0 : 1) : 0;
}

void shell_sort(uint32_t* a, unsigned n) {
  for (unsigned gap = n / 2; gap; gap /= 2)
    for (unsigned i = gap; i < n; ++i)
      for (unsigned j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
        const uint32_t t = a[j];
        a[j] = a[j - gap];
        a[j - gap] = t;
      }
}

int run_client(const Params& p) {
  char ipb[16], macb[18], peerb[16];
  printf("udp_echo: client %s %s peer %s port %u count %u size %u mode %s dma %s\n", format_ip(ipb, p.ip),
         format_mac(macb, lance_mac()), format_ip(peerb, p.peer), static_cast<unsigned>(p.port), p.count, p.size,
         mode_name(p), dma_name(p));
  uint8_t peer_mac[6];
  const uint32_t a0 = emu::cycles();
  const int tries = arp_resolve(p.peer, peer_mac, kArpTimeout, kArpTries);
  const uint32_t a1 = emu::cycles();
  if (tries < 0) fail("no ARP reply from the peer");
  printf("udp_echo: peer %s is %s (arp requests %d, %u cycles)\n", peerb, format_mac(macb, peer_mac), tries,
         a1 - a0);
  for (uint32_t i = 0; i < p.warmup; ++i) exchange(p, peer_mac, 0x80 + i);
  for (uint32_t i = 0; i < p.count; ++i) g_rtt[i] = exchange(p, peer_mac, i);
  bool stop_acked = false;
  if (p.stop) {
    for (int t = 0; t < 3 && !stop_acked; ++t) {
      udp_send(p.peer, peer_mac, kClientPort + 1, static_cast<uint16_t>(p.port + 1), kStop, sizeof kStop);
      UdpDatagram u;
      const uint32_t t0 = emu::cycles();
      while (!stop_acked && emu::cycles() - t0 < p.timeout && udp_wait(&u, p.timeout)) {
        stop_acked = u.src_ip == p.peer && u.dst_port == kClientPort + 1 && u.len == sizeof kStop;
        udp_done();
      }
    }
  }
  unsigned answered = 0;
  uint64_t total = 0;
  for (uint32_t i = 0; i < p.count; ++i) {
    if (g_rtt[i]) printf("xchg %u rtt %u\n", i + 1, g_rtt[i]);
    else printf("xchg %u lost\n", i + 1);
  }
  for (uint32_t i = 0; i < p.count; ++i)
    if (g_rtt[i]) {
      g_rtt[answered++] = g_rtt[i];
      total += g_rtt[i];
    }
  shell_sort(g_rtt, answered);
  if (answered)
    printf("udp_echo: rtt cycles min %u median %u max %u mean %u (answered %u of %u)\n", g_rtt[0],
           g_rtt[(answered - 1) / 2], g_rtt[answered - 1], static_cast<unsigned>(total / answered), answered,
           p.count);
  else
    printf("udp_echo: rtt cycles none (answered 0 of %u)\n", p.count);
  if (p.stop) printf("udp_echo: stop %s\n", stop_acked ? "acknowledged" : "not acknowledged");
  return answered ? 0 : 1;
}

}  // namespace

int main() {
  Params p{};
  p.lance = LanceConfig();
  parse(p);
  if (lance_open(p.lance) != 0) fail("the LANCE did not start");
  inet_init(p.ip);
  const int status = p.server ? run_server(p) : run_client(p);
  print_counters();
  lance_close();
  printf("udp_echo: done\n");
  return status;
}
