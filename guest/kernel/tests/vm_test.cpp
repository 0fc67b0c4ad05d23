// Virtual memory: vm_allocate / vm_deallocate / vm_protect (checked by children that
// touch what they may not and are killed), shared memory between two tasks (vm_share),
// and out-of-line regions in messages (copy-on-write, the deallocate flag, queued and
// direct delivery, 4 to 64 KiB, bad descriptors). arg 0: the parent; other values: the
// children below.
#include "msg.h"

using namespace kabi;
using namespace ulib;

namespace {

enum Child : uint32_t {
  kOolServer = 1, kShared, kTouchFreed, kStoreReadOnly, kLoadNoAccess, kForeignTask,
};
constexpr uint32_t kPage = 4096;

volatile uint32_t g_sink;

uint32_t pattern(uint32_t seed, uint32_t i) { return seed * 0x01000193u + i; }
void fill(uint32_t addr, uint32_t bytes, uint32_t seed) {
  auto* p = reinterpret_cast<uint32_t*>(addr);
  for (uint32_t i = 0; i < bytes / 4; ++i) p[i] = pattern(seed, i);
}
bool holds(uint32_t addr, uint32_t bytes, uint32_t seed, uint32_t from = 0) {
  const auto* p = reinterpret_cast<const volatile uint32_t*>(addr);
  for (uint32_t i = from; i < bytes / 4; ++i)
    if (p[i] != pattern(seed, i)) return false;
  return true;
}

// A message with one out-of-line region and a seed word.
struct OolMsg {
  MsgHeader h;
  uint32_t counts;  // nports | nool << 16
  OolDescriptor ool;
  uint32_t seed;
};

int send_ool(OolMsg* m, uint32_t dest, uint32_t id, uint32_t addr, uint32_t size, uint32_t seed,
             uint32_t flags = 0) {
  m->h.bits = msg_bits(kCopySend, 0) | kMsgComplex;
  m->h.size = sizeof *m;
  m->h.remote_port = dest;
  m->h.local_port = 0;
  m->h.id = id;
  m->counts = 1u << 16;
  m->ool = OolDescriptor{addr, size, flags};
  m->seed = seed;
  return sys_msg(m, kMsgSend, sizeof *m, 0, 0, 0);
}

// ---- children ----
// The out-of-line server: for each region it gets, reply on `reply_to` with {data
// matched the seed, the address it arrived at}; then it writes its own copy (copy on
// write on the receiving side). id 2: is the previous region still as it arrived?
int ool_server(uint32_t bootstrap) {
  static Msg m;
  static OolMsg om;
  const uint32_t service = send_new_port(&m, bootstrap, 0);
  uint32_t last = 0, last_size = 0, last_seed = 0;
  for (;;) {
    if (receive(reinterpret_cast<Msg*>(&om), service, sizeof om) != kOk) return 1;
    uint32_t ok = 0;
    if (om.h.id == 0) return 0;
    if (om.h.id == 1) {
      ok = om.ool.address != 0 && holds(om.ool.address, om.ool.size, om.seed);
      last = om.ool.address;
      last_size = om.ool.size;
      last_seed = om.seed;
      *reinterpret_cast<volatile uint32_t*>(last) = 0xdeadbeef;
    } else {
      ok = holds(last, last_size, last_seed, 1);
    }
    m.h.bits = 0;
    m.body[0] = ok;
    m.body[1] = om.ool.address;
    send(&m, bootstrap, sizeof(MsgHeader) + 8, 9);
  }
}

// Shared memory: wait for the address the parent mapped for us, check its value, write
// ours, and tell the parent.
int shared_child(uint32_t bootstrap) {
  static Msg m;
  const uint32_t port = send_new_port(&m, bootstrap, 0);
  if (receive(&m, port) != kOk) return 1;
  auto* p = reinterpret_cast<volatile uint32_t*>(m.body[0]);
  const uint32_t seen = p[0];
  p[1] = 0x5ca1ab1e;
  m.h.bits = 0;
  m.body[0] = seen;
  send(&m, bootstrap, sizeof(MsgHeader) + 4, 1);
  return 0;
}

int child(uint32_t kind, uint32_t right) {
  switch (kind) {
    case kOolServer: return ool_server(right);
    case kShared: return shared_child(right);
    case kTouchFreed: {  // three pages, the middle one freed: its neighbours stay
      const uint32_t a = uint32_t(sys_vm_allocate(0, 0, 3 * kPage, 1));
      if (sys_vm_deallocate(0, a + kPage, kPage) != kOk) return 1;
      *reinterpret_cast<volatile uint32_t*>(a) = 1;
      *reinterpret_cast<volatile uint32_t*>(a + 2 * kPage) = 1;
      g_sink = *reinterpret_cast<volatile uint32_t*>(a + kPage);
      return 2;
    }
    case kStoreReadOnly: {
      const uint32_t a = uint32_t(sys_vm_allocate(0, 0, kPage, 1));
      *reinterpret_cast<volatile uint32_t*>(a) = 7;
      sys_vm_protect(0, a, kPage, kProtRead);
      g_sink = *reinterpret_cast<volatile uint32_t*>(a);  // reading is fine
      *reinterpret_cast<volatile uint32_t*>(a) = 8;
      return 2;
    }
    case kLoadNoAccess: {
      const uint32_t a = uint32_t(sys_vm_allocate(0, 0, kPage, 1));
      sys_vm_protect(0, a, kPage, kProtNone);
      g_sink = *reinterpret_cast<volatile uint32_t*>(a);
      return 2;
    }
    case kForeignTask: {  // our parent is not ours to change
      const uint32_t parent = right;
      return sys_vm_allocate(parent, 0, kPage, 1) == kErrNoSuchTask &&
             sys_vm_deallocate(parent, 0x10000000, kPage) == kErrNoSuchTask ? 3 : 1;
    }
    default: return 1;
  }
}

int run(uint32_t kind, uint32_t right = 0, uint32_t disposition = 0) {
  const int t = sys_task_spawn("vm_test", kind, right, disposition);
  return t > 0 ? sys_task_wait(t) : t;
}

// ---- the parent ----
void vm_calls() {
  const int a = sys_vm_allocate(0, 0, 3 * kPage, 1);
  check(a >= 0x20000000, "vm_allocate anywhere: an address above the heap", a, 0x20000000);
  check(holds(uint32_t(a), 0, 0) && reinterpret_cast<volatile uint32_t*>(a)[1000] == 0 &&
            reinterpret_cast<volatile uint32_t*>(a)[3000] == 0,
        "new memory reads zero");
  fill(uint32_t(a), 3 * kPage, 1);
  check(holds(uint32_t(a), 3 * kPage, 1), "and keeps what is written");
  check_eq(sys_vm_allocate(0, uint32_t(a) + kPage, kPage, 0), kErrInvalidAddress,
           "vm_allocate over a mapped range: invalid address");
  const uint32_t fixed = uint32_t(a) + 16 * kPage;
  check_eq(sys_vm_allocate(0, fixed, 2 * kPage, 0), int(fixed), "vm_allocate at a free address");
  check_eq(sys_vm_deallocate(0, fixed, 2 * kPage), kOk, "vm_deallocate");
  check_eq(sys_vm_protect(0, fixed, kPage, kProtRead), kErrInvalidAddress,
           "vm_protect of a freed range: invalid address");
  check_eq(sys_vm_allocate(0, 0, 0, 1), kErrInvalidArg, "vm_allocate of 0 bytes: invalid argument");
  check_eq(sys_vm_allocate(0, 0x7fff0000, kPage, 0), kErrInvalidAddress,
           "vm_allocate over the stack: invalid address");
  check_eq(sys_vm_allocate(0, 0x80000000, kPage, 0), kErrInvalidAddress,
           "vm_allocate in kseg0: invalid address");
  check_eq(sys_vm_deallocate(0, uint32_t(a) + 12, kPage), kErrInvalidAddress,
           "vm_deallocate of an unaligned address: invalid address");
  check_eq(sys_vm_protect(0, uint32_t(a), kPage, 4), kErrInvalidArg,
           "vm_protect with an unknown protection: invalid argument");
  check_eq(sys_vm_allocate(99, 0, kPage, 1), kErrNoSuchTask, "vm_allocate in no such task");

  // Protection: read-only, then writable again, the data intact.
  check_eq(sys_vm_protect(0, uint32_t(a) + kPage, kPage, kProtRead), kOk, "vm_protect read-only");
  check(holds(uint32_t(a), 3 * kPage, 1), "a read-only page still reads");
  check_eq(sys_vm_protect(0, uint32_t(a) + kPage, kPage, kProtNone), kOk, "vm_protect no access");
  check_eq(sys_write(reinterpret_cast<void*>(a + kPage), 4), kErrInvalidAddress,
           "the kernel will not read a no-access page either");
  check_eq(sys_vm_protect(0, uint32_t(a), 3 * kPage, kProtRead | kProtWrite), kOk,
           "vm_protect read-write again");
  reinterpret_cast<volatile uint32_t*>(a + kPage)[5] = pattern(1, 1024 + 5);
  check(holds(uint32_t(a), 3 * kPage, 1), "... and the page kept its data");
  check_eq(sys_vm_deallocate(0, uint32_t(a), 3 * kPage), kOk, "vm_deallocate the whole range");

  check_eq(run(kTouchFreed), kStatusKilled, "a freed page in the middle of a range: killed");
  check_eq(run(kStoreReadOnly), kStatusKilled, "store to a read-only page: killed");
  check_eq(run(kLoadNoAccess), kStatusKilled, "load from a no-access page: killed");
  check_eq(run(kForeignTask | sys_info(kInfoTaskId) << 8), 3, "a child may not change its parent's memory");

  // Memory comes back: 24 rounds of 1 MiB touched and freed (more than the kernel
  // manages), each at a new address so that nothing can be found mapped still.
  int rounds = 0;
  for (uint32_t i = 0; i < 24; ++i) {
    const int b = sys_vm_allocate(0, 0x40000000 + (i << 20), 1 << 20, 0);
    if (b < 0) break;
    for (uint32_t off = 0; off < (1 << 20); off += kPage) reinterpret_cast<volatile uint32_t*>(b + off)[0] = off;
    if (sys_vm_deallocate(0, uint32_t(b), 1 << 20) != kOk) break;
    ++rounds;
  }
  check_eq(rounds, 24, "24 MiB allocated, touched and freed in 1 MiB rounds");
}

void shared_memory() {
  // Into ourselves: two addresses, one page.
  const int a = sys_vm_allocate(0, 0, kPage, 1);
  const int b = sys_vm_share(0, uint32_t(a), kPage, 0);
  check(b > 0 && b != a, "vm_share into our own space: a second address", b, a);
  reinterpret_cast<volatile uint32_t*>(a)[3] = 0x1234;
  check_eq(int(reinterpret_cast<volatile uint32_t*>(b)[3]), 0x1234, "a store through one is seen through the other");

  // Into a child.
  static Msg m;
  const int port = sys_port_allocate();
  const int c = sys_task_spawn("vm_test", kShared, uint32_t(port), kMakeSend);
  receive(&m, uint32_t(port));
  const uint32_t child_port = m.body[1];
  reinterpret_cast<volatile uint32_t*>(a)[0] = 0xfeedf00d;
  const int in_child = sys_vm_share(uint32_t(c), uint32_t(a), kPage, 0);
  check(in_child > 0, "vm_share into a child", in_child, 1);
  m.h.bits = 0;
  m.body[0] = uint32_t(in_child);
  send(&m, child_port, sizeof(MsgHeader) + 4, 1);
  receive(&m, uint32_t(port));
  check_eq(int(m.body[0]), int(0xfeedf00d), "the child reads what the parent wrote");
  check_eq(int(reinterpret_cast<volatile uint32_t*>(a)[1]), 0x5ca1ab1e, "the parent reads what the child wrote");
  check_eq(sys_task_wait(uint32_t(c)), 0, "the child ends");
  check_eq(int(reinterpret_cast<volatile uint32_t*>(b)[1]), 0x5ca1ab1e, "the shared page outlives the child");
  sys_port_destroy(uint32_t(port));
}

void out_of_line() {
  static Msg m;
  static OolMsg om;
  const int port = sys_port_allocate();
  const int server = sys_task_spawn("vm_test", kOolServer, uint32_t(port), kMakeSend);
  receive(&m, uint32_t(port));
  const uint32_t service = m.body[1];
  const int region = sys_vm_allocate(0, 0, 64 * 1024, 1);
  const uint32_t r = uint32_t(region);

  // 16 KiB: the receiver's copy, the sender's view, copy on write both ways.
  fill(r, 16 * 1024, 2);
  check_eq(send_ool(&om, service, 1, r, 16 * 1024, 2), kOk, "send 16 KiB out of line");
  check(holds(r, 16 * 1024, 2), "the sender's view is unchanged right after the send");
  receive(&m, uint32_t(port));
  check_eq(int(m.body[0]), 1, "the region arrives with its data");
  check(m.body[1] != r && m.body[1] >= 0x20000000, "at an address of the receiver's choosing", int(m.body[1]));
  check(holds(r, 16 * 1024, 2), "the sender's view is unchanged after the receiver wrote its copy");
  fill(r, 16 * 1024, 3);  // the sender writes: its own copy
  om.h.id = 2;
  send_ool(&om, service, 2, r, kPage, 3);  // "check your previous region"
  receive(&m, uint32_t(port));
  check_eq(int(m.body[0]), 1, "the receiver's copy keeps the old data when the sender writes");

  // Queued: two messages before the server looks.
  fill(r, 4 * 1024, 4);
  fill(r + 32 * 1024, 4 * 1024, 5);
  int q = send_ool(&om, service, 1, r, 4 * 1024, 4);
  q |= send_ool(&om, service, 1, r + 32 * 1024, 4 * 1024, 5);
  check_eq(q, kOk, "two 4 KiB regions queued");
  receive(&m, uint32_t(port));
  const uint32_t first = m.body[0];
  receive(&m, uint32_t(port));
  check(first == 1 && m.body[0] == 1, "both arrive intact from the queue");

  // 64 KiB, moved with the deallocate flag.
  fill(r, 64 * 1024, 6);
  check_eq(send_ool(&om, service, 1, r, 64 * 1024, 6, kOolDeallocate), kOk,
           "send 64 KiB with the deallocate flag");
  receive(&m, uint32_t(port));
  check_eq(int(m.body[0]), 1, "64 KiB arrive intact");
  check_eq(sys_vm_protect(0, r, kPage, kProtRead), kErrInvalidAddress,
           "the sender's range is gone after a deallocating send");
  check_eq(sys_vm_allocate(0, r, 64 * 1024, 0), int(r), "and its addresses are free again");

  // Bad descriptors: the message is refused before anything moves.
  check_eq(send_ool(&om, service, 1, r + 8, kPage, 7), kErrInvalidAddress, "unaligned region: invalid address");
  check_eq(send_ool(&om, service, 1, r, 68 * 1024, 7), kErrInvalidAddress, "region over 64 KiB: invalid address");
  check_eq(send_ool(&om, service, 1, 0x80000000, kPage, 7), kErrInvalidAddress, "kernel region: invalid address");
  check_eq(send_ool(&om, service, 1, 0x30000000, kPage, 7), kErrInvalidAddress, "unmapped region: invalid address");
  om.counts = 3u << 16;
  om.h.bits = msg_bits(kCopySend, 0) | kMsgComplex;
  check_eq(sys_msg(&om, kMsgSend, sizeof om, 0, 0, 0), kErrMsgSize, "three regions in one message: size error");

  m.h.bits = 0;
  send(&m, service, sizeof(MsgHeader), 0);
  check_eq(sys_task_wait(uint32_t(server)), 0, "the server ends");
}

}  // namespace

int main(uint32_t arg, uint32_t right) {
  if (arg >> 8) return child(arg & 0xff, arg >> 8);  // the parent's id in arg's high bits
  if (arg) return child(arg, right);
  vm_calls();
  shared_memory();
  out_of_line();
  return failures();
}
