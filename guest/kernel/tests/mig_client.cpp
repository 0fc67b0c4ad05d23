// The client of the tools/mig test pair: spawns mig_server and calls every routine of
// tests/mig_test.defs through the generated stubs, then the error paths: a bad id, a
// malformed request, a routine's own error, an array over its maximum, a server that
// dies in the middle of an RPC.
#include "mig_test.h"

using namespace kabi;
using namespace ulib;

namespace {

Msg g_msg;

bool same(const void* a, const void* b, uint32_t n) { return memcmp(a, b, n) == 0; }

void echo_tests(uint32_t service) {
  static uint8_t out[1024], back[1024];
  for (uint32_t i = 0; i < sizeof out; ++i) out[i] = static_cast<uint8_t>(i * 7 + 1);
  static const uint32_t sizes[] = {0, 1, 3, 4, 5, 40, 1000, 1024};
  bool ok = true;
  for (uint32_t n : sizes) {
    uint32_t got = 0xffff;
    memset(back, 0, sizeof back);
    ok = ok && migtest::echo(service, out, n, back, &got) == kOk && got == n && same(out, back, n);
  }
  check(ok, "echo: byte arrays of 0 to 1024 bytes come back intact");
  check_eq(migtest::echo(service, out, 1025, back, nullptr), mig::kArrayTooLarge,
           "echo of 1025 bytes (max 1024): array too large, nothing sent");
}

}  // namespace

int main(uint32_t, uint32_t) {
  const uint32_t boot = static_cast<uint32_t>(sys_port_allocate());
  const int task = sys_task_spawn("mig_server", 0, boot, kMakeSend);
  receive(&g_msg, boot);
  const uint32_t service = g_msg.body[1];
  check(task > 0 && g_msg.h.id == 100 && g_msg.body[2] == kPortSend, "the server sends its port");

  int32_t sum = 0;
  check_eq(migtest::add(service, 40, 2, &sum), kOk, "add: a routine with int32 arguments");
  check_eq(sum, 42, "... its out argument");
  migtest::add(service, -5, 3, &sum);
  check_eq(sum, -2, "add: negative numbers");
  echo_tests(service);

  char head[40], tail[40];
  uint32_t nh = 0, nt = 0;
  int32_t total = 0;
  const char text[] = "hello, world";
  check_eq(migtest::split(service, text, 12, 5, head, &nh, tail, &nt, &total), kOk,
           "split: three arrays and an int in one reply");
  check(nh == 5 && same(head, "hello", 5) && nt == 7 && same(tail, ", world", 7) && total == 12,
        "... packed one after the other, each at its own length");
  check_eq(migtest::split(service, text, 12, 13, head, &nh, tail, &nt, &total), kErrInvalidArg,
           "split past the end: the server routine's error is the result");

  uint32_t p = 0;
  check_eq(migtest::new_port(service, &p), kOk, "new_port: a port right in the reply");
  g_msg.h.bits = 0;  // send() keeps the complex bit; this message carries no rights
  check_eq(send(&g_msg, p, sizeof(MsgHeader), 1, kMsgSendTimeout, 0), kOk,
           "... it is a send right we can use");

  check_eq(sys_make_send(boot), kOk, "make_send on our own port");
  check_eq(migtest::subscribe(service, boot), kOk, "subscribe: a port right in the request");
  check_eq(migtest::poke(service, 21), kOk, "poke: a simpleroutine is one send");
  check(receive(&g_msg, boot) == kOk && g_msg.h.id == 7 && g_msg.body[0] == 42,
        "... the server used the right it was given");

  check_eq(migtest::fail(service, -77), -77, "fail: a negative result comes back");
  check_eq(migtest::fail(service, 5), 5, "fail: a positive one too");

  // Hand-made requests: an id the interface lacks, and add with one argument missing.
  const uint32_t reply = mig_get_reply_port();
  check_eq(rpc(&g_msg, service, reply, sizeof(MsgHeader), 2403, sizeof g_msg), kOk,
           "a request with an unused id gets a reply");
  check_eq(mig::check_reply(&g_msg.h, 2503, sizeof(MsgHeader) + 4, 0), mig::kBadId, "... bad id");
  check_eq(rpc(&g_msg, service, reply, sizeof(MsgHeader) + 4, migtest::id::add, sizeof g_msg), kOk,
           "add with one int32 instead of two gets a reply");
  check_eq(mig::check_reply(&g_msg.h, 2500, sizeof(MsgHeader) + 8, 0), mig::kBadArguments,
           "... bad arguments");
  check_eq(migtest::add(service, 1, 2, &sum), kOk, "the server goes on serving");

  check_eq(migtest::die(service), mig::kServerDied,
           "die: the server exits in the middle of the RPC: server died");
  check_eq(sys_task_wait(task), 7, "... its task is gone");
  check_eq(migtest::add(service, 1, 2, &sum), kErrDeadName, "a call to the dead server: dead name");
  return failures();
}
