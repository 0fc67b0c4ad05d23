// net_test: the kernel's network device on one machine, with the LANCE in internal
// loopback (boot argument net=loop: every frame sent comes back): packet-filter
// validation, delivery in priority order, frames intact, unwanted and dropped frames,
// filters going with their port, device_write's checks; and mapped-driver mode, where a
// child task drives the LANCE itself with guest/net's driver (lance.h, user mode) and gets
// its interrupts as messages, after which the kernel has the device back.
//
//   emu --machine ds3100 --kernel kernel.elf --append "net_test net=loop [dma=main]"
#include "lance.h"
#include "lance_irq.h"
#include "msg.h"
#include "net.h"
#include "ulib.h"

using namespace kabi;
using namespace ulib;

namespace {

constexpr uint16_t kType = 0x88b5;  // IEEE local experimental EtherType
constexpr uint32_t kMapVa = 0x20000000;

struct FrameMsg {
  MsgHeader h;
  uint32_t len;
  alignas(4) uint8_t f[kNetMaxFrame + 2];
};
FrameMsg g_rx;
alignas(4) uint8_t g_tx[kNetMaxFrame];
NetInfo g_info;

// Type kType; word 7 = tag; then a pattern from `seed`.
unsigned make_frame(uint16_t type, uint16_t tag, unsigned len, uint8_t seed) {
  memset(g_tx, 0xff, 6);  // broadcast
  memcpy(g_tx + 6, g_info.mac, 6);
  put_word(g_tx, 6, type);
  put_word(g_tx, 7, tag);
  for (unsigned i = 16; i < len; ++i) g_tx[i] = static_cast<uint8_t>(seed + 3 * i);
  return len;
}

// Receive on port within ~100 ms: kOk and the frame in g_rx, or the error.
int get(uint32_t port) {
  return receive(reinterpret_cast<Msg*>(&g_rx), port, sizeof g_rx, kMsgRcvTimeout, 100);
}

bool same_frame(unsigned len) {
  return g_rx.h.id == kNetFrameMsgId && g_rx.len >= len && memcmp(g_rx.f, g_tx, len) == 0;
}

void validation(uint32_t port) {
  const uint16_t ok[] = {pf(kPfNop, kPfPushWord + 6), pf(kPfEq, kPfPushLit), kType};
  uint16_t long_prog[kFilterMaxWords + 1];
  for (auto& w : long_prog) w = pf(kPfNop, kPfNoPush);
  uint16_t deep[kFilterMaxStack + 1];
  for (auto& w : deep) w = pf(kPfNop, kPfPushOne);
  const uint16_t no_literal[] = {pf(kPfNop, kPfPushWord + 6), pf(kPfEq, kPfPushLit)};
  const uint16_t underflow[] = {pf(kPfEq, kPfPushOne)};
  const uint16_t bad_push[] = {pf(kPfNop, 7)};
  const uint16_t far_word[] = {pf(kPfNop, kPfPushWord + 757)};
  const uint16_t bad_op[] = {pf(kPfNop, kPfPushOne), pf(14, kPfPushOne)};
  check_eq(sys_filter_install(port, 1, long_prog, kFilterMaxWords + 1), kErrInvalidArg, "filter: too long");
  check_eq(sys_filter_install(port, 1, deep, kFilterMaxStack + 1), kErrInvalidArg, "filter: stack overflow");
  check_eq(sys_filter_install(port, 1, no_literal, 2), kErrInvalidArg, "filter: literal missing");
  check_eq(sys_filter_install(port, 1, underflow, 1), kErrInvalidArg, "filter: stack underflow");
  check_eq(sys_filter_install(port, 1, bad_push, 1), kErrInvalidArg, "filter: unknown push");
  check_eq(sys_filter_install(port, 1, far_word, 1), kErrInvalidArg, "filter: word beyond any frame");
  check_eq(sys_filter_install(port, 1, bad_op, 2), kErrInvalidArg, "filter: unknown operation");
  check_eq(sys_filter_install(port, 256, ok, 3), kErrInvalidArg, "filter: priority above 255");
  check_eq(sys_filter_install(0x1234, 1, ok, 3), kErrInvalidName, "filter: forged port name");
  check_eq(sys_filter_install(port, 1, reinterpret_cast<const uint16_t*>(0x60000000), 3), kErrInvalidAddress,
           "filter: program at an unmapped address");
  check_eq(sys_filter_remove(12345), kErrInvalidName, "filter_remove: no such filter");
  check_eq(sys_net_write(g_tx, 13), kErrInvalidArg, "device_write: shorter than a header");
  check_eq(sys_net_write(g_tx, kNetMaxFrame + 1), kErrInvalidArg, "device_write: longer than 1514");
  check_eq(sys_net_write(reinterpret_cast<void*>(0x60000000), 60), kErrInvalidAddress,
           "device_write: unmapped frame");
}

void delivery(uint32_t a, uint32_t b) {
  // a: every kType frame, priority 5. b: kType frames tagged 2, priority 7.
  const uint16_t fa[] = {pf(kPfNop, kPfPushWord + 6), pf(kPfEq, kPfPushLit), kType};
  const uint16_t fb[] = {pf(kPfNop, kPfPushWord + 6), pf(kPfCand, kPfPushLit), kType,
                         pf(kPfNop, kPfPushWord + 7), pf(kPfEq, kPfPushLit), 2};
  const int ia = sys_filter_install(a, 5, fa, 3);
  const int ib = sys_filter_install(b, 7, fb, 6);
  check(ia > 0 && ib > 0, "two filters installed", ia, ib);

  unsigned n = make_frame(kType, 1, 100, 1);
  check_eq(sys_net_write(g_tx, n), kOk, "device_write of a 100-byte frame");
  check(get(a) == kOk && same_frame(n), "tag 1: to the only filter that accepts it, intact");
  n = make_frame(kType, 2, 1514, 2);
  sys_net_write(g_tx, n);
  check(get(b) == kOk && same_frame(n) && g_rx.len == 1514, "tag 2: to the higher priority, 1514 bytes intact");
  check_eq(get(a), kErrTimedOut, "tag 2: not to the lower priority as well");
  sys_net_info(&g_info);
  const uint32_t unwanted = g_info.rx_unwanted;
  n = make_frame(kType + 1, 2, 60, 3);
  sys_net_write(g_tx, n);
  check_eq(get(a), kErrTimedOut, "another EtherType: delivered nowhere");
  sys_net_info(&g_info);
  check_eq(int(g_info.rx_unwanted - unwanted), 1, "... and counted as unwanted");

  // A full queue (limit 5): the rest are dropped and counted.
  const uint32_t dropped = g_info.rx_dropped;
  for (unsigned i = 0; i < 7; ++i) sys_net_write(g_tx, make_frame(kType, 2, 64, uint8_t(i)));
  sys_thread_sleep(20);
  unsigned got = 0;
  while (get(b) == kOk) ++got;
  sys_net_info(&g_info);
  check_eq(int(got), 5, "7 frames to a port with a queue limit of 5: 5 delivered");
  check_eq(int(g_info.rx_dropped - dropped), 2, "... 2 dropped");

  check_eq(sys_filter_remove(uint32_t(ib)), kOk, "filter_remove");
  n = make_frame(kType, 2, 80, 4);
  sys_net_write(g_tx, n);
  check(get(a) == kOk && same_frame(n), "tag 2 after removing the priority-7 filter: to a");
  sys_port_destroy(a);  // its filter goes with it
  sys_net_write(g_tx, make_frame(kType, 1, 80, 5));
  sys_thread_sleep(20);
  sys_net_info(&g_info);
  check_eq(int(g_info.rx_unwanted - unwanted), 2, "a dead port's filter accepts nothing");
}

// The child: drive the LANCE through the mapping, in user mode, with guest/net's driver.
int mapped_child(uint32_t port) {
  // Let the parent print its check first: both tasks print, and which runs first after
  // the spawn otherwise depends on where the parent's time slice ends.
  sys_thread_sleep(1);
  int r = sys_net_map(kMapVa, port);
  check_eq(r, kOk, "mapped: net_map");
  if (r != kOk) return 1;
  check_eq(sys_net_map(kMapVa + 0x100000, port), kErrNoSpace, "mapped: a second map is refused");
  sys_net_info(&g_info);
  check_eq(g_info.mapped, 1, "mapped: net_info says so");
  check_eq(sys_net_write(g_tx, 60), kErrBadRight, "mapped: device_write is refused");
  guest::net::LanceConfig c;
  c.user_regs = kMapVa;
  c.user_mem = kMapVa + 4096;
  c.user_mem_lance = g_info.mem_lance;
  memcpy(c.user_mac, g_info.mac, 6);
  c.dma = g_info.dma ? guest::net::DmaPath::kMainMemory : guest::net::DmaPath::kBoardBuffer;
  c.mode = guest::net::kModeLoop | guest::net::kModeIntl;
  check_eq(guest::net::lance_start(c), 0, "mapped: the user task starts the chip");
  const unsigned n = make_frame(kType, 9, 200, 9);
  check_eq(guest::net::lance_send(g_tx, n), 0, "mapped: the user task sends a frame");
  bool got = false;
  unsigned interrupts = 0;
  for (int i = 0; i < 20 && !got; ++i) {
    if (get(port) != kOk || g_rx.h.id != kNetIntrMsgId) break;
    ++interrupts;
    guest::net::lance_poll();  // acknowledges CSR0, which enables the interrupt again
    guest::net::RxFrame f;
    while (guest::net::lance_recv(&f)) {
      got = got || (f.len >= n && memcmp(f.data, g_tx, n) == 0);
      guest::net::lance_recv_done();
    }
  }
  check(interrupts > 0, "mapped: the interrupt arrives as a message");
  check(got, "mapped: the looped frame is received by the user task, intact");
  return 0;  // ending gives the device back to the kernel
}

void mapped(uint32_t self_port) {
  const int child = sys_task_spawn("net_test", 1, 0, 0);
  check(child > 0, "mapped: child task started", child);
  check_eq(sys_task_wait(uint32_t(child)), 0, "mapped: child ended normally");
  (void)self_port;
}

}  // namespace

// The driver asks which board this is; a user task asks the kernel (lance_irq.h).
bool guest::net::lance_board_kn02() { return g_info.board != 0; }

int main(uint32_t arg, uint32_t) {
  sys_net_info(&g_info);
  if (arg == 1) return mapped_child(uint32_t(sys_port_allocate()));
  const uint32_t a = uint32_t(sys_port_allocate()), b = uint32_t(sys_port_allocate());
  validation(a);
  delivery(a, b);
  mapped(b);
  // The kernel drives the chip again: a frame by device_write comes back through a filter.
  const uint16_t fb[] = {pf(kPfNop, kPfPushWord + 6), pf(kPfEq, kPfPushLit), kType};
  check(sys_filter_install(b, 3, fb, 3) > 0, "after the mapped task: filter installed");
  const unsigned n = make_frame(kType, 3, 300, 7);
  check_eq(sys_net_write(g_tx, n), kOk, "after the mapped task: device_write");
  check(get(b) == kOk && same_frame(n), "after the mapped task: the kernel receives again");
  return failures() ? 1 : 0;
}
