// Message helpers for user programs: a message buffer type and the common mach_msg
// patterns (send, receive, RPC) over sys_msg.
#pragma once
#include "ulib.h"

namespace ulib {

struct Msg {
  kabi::MsgHeader h;
  uint32_t body[(kabi::kMaxMsgSize - sizeof(kabi::MsgHeader)) / 4];
};

// Send `bytes` (header included) to dest with a copy of a send right.
inline int send(Msg* m, uint32_t dest, uint32_t bytes, uint32_t id, uint32_t option = 0,
                uint32_t timeout = 0) {
  m->h.bits = kabi::msg_bits(kabi::kCopySend, 0) | (m->h.bits & kabi::kMsgComplex);
  m->h.size = bytes;
  m->h.remote_port = dest;
  m->h.local_port = 0;
  m->h.id = id;
  return sys_msg(m, kabi::kMsgSend | option, bytes, 0, 0, timeout);
}

// Allocate a port and send dest a send right to it in message `id` (how a server hands
// its service port to whoever started it). Returns the new port's name.
inline uint32_t send_new_port(Msg* m, uint32_t dest, uint32_t id) {
  const uint32_t port = uint32_t(sys_port_allocate());
  m->h.bits = kabi::kMsgComplex;
  m->body[0] = 1;  // one port descriptor: name, disposition
  m->body[1] = port;
  m->body[2] = kabi::kMakeSend;
  send(m, dest, sizeof(kabi::MsgHeader) + 12, id);
  return port;
}

inline int receive(Msg* m, uint32_t port, uint32_t size = sizeof(Msg), uint32_t option = 0,
                   uint32_t timeout = 0) {
  return sys_msg(m, kabi::kMsgRcv | option, 0, size, port, timeout);
}

// RPC: send to dest with a send-once reply right made from `reply` (a receive right),
// and receive the reply on it, in one call.
inline int rpc(Msg* m, uint32_t dest, uint32_t reply, uint32_t bytes, uint32_t id,
               uint32_t rcv_size = sizeof(Msg), uint32_t option = 0) {
  m->h.bits = kabi::msg_bits(kabi::kCopySend, kabi::kMakeSendOnce);
  m->h.size = bytes;
  m->h.remote_port = dest;
  m->h.local_port = reply;
  m->h.id = id;
  return sys_msg(m, kabi::kMsgSend | kabi::kMsgRcv | option, bytes, rcv_size, reply, 0);
}

// Server: reply through the send-once right the request carried, and wait for the next
// request on `port`, in one call.
inline int reply_and_receive(Msg* m, uint32_t bytes, uint32_t port) {
  m->h.bits = kabi::msg_bits(kabi::kMoveSendOnce, 0);
  m->h.size = bytes;
  m->h.local_port = 0;
  return sys_msg(m, kabi::kMsgSend | kabi::kMsgRcv, bytes, sizeof(Msg), port, 0);
}

}  // namespace ulib
