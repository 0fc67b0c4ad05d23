// IPC semantics: port rights and names, queued and direct delivery, rights carried in
// messages, RPC with send-once reply rights, queue limits, time-outs and every error
// code. The program runs twice: arg 0 is the client (it prints every check), arg 1 the
// server it spawns (it reports through its replies, so the output does not depend on
// how the two interleave).
#include "msg.h"

using namespace kabi;
using namespace ulib;

namespace {

Msg g_msg;

enum Op : uint32_t { kOpEcho = 1, kOpSum = 2, kOpReplyTwice = 3, kOpExit = 4, kOpTakePort = 5 };

int server(uint32_t bootstrap) {
  // Our service port, and a send right to it sent to the client in a complex message.
  const uint32_t service = sys_port_allocate();
  Msg* m = &g_msg;
  m->h.bits = kMsgComplex;
  m->body[0] = 1;
  m->body[1] = service;
  m->body[2] = kMakeSend;
  send(m, bootstrap, sizeof(MsgHeader) + 12, 100);
  int r = receive(m, service);
  for (;;) {
    if (r != kOk) return 10;
    uint32_t bytes = sizeof(MsgHeader);
    switch (m->h.id) {
      case kOpEcho:
        bytes = m->h.size;  // the body comes back as it was
        break;
      case kOpSum: {
        uint32_t sum = 0;
        for (uint32_t i = 0; i < (m->h.size - sizeof(MsgHeader)) / 4; ++i) sum += m->body[i];
        m->body[0] = sum;
        bytes += 4;
        break;
      }
      case kOpReplyTwice: {
        // A send-once right is used up by the first reply.
        const uint32_t so = m->h.remote_port;
        m->h.bits = msg_bits(kMoveSendOnce, 0);
        m->h.size = sizeof(MsgHeader) + 4;
        m->h.local_port = 0;
        m->body[0] = 0;
        int first = sys_msg(m, kMsgSend, sizeof(MsgHeader) + 4, 0, 0, 0);
        m->h.remote_port = so;
        int second = sys_msg(m, kMsgSend, sizeof(MsgHeader) + 4, 0, 0, 0);
        (void)first;
        // Report the second result to the client through the bootstrap port.
        m->h.bits = 0;
        m->body[0] = static_cast<uint32_t>(second);
        send(m, bootstrap, sizeof(MsgHeader) + 4, 101);
        r = receive(m, service);
        continue;
      }
      case kOpTakePort: {
        // The request carries a receive right; a message queued on that port came along.
        static Msg q;
        const bool got = m->body[0] == 1 && m->body[2] == kPortReceive &&
                         receive(&q, m->body[1], sizeof q, kMsgRcvTimeout, 0) == kOk;
        m->body[0] = got ? q.body[0] : 0xdead;
        bytes += 4;
        break;
      }
      case kOpExit:
        return 42;
      default:
        break;
    }
    r = reply_and_receive(m, bytes, service);
  }
}

// short_probe.S: a short-message call with s0-s8 set to pattern + 0..8 around it.
extern "C" int short_probe(uint32_t number, uint32_t r[4], uint32_t pattern, uint32_t s[9]);

bool all_zero(const uint32_t s[9]) {
  for (int i = 0; i < 9; ++i)
    if (s[i]) return false;
  return true;
}

// Short messages in registers: answers {w0 + w1, w0 - w1}; w0 = 0 ends without replying.
// Returns 43 if s0-s8 came back zero from every reply_wait (the IPC convention: they are
// not preserved, and nothing of the client's or the kernel's may show in them), else 44.
int short_server(uint32_t bootstrap) {
  const uint32_t service = sys_port_allocate();
  Msg* m = &g_msg;
  m->h.bits = kMsgComplex;
  m->body[0] = 1;
  m->body[1] = service;
  m->body[2] = kMakeSend;
  send(m, bootstrap, sizeof(MsgHeader) + 12, 100);
  uint32_t r[4] = {0, service, 0, 0}, regs[9];
  bool zero = true;
  while (short_probe(kSysReplyWait, r, 0x3c000000, regs) == kOk && r[2] != 0) {
    zero = zero && all_zero(regs);
    const uint32_t a = r[2], b = r[3];
    r[1] = service;  // r[0]: the request's reply right, from v1
    r[2] = a + b;
    r[3] = a - b;
  }
  return zero && all_zero(regs) ? 43 : 44;
}

void short_tests(uint32_t port, uint32_t reply) {
  Msg* m = &g_msg;
  uint32_t w[2] = {0, 0};
  const int task = sys_task_spawn("ipc_test", 2, port, kMakeSend);
  receive(m, port);
  const uint32_t service = m->body[1];
  check_eq(rpc_short(port, reply, w), kErrTimedOut, "short RPC to a port where nobody waits: timed out");
  w[0] = 30;
  w[1] = 12;
  check_eq(rpc_short(service, reply, w), kOk, "short RPC in registers");
  check(w[0] == 42 && w[1] == 18, "the answer's two words come back");
  bool zero = true;
  for (int i = 0; i < 2; ++i) {
    uint32_t r[4] = {service, reply, 5, 3}, regs[9];
    zero = zero && short_probe(kSysRpcShort, r, 0x5a000000, regs) == kOk && r[2] == 8 &&
           r[3] == 2 && all_zero(regs);
  }
  check(zero, "rpc_short does not preserve s0-s8: they come back zero");
  check_eq(rpc_short(0x3f01, reply, w), kErrInvalidName, "short RPC to a forged name: invalid name");
  check_eq(rpc_short(reply, reply, w), kErrBadRight, "short RPC through a receive right alone: bad right");
  check_eq(rpc_short(service, service, w), kErrBadRight, "short RPC with a reply port we do not hold: bad right");
  w[0] = 0;
  check_eq(rpc_short(service, reply, w), kErrDeadName, "the server exits holding our reply right: dead name");
  check_eq(sys_task_wait(task), 43, "... and its task is gone");  // 44: s0-s8 were not zero
  check_eq(rpc_short(service, reply, w), kErrDeadName, "short RPC to the dead port: dead name");
}

int client() {
  Msg* m = &g_msg;
  // ---- names and rights
  const int port = sys_port_allocate();
  check(port > 0, "port_allocate gives a name");
  check_eq(send(m, 0x1234, sizeof(MsgHeader), 1), kErrInvalidName, "send to a forged name: invalid name");
  check_eq(send(m, port, sizeof(MsgHeader), 1), kErrBadRight,
           "copy-send from a receive right alone: bad right");
  check_eq(sys_make_send(port), kOk, "make_send on our receive right");
  check_eq(send(m, port, 10, 1), kErrMsgSize, "a size that is not a multiple of 4: size error");
  check_eq(send(m, port, kMaxMsgSize + 4, 1), kErrMsgSize, "a message over the limit: size error");
  check_eq(sys_msg(reinterpret_cast<void*>(0x7000000), kMsgSend, 24, 0, 0, 0), kErrInvalidAddress,
           "a message at an unmapped address: invalid address");
  check_eq(sys_msg(m, 0x8000, 0, 0, 0, 0), kErrInvalidArg, "an unknown option: invalid argument");

  // ---- queued delivery to ourselves
  m->h.bits = 0;
  for (int i = 0; i < 8; ++i) m->body[i] = 0x1000 + i;
  check_eq(send(m, port, sizeof(MsgHeader) + 32, 7), kOk, "send 32 bytes to our own port");
  memset(m, 0, sizeof *m);
  check_eq(receive(m, port), kOk, "receive it");
  bool same = m->h.size == sizeof(MsgHeader) + 32 && m->h.id == 7 && m->h.local_port == uint32_t(port);
  for (int i = 0; i < 8; ++i) same = same && m->body[i] == uint32_t(0x1000 + i);
  check(same, "size, id, local port and data arrive intact");
  check_eq(static_cast<int>(m->h.seqno), 0, "first message has sequence number 0");

  // ---- queue limit, time-outs, too large
  int r = kOk, sent = 0;
  while ((r = send(m, port, sizeof(MsgHeader) + 4, 2, kMsgSendTimeout, 0)) == kOk) ++sent;
  check_eq(sent, 5, "the queue holds 5 messages");
  check_eq(r, kErrQueueFull, "the sixth with time-out 0: queue full");
  check_eq(send(m, port, sizeof(MsgHeader) + 4, 2, kMsgSendTimeout, 20), kErrTimedOut,
           "the sixth with a 20 ms time-out: timed out");
  r = kOk;
  for (int i = 0; i < 5; ++i) r |= receive(m, port);
  check_eq(r, kOk, "drain the queue");
  check_eq(receive(m, port, sizeof(Msg), kMsgRcvTimeout, 10), kErrTimedOut,
           "receive on an empty port with a 10 ms time-out: timed out");
  send(m, port, sizeof(MsgHeader) + 64, 3);
  check_eq(receive(m, port, sizeof(MsgHeader) + 32), kErrTooLarge,
           "a 64-byte body into a 32-byte buffer: too large");
  check_eq(receive(m, port, sizeof(MsgHeader) + 64), kOk, "it stayed queued: received with room");
  check_eq(receive(m, 0x3f01), kErrInvalidName, "receive on a forged name: invalid name");

  // ---- a server in another task; a right carried in a message
  const int server_task = sys_task_spawn("ipc_test", 1, port, kMakeSend);
  check(server_task > 0, "spawn the server task with a send right to our port");
  check_eq(receive(m, port), kOk, "receive the server's hello");
  const uint32_t service = m->body[1];
  check(m->h.id == 100 && (m->h.bits & kMsgComplex) && m->body[0] == 1 &&
            m->body[2] == kPortSend && service != 0,
        "it carries a send right to the server's port");
  const int reply = sys_port_allocate();

  // ---- RPC
  for (int i = 0; i < 4; ++i) m->body[i] = i + 1;
  check_eq(rpc(m, service, reply, sizeof(MsgHeader) + 16, kOpSum), kOk, "RPC: sum of 4 words");
  check(m->body[0] == 10 && m->h.remote_port == 0 && m->h.local_port == uint32_t(reply),
        "the reply holds the sum and arrives on the reply port");
  bool echo_ok = true;
  for (uint32_t n = 0; n <= 1024 && echo_ok; n = n ? n * 2 : 4) {
    for (uint32_t i = 0; i < n / 4; ++i) m->body[i] = n * 7 + i;
    echo_ok = rpc(m, service, reply, sizeof(MsgHeader) + n, kOpEcho) == kOk &&
              m->h.size == sizeof(MsgHeader) + n;
    for (uint32_t i = 0; i < n / 4 && echo_ok; ++i) echo_ok = m->body[i] == n * 7 + i;
  }
  check(echo_ok, "RPC echo of 0 to 1024 bytes returns the data");
  uint32_t rpcs = 0;
  for (int i = 0; i < 100; ++i) {
    m->body[0] = i;
    if (rpc(m, service, reply, sizeof(MsgHeader) + 4, kOpSum) == kOk && m->body[0] == uint32_t(i)) ++rpcs;
  }
  check_eq(static_cast<int>(rpcs), 100, "100 RPCs in a row (the fast path)");
  rpcs = 0;
  for (int i = 0; i < 100; ++i) {
    m->body[0] = i;
    if (rpc(m, service, reply, sizeof(MsgHeader) + 4, kOpSum, sizeof(Msg), kMsgGeneral) == kOk &&
        m->body[0] == uint32_t(i)) ++rpcs;
  }
  check_eq(static_cast<int>(rpcs), 100, "100 RPCs through the general path");
  check_eq(rpc(m, service, reply, sizeof(MsgHeader), kOpReplyTwice), kOk, "a reply through a send-once right");
  check_eq(receive(m, port), kOk, "the server's report");
  check_eq(static_cast<int>(m->body[0]), kErrInvalidName, "the send-once right is gone after one use");
  // A receive right moves, with the message queued on its port.
  const int q = sys_port_allocate();
  sys_make_send(q);
  m->h.bits = 0;
  m->body[0] = 0x5151;
  send(m, q, sizeof(MsgHeader) + 4, 5);
  m->h.bits = msg_bits(kCopySend, 0) | kMsgComplex;
  m->h.size = sizeof(MsgHeader) + 12;
  m->h.remote_port = q;
  m->h.local_port = 0;
  m->body[0] = 1;
  m->body[1] = q;
  m->body[2] = kMoveReceive;
  check_eq(sys_msg(m, kMsgSend, sizeof(MsgHeader) + 12, 0, 0, 0), kErrBadRight,
           "a receive right sent to its own port: bad right");
  m->h.bits = msg_bits(kCopySend, kMakeSendOnce) | kMsgComplex;
  m->h.remote_port = service;
  m->h.local_port = reply;
  m->h.id = kOpTakePort;
  check_eq(sys_msg(m, kMsgSend | kMsgRcv, sizeof(MsgHeader) + 12, sizeof(Msg), reply, 0), kOk,
           "RPC moving a receive right to the server");
  check_eq(static_cast<int>(m->body[0]), 0x5151, "the server received the message queued on it");
  check_eq(receive(m, q, sizeof(Msg), kMsgRcvTimeout, 0), kErrBadRight,
           "our name for it now holds only a send right");
  // A moved send right comes back under the same name (one name per port and space).
  const int r2 = sys_port_allocate();
  sys_make_send(r2);
  m->h.bits = msg_bits(kCopySend, 0) | kMsgComplex;
  m->h.remote_port = r2;
  m->h.local_port = 0;
  m->body[0] = 1;
  m->body[1] = r2;
  m->body[2] = kMoveSend;
  check_eq(sys_msg(m, kMsgSend, sizeof(MsgHeader) + 12, 0, 0, 0), kOk, "send our send right to its own port");
  check(receive(m, r2) == kOk && m->body[1] == uint32_t(r2) && m->body[2] == kPortSend,
        "it arrives as a send right under the port's existing name");
  check_eq(rpc(m, service, service, sizeof(MsgHeader), kOpSum), kErrBadRight,
           "a reply port we do not receive on: bad right");

  short_tests(port, reply);

  // ---- dead names
  check_eq(rpc(m, service, reply, sizeof(MsgHeader), kOpExit), kOk,
           "an RPC whose server exits without replying returns");
  check_eq(static_cast<int>(m->h.id), static_cast<int>(kNotifySendOnce),
           "... with the send-once notification its death caused");
  check_eq(sys_task_wait(server_task), 42, "task_wait returns its exit status");
  check_eq(send(m, service, sizeof(MsgHeader), kOpSum), kErrDeadName, "send to its port: dead name");
  check_eq(sys_port_destroy(reply), kOk, "destroy our reply port");
  check_eq(receive(m, reply, sizeof(Msg), kMsgRcvTimeout, 0), kErrInvalidName,
           "its name is no longer valid");
  return failures();
}

}  // namespace

int main(uint32_t arg, uint32_t right) {
  if (arg == 2) return short_server(right);
  return arg == 1 ? server(right) : client();
}
