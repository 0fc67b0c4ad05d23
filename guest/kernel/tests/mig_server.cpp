// The server of the tools/mig test pair (mig_client.cpp spawns it): implements
// tests/mig_test.defs and serves it with the generated demultiplexer.
#include "mig_test.h"

using namespace kabi;

namespace {
uint32_t g_subscriber;  // a send right from subscribe()
}

namespace migtest::server {

int add(uint32_t, int32_t a, int32_t b, int32_t* sum) {
  *sum = a + b;
  return kOk;
}

int echo(uint32_t, const void* data, uint32_t data_count, void* back, uint32_t* back_count) {
  memcpy(back, data, data_count);
  *back_count = data_count;
  return kOk;
}

int split(uint32_t, const void* text, uint32_t text_count, int32_t at, void* head,
          uint32_t* head_count, void* tail, uint32_t* tail_count, int32_t* total) {
  if (at < 0 || static_cast<uint32_t>(at) > text_count) return kErrInvalidArg;
  const char* t = static_cast<const char*>(text);
  memcpy(head, t, at);
  *head_count = at;
  memcpy(tail, t + at, text_count - at);
  *tail_count = text_count - at;
  *total = static_cast<int32_t>(text_count);
  return kOk;
}

int new_port(uint32_t, uint32_t* p) {
  const int port = sys_port_allocate();
  if (port < 0) return port;
  *p = static_cast<uint32_t>(port);  // sent as make_send: the client gets a send right
  return kOk;
}

int subscribe(uint32_t, uint32_t p) {
  g_subscriber = p;
  return kOk;
}

int poke(uint32_t, int32_t v) {
  static ulib::Msg m;
  m.h.bits = 0;
  m.body[0] = static_cast<uint32_t>(2 * v);
  return ulib::send(&m, g_subscriber, sizeof(MsgHeader) + 4, 7);
}

int fail(uint32_t, int32_t code) { return code; }

int die(uint32_t) { sys_task_exit(7); }

}  // namespace migtest::server

int main(uint32_t, uint32_t bootstrap) {
  static ulib::Msg m;
  const uint32_t service = ulib::send_new_port(&m, bootstrap, 100);
  return migtest::server::serve(service);
}
