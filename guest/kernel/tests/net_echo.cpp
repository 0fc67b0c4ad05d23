// net_echo: a UDP echo server as a user task of the guest kernel, the counterpart of
// guest/net's udp_echo client on another machine (tests/guest/kernel_net_test.py).
// Frames arrive by IPC through two packet filters (ARP requests for our address; IPv4
// UDP to our address, ports 7 and 8); answers leave by device_write. It answers ARP
// requests, echoes every datagram to port 7, and on "stop" to port 8 echoes it and ends.
//
// Echoing swaps the Ethernet, IP and UDP source and destination fields and nothing
// else: both checksums are sums over fields that only change places (RFC 1071; the UDP
// pseudo-header holds both addresses), so they stay valid.
//
// Address: 10.0.0.2 (the linked tests' server address); no boot arguments of its own.
#include "msg.h"
#include "net.h"
#include "ulib.h"

using namespace kabi;
using namespace ulib;

namespace {

constexpr uint16_t kIpHi = 0x0a00, kIpLo = 0x0002;  // 10.0.0.2
constexpr uint16_t kEchoPort = 7, kStopPort = 8;
constexpr uint32_t kPriority = 10;
constexpr uint32_t kIdleMs = 2000;  // simulated time without a frame before giving up

// ARP (RFC 826) request for our address: type 0x0806, oper 1, target IP = ours.
const uint16_t kArpFilter[] = {
    pf(kPfNop, kPfPushWord + 6),  pf(kPfCand, kPfPushLit), 0x0806,
    pf(kPfNop, kPfPushWord + 10), pf(kPfCand, kPfPushLit), 1,
    pf(kPfNop, kPfPushWord + 19), pf(kPfCand, kPfPushLit), kIpHi,
    pf(kPfNop, kPfPushWord + 20), pf(kPfEq, kPfPushLit),   kIpLo,
};
// IPv4 without options, protocol 17, to our address, destination port 7 or 8.
const uint16_t kUdpFilter[] = {
    pf(kPfNop, kPfPushWord + 6),  pf(kPfCand, kPfPushLit), 0x0800,
    pf(kPfNop, kPfPushWord + 7),  pf(kPfAnd, kPfPushFf00), pf(kPfCand, kPfPushLit), 0x4500,
    pf(kPfNop, kPfPushWord + 11), pf(kPfAnd, kPfPush00ff), pf(kPfCand, kPfPushLit), 17,
    pf(kPfNop, kPfPushWord + 15), pf(kPfCand, kPfPushLit), kIpHi,
    pf(kPfNop, kPfPushWord + 16), pf(kPfCand, kPfPushLit), kIpLo,
    pf(kPfNop, kPfPushWord + 18), pf(kPfCor, kPfPushLit),  kEchoPort,
    pf(kPfNop, kPfPushWord + 18), pf(kPfEq, kPfPushLit),   kStopPort,
};

struct {
  MsgHeader h;
  uint32_t len;
  alignas(4) uint8_t f[kNetMaxFrame + 2];
} g_m;
uint8_t g_out[64];
NetInfo g_info;

void swap_bytes(uint8_t* a, uint8_t* b, unsigned n) {
  for (unsigned i = 0; i < n; ++i) {
    const uint8_t t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

void answer_arp(const uint8_t* f) {
  uint8_t* o = g_out;
  memcpy(o, f + 6, 6);             // to the requester
  memcpy(o + 6, g_info.mac, 6);
  put_word(o, 6, 0x0806);
  put_word(o, 7, 1);               // Ethernet
  put_word(o, 8, 0x0800);          // IPv4
  put_word(o, 9, 0x0604);          // hlen 6, plen 4
  put_word(o, 10, 2);              // reply
  memcpy(o + 22, g_info.mac, 6);   // sender: us
  put_word(o, 14, kIpHi);
  put_word(o, 15, kIpLo);
  memcpy(o + 32, f + 22, 10);      // target: the requester's hardware and IP address
  const int r = sys_net_write(o, 42);
  if (r != kOk) printf("net_echo: ARP reply not sent (%d)\n", r);
}

}  // namespace

int main() {
  check_eq(sys_net_info(&g_info), kOk, "net_echo: net_info");
  const uint32_t port = uint32_t(sys_port_allocate());
  const int arp = sys_filter_install(port, kPriority, kArpFilter, sizeof kArpFilter / 2);
  const int udp = sys_filter_install(port, kPriority, kUdpFilter, sizeof kUdpFilter / 2);
  check(arp > 0 && udp > 0, "net_echo: filters installed", arp, udp);
  printf("net_echo: server 10.0.0.2 %02x:%02x:%02x:%02x:%02x:%02x dma %s, ready\n", g_info.mac[0],
         g_info.mac[1], g_info.mac[2], g_info.mac[3], g_info.mac[4], g_info.mac[5],
         g_info.dma ? "main" : "buffer");
  unsigned echoes = 0, arps = 0;
  for (;;) {
    // A client that has gone (or frames that never match) must not keep the run going.
    const int r = receive(reinterpret_cast<Msg*>(&g_m), port, sizeof g_m, kMsgRcvTimeout, kIdleMs);
    if (r == kErrTimedOut) {
      printf("net_echo: no frame for %u ms, giving up\n", kIdleMs);
      break;
    }
    if (r != kOk || g_m.h.id != kNetFrameMsgId) {
      printf("net_echo: receive failed (%d, id 0x%x)\n", r, static_cast<unsigned>(g_m.h.id));
      break;
    }
    uint8_t* f = g_m.f;
    if (frame_word(f, 6) == 0x0806) {
      answer_arp(f);
      ++arps;
      continue;
    }
    const unsigned len = 14 + frame_word(f, 8);  // IP total length: no Ethernet padding
    if (len > g_m.len || len < 42) continue;
    const uint16_t dport = frame_word(f, 18);
    const bool stop = dport == kStopPort && len == 46 && memcmp(f + 42, "stop", 4) == 0;
    if (dport == kStopPort && !stop) continue;
    memcpy(f, f + 6, 6);  // Ethernet: back to the sender, from us
    memcpy(f + 6, g_info.mac, 6);
    swap_bytes(f + 26, f + 30, 4);  // IP addresses
    swap_bytes(f + 34, f + 36, 2);  // UDP ports
    const int w = sys_net_write(f, len);
    if (w != kOk) printf("net_echo: echo not sent (%d)\n", w);
    if (stop) break;
    ++echoes;
  }
  sys_net_info(&g_info);
  printf("net_echo: stopped after %u echoes (%u ARP requests); frames rx %u delivered %u unwanted %u "
         "dropped %u, tx %u, interrupts %u\n",
         echoes, arps, static_cast<unsigned>(g_info.rx_frames), static_cast<unsigned>(g_info.rx_delivered),
         static_cast<unsigned>(g_info.rx_unwanted), static_cast<unsigned>(g_info.rx_dropped),
         static_cast<unsigned>(g_info.tx_frames), static_cast<unsigned>(g_info.interrupts));
  return failures() ? 1 : 0;
}
