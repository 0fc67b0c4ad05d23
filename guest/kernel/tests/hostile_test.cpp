// Hostile tasks against the calls of the VM, exception, notification and emulation
// interfaces (fault_test covers the first ones): hundreds of wild stores and jumps
// absorbed by the task's own exception handler thread; forged port names on every call
// that takes one; nonsense arguments; a flood of out-of-line messages whose memory must
// come back. Each child reports with its exit status; the kernel and the parent go on.
#include "msg.h"

using namespace kabi;
using namespace ulib;

namespace {

enum Kind : uint32_t { kWild = 1, kForge, kBadArgs, kOolFlood, kHog, kLittle };

uint32_t g_x = 12345;
uint32_t rnd() { return g_x = g_x * 1664525u + 1013904223u; }

// ---- wild stores and jumps, each absorbed by our own handler thread ----
volatile uint32_t g_handled;
uint32_t g_exc_port;
uint32_t g_guard[64];  // our data must come through untouched

void handler(uint32_t) {
  static Msg m;
  static ThreadRegs s;
  for (;;) {
    if (receive(&m, g_exc_port) != kOk || m.h.id != kExcRaise) sys_task_exit(1);
    const auto* info = reinterpret_cast<const ExcInfo*>(m.body);
    if (sys_thread_get_state(info->thread, &s) != kOk) sys_task_exit(2);
    const bool fetch = (info->code == 2 || info->code == 4) && info->badvaddr == s.pc;
    s.pc = fetch ? s.r[30] : s.pc + 4;  // a wild jump returns to its caller; a store is skipped
    sys_thread_set_state(info->thread, &s);
    g_handled = g_handled + 1;
    const uint32_t reply = m.h.remote_port;
    m.h.bits = msg_bits(kMoveSendOnce, 0);
    m.h.remote_port = reply;
    m.h.local_port = 0;
    m.body[0] = kOk;
    sys_msg(&m, kMsgSend, sizeof(MsgHeader) + 4, 0, 0, 0);
  }
}

// An address the task does not map: kseg0-3 (address error) or an unused part of kuseg
// (a TLB miss no region resolves); sometimes unaligned.
uint32_t wild_address() {
  const uint32_t x = rnd();
  switch (x >> 30) {
    case 0: return 0x00800000 + (x & 0x077fffff);           // 0x00800000..0x07ffffff
    case 1: return 0x11000000 + (x & 0x0effffff);           // 0x11000000..0x1fffffff
    default: return x | 0x80000000;                         // kseg0..kseg3
  }
}

int wild() {
  for (uint32_t i = 0; i < 64; ++i) g_guard[i] = i * 7;
  g_exc_port = uint32_t(sys_port_allocate());
  sys_task_set_exception_port(0, g_exc_port);
  sys_thread_create(handler, alloc_stack(), 0, kPriorityUser + 1);
  constexpr uint32_t kStores = 300, kJumps = 100;
  for (uint32_t i = 0; i < kStores; ++i) {
    const uint32_t a = wild_address();
    asm volatile("sw $zero, 0(%0)" :: "r"(a) : "memory");
  }
  for (uint32_t i = 0; i < kJumps; ++i)
    reinterpret_cast<void (*)()>(wild_address() & ~3u)();
  uint32_t bad = 0;
  for (uint32_t i = 0; i < 64; ++i) bad += g_guard[i] != i * 7;
  return g_handled == kStores + kJumps && bad == 0 ? 20 : 1;
}

// ---- forged names: every call that takes one refuses them ----
int forge() {
  static Msg m;
  static ThreadRegs s;
  const uint32_t mine = uint32_t(sys_port_allocate());
  int accepted = 0;
  for (int i = 0; i < 300; ++i) {
    uint32_t name = rnd();
    if (name == mine) continue;
    if (i & 1) name = (name & 0x3f00) | ((mine + 1 + (rnd() & 0x3f)) & 0xff);  // a real index, wrong generation
    if (name == mine) continue;
    m.h.bits = msg_bits(kCopySend, 0);
    m.h.size = sizeof(MsgHeader);
    m.h.remote_port = name;
    m.h.local_port = 0;
    accepted += sys_msg(&m, kMsgSend, sizeof(MsgHeader), 0, 0, 0) >= 0;
    accepted += sys_msg(&m, kMsgRcv | kMsgRcvTimeout, 0, sizeof m, name, 0) >= 0;
    accepted += sys_port_destroy(name) >= 0;
    accepted += sys_make_send(name) >= 0;
    accepted += sys_device_write(name, &m, 4) >= 0;
    accepted += sys_task_set_exception_port(0, name) >= 0;
    accepted += sys_port_request_notification(name, kNotifyDeadName, mine) >= 0;
    accepted += sys_port_request_notification(mine, kNotifyNoSenders, name) >= 0;
    accepted += sys_thread_get_state(name, &s) >= 0;
    accepted += rpc_short(name, mine, m.body) >= 0;
    // A complex message whose descriptor names the forged right.
    m.h.bits = msg_bits(kMakeSend, 0) | kMsgComplex;
    m.h.remote_port = mine;
    m.body[0] = 1;
    m.body[1] = name;
    m.body[2] = kCopySend;
    accepted += sys_msg(&m, kMsgSend, sizeof(MsgHeader) + 12, 0, 0, 0) >= 0;
  }
  return accepted == 0 ? 21 : 100 + accepted;
}

// ---- nonsense arguments to every new call ----
int bad_args() {
  static Msg m;
  static ThreadRegs s;
  int wrong = 0;
  auto expect = [&](int got, int want) { wrong += got != want; };
  expect(sys_vm_allocate(0, 0, 0xffffffff, 1), kErrInvalidArg);
  expect(sys_vm_allocate(0, 0x7ffff000, 0x2000, 0), kErrInvalidAddress);
  expect(sys_vm_allocate(0, 0xfffff000, 0x1000, 0), kErrInvalidAddress);
  expect(sys_vm_deallocate(0, 0x7ffff000, 0xffffffff), kErrInvalidAddress);
  expect(sys_vm_deallocate(0, 0x80000000, 0x1000), kErrInvalidAddress);
  expect(sys_vm_protect(0, 0x00400000, 0xfffff000, kProtRead), kErrInvalidAddress);
  expect(sys_vm_protect(0, 0x00400000, 0x1000, 0xff), kErrInvalidArg);
  expect(sys_vm_share(0, 0x80000000, 0x1000, 0), kErrInvalidAddress);
  expect(sys_vm_share(0, 0x00400000, 0x1000, 0xc0000000), kErrInvalidAddress);
  expect(sys_vm_share(0, 0x00400000, 0x1000, 0x00400000), kErrInvalidAddress);  // overlaps
  expect(sys_vm_share(1, 0x00400000, 0x1000, 0), kErrNoSuchTask);  // not our child
  expect(sys_vm_allocate(0xffffffff, 0, 0x1000, 1), kErrNoSuchTask);
  expect(sys_thread_get_state(0, &s), kErrNoSuchTask);
  expect(sys_thread_set_state(0xffffffff, &s), kErrNoSuchTask);
  expect(sys_thread_set_state(sys_info(kInfoThreadId), &s), kErrInvalidArg);  // not stopped
  expect(sys_task_set_emulation(reinterpret_cast<void (*)()>(0xffffffff), 0, 1), kErrInvalidArg);
  expect(sys_task_set_emulation(nullptr, 0xffffffff, 2), kErrInvalidArg);
  expect(sys_task_set_emulation(nullptr, 1, 0xffffffff), kErrInvalidArg);
  expect(sys_device_open(nullptr), kErrInvalidAddress);
  // Out-of-line descriptors with impossible counts, sizes and addresses.
  const uint32_t port = uint32_t(sys_port_allocate());
  sys_make_send(port);
  m.h.bits = msg_bits(kCopySend, 0) | kMsgComplex;
  m.h.remote_port = port;
  m.h.local_port = 0;
  const uint32_t counts[] = {0xffffffff, 0x0000ffff, 0x00020000, 0x00010000};
  const int expect_r[] = {kErrMsgSize, kErrMsgSize, kErrMsgSize, kErrInvalidAddress};
  for (int i = 0; i < 4; ++i) {
    m.body[0] = counts[i];
    m.body[1] = 0xfffff000;  // address
    m.body[2] = 0x1000;      // size
    m.body[3] = 0;
    expect(sys_msg(&m, kMsgSend, sizeof(MsgHeader) + 16, 0, 0, 0), expect_r[i]);
  }
  m.body[0] = 1u << 16;
  m.body[1] = 0x00400000;
  m.body[2] = 0;  // empty region
  expect(sys_msg(&m, kMsgSend, sizeof(MsgHeader) + 16, 0, 0, 0), kErrInvalidAddress);
  m.body[2] = 0xfffffff0;  // huge
  expect(sys_msg(&m, kMsgSend, sizeof(MsgHeader) + 16, 0, 0, 0), kErrInvalidAddress);
  return wrong == 0 ? 22 : 100 + wrong;
}

// ---- out-of-line flood: queued regions (copies, as we write after each send) to a
// port nobody receives from, then the port dies; 60 rounds need more memory than the
// kernel has unless every round's pages come back ----
int ool_flood() {
  struct {
    MsgHeader h;
    uint32_t counts;
    OolDescriptor ool;
  } m;
  const uint32_t region = uint32_t(sys_vm_allocate(0, 0, 64 * 1024, 1));
  for (int round = 0; round < 60; ++round) {
    const uint32_t port = uint32_t(sys_port_allocate());
    sys_make_send(port);
    int sent = 0;
    for (;;) {
      for (uint32_t off = 0; off < 64 * 1024; off += 4096)  // copy on write: new pages
        reinterpret_cast<volatile uint32_t*>(region + off)[0] = off + round;
      m.h = MsgHeader{msg_bits(kCopySend, 0) | kMsgComplex, sizeof m, port, 0, 0, 1};
      m.counts = 1u << 16;
      m.ool = OolDescriptor{region, 64 * 1024, 0};
      const int r = sys_msg(&m, kMsgSend | kMsgSendTimeout, sizeof m, 0, 0, 0);
      if (r != kOk) {
        if (r != kErrQueueFull || sent != 5) return 100 + round;
        break;
      }
      ++sent;
    }
    sys_port_destroy(port);
  }
  return 23;
}

// ---- every free page taken: what needs memory fails cleanly, and works again after ----
int hog() {
  constexpr uint32_t kBig = 48u << 20;  // more than the kernel manages
  const uint32_t a = uint32_t(sys_vm_allocate(0, 0, kBig, 1));
  // vm_share of our own range gives every page a frame, and stops when none is left.
  if (sys_vm_share(0, a, kBig, 0) != kErrNoSpace) return 101;
  int wrong = 0;
  wrong += sys_task_spawn("hostile_test", kLittle, 0, 0) != kErrNoSpace;
  // An out-of-line region that cannot be taken arrives with address 0.
  static Msg m;
  const uint32_t port = uint32_t(sys_port_allocate());
  sys_make_send(port);
  const uint32_t fresh = uint32_t(sys_vm_allocate(0, 0, 4096, 1));
  m.h = MsgHeader{msg_bits(kCopySend, 0) | kMsgComplex, 40, port, 0, 0, 1};
  m.body[0] = 1u << 16;
  m.body[1] = fresh;
  m.body[2] = 4096;
  m.body[3] = 0;
  wrong += sys_msg(&m, kMsgSend, 40, 0, 0, 0) != kOk;
  wrong += receive(&m, port) != kErrNoSpace || m.body[1] != 0;
  // One page free: the loader gets a page for the program but none for its page table.
  sys_vm_deallocate(0, a, 4096);
  wrong += sys_task_spawn("hostile_test", kLittle, 0, 0) != kErrNoSpace;
  sys_vm_deallocate(0, a, kBig);
  const int t = sys_task_spawn("hostile_test", kLittle, 0, 0);
  wrong += t <= 0 || sys_task_wait(uint32_t(t)) != 25;
  return wrong == 0 ? 24 : 100 + wrong;
}

int child(uint32_t kind) {
  switch (kind) {
    case kHog: return hog();
    case kLittle: return 25;
    case kWild: return wild();
    case kForge: return forge();
    case kBadArgs: return bad_args();
    case kOolFlood: return ool_flood();
    default: return 1;
  }
}

int run(uint32_t kind) {
  const int t = sys_task_spawn("hostile_test", kind, 0, 0);
  return t > 0 ? sys_task_wait(uint32_t(t)) : t;
}

}  // namespace

int main(uint32_t arg, uint32_t) {
  if (arg) return child(arg);
  check_eq(run(kWild), 20, "300 wild stores and 100 wild jumps, each handled by the task's own handler thread");
  check_eq(run(kForge), 21, "forged port names on every call that takes one: all refused");
  check_eq(run(kBadArgs), 22, "nonsense arguments to the VM, exception, emulation and message calls: refused");
  check_eq(run(kOolFlood), 23, "60 rounds of out-of-line floods into dying ports: the memory comes back");
  check_eq(run(kHog), 24, "all memory taken: task_spawn and out-of-line regions fail cleanly, then work again");
  check_eq(run(kWild), 20, "and the kernel is still whole: the wild task again");
  return failures();
}
