// ARP, IPv4 and UDP (see inet.h for the scope and the RFCs); frames leave through the
// LinkSend function given to inet_init and arrive through inet_input.
// Headers are read and written byte by byte in network order: the IP header sits at
// frame offset 14, so nothing here may assume word alignment.
#include "inet.h"

#include "libc.h"

namespace guest::net {
namespace {

constexpr uint8_t kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
constexpr uint16_t kArpRequest = 1, kArpReply = 2;
constexpr uint8_t kProtoUdp = 17;
constexpr unsigned kArpLen = 28;
constexpr unsigned kArpEntries = 8;

struct ArpEntry {
  uint32_t ip;
  uint8_t mac[6];
  bool used;
};

uint32_t g_ip;
uint8_t g_mac[6];
LinkSend g_send;
InetStats g_stats;
ArpEntry g_arp[kArpEntries];
unsigned g_arp_next;
uint16_t g_ip_id;
alignas(8) uint8_t g_tx[kEtherHeader + 1500];
// A datagram waiting for its ARP answer: the whole frame, its destination address unset.
alignas(8) uint8_t g_held[kEtherHeader + 1500];
unsigned g_held_len;
uint32_t g_held_ip;

inline uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint32_t get32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
inline void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void put32(uint8_t* p, uint32_t v) {
  put16(p, static_cast<uint16_t>(v >> 16));
  put16(p + 2, static_cast<uint16_t>(v));
}

void ether_header(uint8_t* f, const uint8_t* dst, uint16_t type) {
  memcpy(f, dst, 6);
  memcpy(f + 6, g_mac, 6);
  put16(f + 12, type);
}

ArpEntry* arp_find(uint32_t ip) {
  for (auto& e : g_arp)
    if (e.used && e.ip == ip) return &e;
  return nullptr;
}

void arp_add(uint32_t ip, const uint8_t* mac) {
  ArpEntry* e = arp_find(ip);
  if (!e) {
    e = &g_arp[g_arp_next];
    g_arp_next = (g_arp_next + 1) % kArpEntries;
  }
  e->ip = ip;
  memcpy(e->mac, mac, 6);
  e->used = true;
}

void arp_send(uint16_t op, const uint8_t* eth_dst, const uint8_t* tha, uint32_t tpa) {
  uint8_t* f = g_tx;
  ether_header(f, eth_dst, kEtherTypeArp);
  uint8_t* a = f + kEtherHeader;
  put16(a + 0, 1);             // hardware: Ethernet
  put16(a + 2, kEtherTypeIp);  // protocol: IPv4
  a[4] = 6;
  a[5] = 4;
  put16(a + 6, op);
  memcpy(a + 8, g_mac, 6);
  put32(a + 14, g_ip);
  memcpy(a + 18, tha, 6);
  put32(a + 24, tpa);
  ++g_stats.arp_tx;
  if (g_send(f, kEtherHeader + kArpLen) < 0) ++g_stats.tx_errors;
}

// An answer for the held datagram's destination has arrived: send it.
void release_held() {
  if (!g_held_len) return;
  const ArpEntry* e = arp_find(g_held_ip);
  if (!e) return;
  memcpy(g_held, e->mac, 6);
  if (g_send(g_held, g_held_len) < 0) ++g_stats.tx_errors;
  g_held_len = 0;
}

// RFC 826 "Packet Reception".
void arp_input(const uint8_t* f, unsigned len) {
  ++g_stats.arp_rx;
  if (len < kEtherHeader + kArpLen) return;
  const uint8_t* a = f + kEtherHeader;
  if (get16(a) != 1 || get16(a + 2) != kEtherTypeIp || a[4] != 6 || a[5] != 4) return;
  const uint16_t op = get16(a + 6);
  const uint32_t spa = get32(a + 14), tpa = get32(a + 24);
  bool merged = false;
  if (ArpEntry* e = arp_find(spa)) {
    memcpy(e->mac, a + 8, 6);
    merged = true;
  }
  if (tpa != g_ip || spa == g_ip) {
    if (merged) release_held();
    return;
  }
  if (!merged) arp_add(spa, a + 8);
  release_held();
  if (op == kArpRequest) {
    ++g_stats.arp_requests_answered;
    uint8_t sha[6];
    memcpy(sha, a + 8, 6);  // g_tx is reused for the reply; the request is separate anyway
    arp_send(kArpReply, sha, sha, spa);
  }
}

// A valid UDP datagram for us: fill `out` and return true.
bool ip_input(const uint8_t* f, unsigned len, UdpDatagram* out) {
  ++g_stats.ip_rx;
  if (len < kEtherHeader + kIpHeader) {
    ++g_stats.ip_bad_header;
    return false;
  }
  const uint8_t* ip = f + kEtherHeader;
  const unsigned ihl = (ip[0] & 0x0f) * 4u, total = get16(ip + 2);
  if ((ip[0] >> 4) != 4 || ihl < kIpHeader || total < ihl || total > len - kEtherHeader) {
    ++g_stats.ip_bad_header;
    return false;
  }
  if (inet_fold(inet_sum(ip, ihl, 0)) != 0) {
    ++g_stats.ip_bad_checksum;
    return false;
  }
  const uint32_t dst = get32(ip + 16);
  if (dst != g_ip && dst != 0xffffffffu) {
    ++g_stats.ip_not_for_us;
    return false;
  }
  if (get16(ip + 6) & 0x3fff) {  // MF or a fragment offset: no reassembly here
    ++g_stats.ip_fragments;
    return false;
  }
  if (ip[9] != kProtoUdp) {
    ++g_stats.ip_other_proto;
    return false;
  }
  const uint8_t* u = ip + ihl;
  const unsigned ulen = get16(u + 4);
  if (ulen < kUdpHeader || ulen > total - ihl) {
    ++g_stats.udp_bad_length;
    return false;
  }
  if (get16(u + 6) != 0) {  // 0: the sender computed no checksum
    uint8_t pseudo[12];
    memcpy(pseudo, ip + 12, 8);  // source, destination
    pseudo[8] = 0;
    pseudo[9] = kProtoUdp;
    put16(pseudo + 10, static_cast<uint16_t>(ulen));
    if (inet_fold(inet_sum(u, ulen, inet_sum(pseudo, 12, 0))) != 0) {
      ++g_stats.udp_bad_checksum;
      return false;
    }
  }
  ++g_stats.udp_rx;
  out->src_ip = get32(ip + 12);
  out->dst_ip = dst;
  out->src_port = get16(u);
  out->dst_port = get16(u + 2);
  memcpy(out->src_mac, f + 6, 6);
  out->data = u + kUdpHeader;
  out->len = ulen - kUdpHeader;
  return true;
}

// Build the Ethernet, IP and UDP headers and the payload in f; returns the frame length.
unsigned udp_frame(uint8_t* f, const uint8_t* dst_mac, uint32_t dst_ip, uint16_t sport, uint16_t dport,
                   const void* data, unsigned len) {
  ether_header(f, dst_mac, kEtherTypeIp);
  uint8_t* ip = f + kEtherHeader;
  uint8_t* u = ip + kIpHeader;
  const unsigned ulen = kUdpHeader + len;
  ip[0] = 0x45;  // version 4, 5 words
  ip[1] = 0;     // TOS
  put16(ip + 2, static_cast<uint16_t>(kIpHeader + ulen));
  put16(ip + 4, g_ip_id++);
  put16(ip + 6, 0x4000);  // DF, offset 0
  ip[8] = 64;             // TTL
  ip[9] = kProtoUdp;
  put16(ip + 10, 0);
  put32(ip + 12, g_ip);
  put32(ip + 16, dst_ip);
  put16(ip + 10, inet_fold(inet_sum(ip, kIpHeader, 0)));
  put16(u + 0, sport);
  put16(u + 2, dport);
  put16(u + 4, static_cast<uint16_t>(ulen));
  put16(u + 6, 0);
  memcpy(u + kUdpHeader, data, len);
  // Pseudo-header (RFC 768): source, destination, zero, protocol, UDP length; the
  // addresses are already in place in the IP header.
  uint32_t sum = inet_sum(ip + 12, 8, 0) + kProtoUdp + ulen;
  uint16_t c = inet_fold(inet_sum(u, ulen, sum));
  put16(u + 6, c ? c : 0xffff);
  return kEtherHeader + kIpHeader + ulen;
}

}  // namespace

bool inet_input(const uint8_t* frame, unsigned len, UdpDatagram* out) {
  if (len < kEtherHeader) return false;
  const uint16_t type = get16(frame + 12);
  if (type == kEtherTypeArp) {
    arp_input(frame, len);
    return false;
  }
  if (type == kEtherTypeIp) return ip_input(frame, len, out);
  ++g_stats.other_ethertype;
  return false;
}

uint32_t inet_sum(const uint8_t* p, unsigned len, uint32_t sum) {
  for (; len >= 2; len -= 2, p += 2) sum += uint32_t(p[0]) << 8 | p[1];
  if (len) sum += uint32_t(p[0]) << 8;
  return sum;
}

uint16_t inet_fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

void inet_init(uint32_t ip, const uint8_t* mac, LinkSend send) {
  g_ip = ip;
  memcpy(g_mac, mac, 6);
  g_send = send;
  memset(&g_stats, 0, sizeof g_stats);
  memset(g_arp, 0, sizeof g_arp);
  g_arp_next = 0;
  g_held_len = 0;
}

uint32_t inet_ip() { return g_ip; }
InetStats& inet_stats() { return g_stats; }

bool arp_lookup(uint32_t ip, uint8_t* mac) {
  const ArpEntry* e = arp_find(ip);
  if (!e) return false;
  memcpy(mac, e->mac, 6);
  return true;
}

void arp_announce() {
  static const uint8_t kZero[6] = {};
  arp_send(kArpRequest, kBroadcast, kZero, g_ip);
}

void arp_request(uint32_t ip) {
  static const uint8_t kZero[6] = {};
  arp_send(kArpRequest, kBroadcast, kZero, ip);
}

int udp_send(uint32_t dst_ip, const uint8_t* dst_mac, uint16_t sport, uint16_t dport, const void* data,
             unsigned len) {
  if (len > kUdpMaxPayload) return -1;
  const unsigned n = udp_frame(g_tx, dst_mac, dst_ip, sport, dport, data, len);
  ++g_stats.udp_tx;
  const int rc = g_send(g_tx, n);
  if (rc < 0) ++g_stats.tx_errors;
  return rc;
}

int udp_output(uint32_t dst_ip, uint16_t sport, uint16_t dport, const void* data, unsigned len) {
  if (len > kUdpMaxPayload) return -1;
  if (const ArpEntry* e = arp_find(dst_ip)) return udp_send(dst_ip, e->mac, sport, dport, data, len);
  g_held_len = udp_frame(g_held, kBroadcast, dst_ip, sport, dport, data, len);
  g_held_ip = dst_ip;
  ++g_stats.udp_tx;
  ++g_stats.held;
  arp_request(dst_ip);
  return 0;
}

}  // namespace guest::net
