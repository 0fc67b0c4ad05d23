// The ARP/IPv4/UDP stack (inet.h) on the LANCE driver directly, for the bare-metal
// programs: the station address and lance_send as the link, and receiving by spinning on
// the driver's queue.
#include "emu_ops.h"
#include "inet.h"
#include "lance.h"

namespace guest::net {
namespace {

bool g_holding;  // udp_wait returned a frame still held in the driver's queue

int link_send(const uint8_t* frame, unsigned len) { return lance_send(frame, len); }

}  // namespace

void inet_init(uint32_t ip) {
  inet_init(ip, lance_mac(), link_send);
  g_holding = false;
}

int arp_resolve(uint32_t ip, uint8_t* mac, uint32_t timeout_cycles, unsigned tries) {
  udp_done();
  for (unsigned t = 1; t <= tries; ++t) {
    arp_request(ip);
    const uint32_t t0 = emu::cycles();
    for (;;) {
      RxFrame fr;
      if (lance_recv(&fr)) {
        UdpDatagram u;
        inet_input(fr.data, fr.len, &u);  // a UDP datagram meanwhile is dropped
        lance_recv_done();
        if (arp_lookup(ip, mac)) return static_cast<int>(t);
        continue;
      }
      if (emu::cycles() - t0 >= timeout_cycles) break;
    }
  }
  return -1;
}

bool udp_wait(UdpDatagram* out, uint32_t timeout_cycles) {
  if (g_holding) udp_done();
  const uint32_t t0 = emu::cycles();
  for (;;) {
    RxFrame fr;
    if (lance_recv(&fr)) {
      if (inet_input(fr.data, fr.len, out)) {
        g_holding = true;
        return true;
      }
      lance_recv_done();
      continue;
    }
    if (timeout_cycles && emu::cycles() - t0 >= timeout_cycles) return false;
  }
}

void udp_done() {
  if (!g_holding) return;
  g_holding = false;
  lance_recv_done();
}

}  // namespace guest::net
