// A minimal ARP + IPv4 + UDP stack over the LANCE driver (lance.h), for the echo
// experiment: one interface, one address, no routing (every peer is on the link), no
// fragmentation (fragments are dropped), no IP options on transmit.
//
// Sources: RFC 826 (ARP packet format and the receive algorithm: merge the sender into
// the cache if present; if the target is us, add it and answer requests), RFC 791 (IPv4
// header, header checksum), RFC 768 (UDP header; checksum over the pseudo-header, a
// computed 0 is sent as 0xffff, 0 received means none), RFC 1071 (the ones'-complement
// sum), RFC 5227 §3 (an ARP announcement: a request with sender = target = our address).
//
// All addresses are host-order uint32_t (a.b.c.d = a << 24 | ...).
//
// One implementation for every structure that carries it (issue 11): the protocol code
// here knows nothing of where it runs. It is given its station address and a function
// that transmits a frame (inet_init), and each received frame (inet_input); so the
// bare-metal programs (the LANCE driver directly: inet_lance.cpp, udp_wait), the guest
// kernel's socket layer (kernel/dev/ksock.cpp) and the user-level UDP server
// (kernel/udp/udps.cpp, frames by packet filter and net_write) compile in the same code.
#pragma once
#include <stdint.h>

namespace guest::net {

constexpr uint16_t kEtherTypeIp = 0x0800, kEtherTypeArp = 0x0806;
constexpr unsigned kEtherHeader = 14, kIpHeader = 20, kUdpHeader = 8;
constexpr unsigned kUdpMaxPayload = 1500 - kIpHeader - kUdpHeader;  // 1472

struct InetStats {
  uint32_t arp_rx, arp_requests_answered, arp_tx;
  uint32_t ip_rx, ip_bad_header, ip_bad_checksum, ip_not_for_us, ip_fragments, ip_other_proto;
  uint32_t udp_rx, udp_bad_length, udp_bad_checksum, udp_tx;
  uint32_t other_ethertype, tx_errors, held;
};

struct UdpDatagram {
  uint32_t src_ip, dst_ip;
  uint16_t src_port, dst_port;
  uint8_t src_mac[6];
  const uint8_t* data;
  unsigned len;
};

// Transmits one Ethernet frame (destination address first); 0 or negative.
using LinkSend = int (*)(const uint8_t* frame, unsigned len);

// Our address, our station address and the way out.
void inet_init(uint32_t ip, const uint8_t* mac, LinkSend send);
// Bare metal (inet_lance.cpp): the LANCE's station address and lance_send (the LANCE must
// be open).
void inet_init(uint32_t ip);
uint32_t inet_ip();
InetStats& inet_stats();

// ARP cache (8 entries, oldest replaced).
bool arp_lookup(uint32_t ip, uint8_t* mac);
// Broadcast an ARP request for `ip` (the answer arrives through inet_input).
void arp_request(uint32_t ip);
// Bare metal (inet_lance.cpp): ask for `ip` up to `tries` times, waiting `timeout_cycles` for each answer. Returns the
// number of requests sent (>= 1), or -1 if nobody answered. UDP datagrams that arrive
// meanwhile are dropped.
int arp_resolve(uint32_t ip, uint8_t* mac, uint32_t timeout_cycles, unsigned tries);
// Broadcast an ARP announcement of our address.
void arp_announce();

// One received frame (Ethernet header first): ARP is handled here (requests for us
// answered, replies merged; a datagram held for the answer is sent). True when it is a
// valid UDP datagram for us: `out` then points into `frame`.
bool inet_input(const uint8_t* frame, unsigned len, UdpDatagram* out);

// Send a datagram to dst_ip:dport, the Ethernet address from the ARP cache. Without an
// entry the datagram is held (one, the newest: BSD's arpresolve keeps one per entry) and
// an ARP request sent; it leaves when the answer arrives. 0 or a negative LinkSend result.
int udp_output(uint32_t dst_ip, uint16_t sport, uint16_t dport, const void* data, unsigned len);

// Send `len` payload bytes (<= kUdpMaxPayload) to dst_ip:dport at Ethernet address
// dst_mac. Returns 0 or a negative lance_send() result.
int udp_send(uint32_t dst_ip, const uint8_t* dst_mac, uint16_t sport, uint16_t dport, const void* data,
             unsigned len);
// Bare metal (inet_lance.cpp): process received frames until a valid UDP datagram for us arrives (true; it stays valid
// until udp_done()) or `timeout_cycles` pass (false; 0 = wait for ever).
bool udp_wait(UdpDatagram* out, uint32_t timeout_cycles);
void udp_done();

// RFC 1071 sum of big-endian 16-bit words (an odd last byte is padded with zero), added
// to `sum`; fold and complement with inet_fold().
uint32_t inet_sum(const uint8_t* p, unsigned len, uint32_t sum);
uint16_t inet_fold(uint32_t sum);

}  // namespace guest::net
