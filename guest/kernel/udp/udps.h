// The dedicated UDP server's message interface (issue 11's structures 6 and 7; Maeda &
// Bershad 1992 §4): what its client tasks send it and what it sends them. Hand-written
// stubs (udps_app.cpp): the interface generator (tools/mig) is not on main yet.
//
//   bind     kUdpsBind, complex: one port descriptor (a send right to the client's
//            port, kMakeSend), then the UDP port number. Datagrams for that UDP port go
//            to that port from then on. No answer.
//   sendto   kUdpsSend, a UdpsMsg: destination address and port, the source port (one
//            the client has bound), the payload. No answer (errors are counted).
//   datagram kUdpsData, a UdpsMsg from the server: source address and port, the
//            destination port, the payload — copied once, from the server's input
//            buffer into this message.
#pragma once
#include <stdint.h>

#include "abi.h"
#include "inet.h"

namespace udp {

constexpr uint32_t kUdpsBind = 0x5500, kUdpsSend = 0x5501, kUdpsData = 0x5502;

struct UdpsMsg {
  kabi::MsgHeader h;
  uint32_t ip;
  uint16_t port, local_port;
  uint32_t len;
  uint8_t data[guest::net::kUdpMaxPayload];
};
constexpr uint32_t kUdpsMsgHead = sizeof(kabi::MsgHeader) + 12;
inline uint32_t udps_msg_size(uint32_t len) { return (kUdpsMsgHead + len + 3) & ~3u; }

}  // namespace udp
