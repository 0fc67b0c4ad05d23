// Kernel microbenchmarks (Bershad 1992's measurements on this kernel): the null system
// call, the null cross-address-space RPC round trip (client and server in two tasks,
// the server spawned from this same image with arg 1), and a thread switch; each with
// warm caches and with both caches invalidated before every sample (cold). Every sample
// is a marked region (guest/include/emu_ops.h), so `emu --stats` reports count, min,
// median and max per region; the program prints the median in cycles and microseconds.
#include "emu_ops.h"
#include "msg.h"

using namespace kabi;
using namespace ulib;
namespace emu = guest::emu;

namespace {

constexpr int kSamples = 64;
enum Region : uint32_t {
#define REGION(number, id, name, caches) id = number,
#include "regions.def"
#undef REGION
};
uint32_t g_samples[kSamples];
uint32_t g_khz;
int g_bad;  // failed operations: the figures are only meaningful when this stays 0

void report(const char* name, const char* caches, uint32_t* s, int n) {
  // Insertion sort: n is small.
  for (int i = 1; i < n; ++i)
    for (int j = i; j > 0 && s[j - 1] > s[j]; --j) {
      const uint32_t t = s[j]; s[j] = s[j - 1]; s[j - 1] = t;
    }
  const uint32_t med = s[n / 2];
  const uint32_t ns = g_khz ? static_cast<uint32_t>(static_cast<uint64_t>(med) * 1000000 / g_khz) : 0;
  printf("bench %-16s %-4s median %6u cycles %4u.%03u us (min %u, max %u)\n", name, caches,
         static_cast<unsigned>(med), static_cast<unsigned>(ns / 1000), static_cast<unsigned>(ns % 1000),
         static_cast<unsigned>(s[0]), static_cast<unsigned>(s[n - 1]));
}

// Samples of one operation, each between region_begin(r) and region_end(r).
template <class F>
void measure(const char* name, uint32_t region, bool cold, F op) {
  for (int i = 0; i < kSamples; ++i) {
    if (cold) sys_cache_flush();
    const uint32_t c0 = emu::cycles();
    emu::region_begin(region);
    const int r = op();
    emu::region_end(region);
    g_samples[i] = emu::cycles() - c0 - 2;  // the two marker instructions
    g_bad += r != 0;
  }
  report(name, cold ? "cold" : "warm", g_samples, kSamples);
}

// ---- RPC server (arg 1) ----
int server(uint32_t bootstrap) {
  static Msg m;
  const uint32_t service = send_new_port(&m, bootstrap, 0);
  int r = receive(&m, service);
  while (r == kOk && m.h.id != 0) r = reply_and_receive(&m, m.h.size, service);
  return 0;
}

// ---- short-message server (arg 2): answers w0 + 1 until asked to stop
int short_server(uint32_t bootstrap) {
  static Msg m;
  const uint32_t service = send_new_port(&m, bootstrap, 0);
  uint32_t so = 0, w[2] = {0, 0};
  while (reply_wait(&so, service, w) == kOk && w[0] != 0xdead) ++w[0];
  return 0;
}

// ---- thread switch: the partner ends the region and switches straight back ----
volatile uint32_t g_main_thread;
volatile uint32_t g_switch_region;  // 0 while not measuring
volatile uint32_t g_switch_end;
volatile bool g_switch_done;
void partner(uint32_t) {
  for (;;) {
    // We are here right after the main thread's thread_switch(partner).
    if (g_switch_region) {
      g_switch_end = emu::cycles();
      emu::region_end(g_switch_region);
    }
    if (g_switch_done) sys_thread_exit();
    sys_thread_switch(g_main_thread);
  }
}

// ---- out-of-line RPC, an exception round trip, a page fault, a TLB refill ----
// (After the code above, so that the earlier measurements' code keeps its addresses and
// thus its cache placement.)

// arg 4: the out-of-line server: unmaps each region it gets and answers with a null reply.
int ool_server(uint32_t bootstrap) {
  Msg& m = *reinterpret_cast<Msg*>(sys_vm_allocate(0, 0, sizeof(Msg), 1));  // not in .bss
  const uint32_t service = send_new_port(&m, bootstrap, 0);
  int r = receive(&m, service);
  while (r == kOk && m.h.id != 0) {
    sys_vm_deallocate(0, m.body[1], m.body[2]);
    r = reply_and_receive(&m, sizeof(MsgHeader), service);
  }
  return 0;
}

int exception_child() {  // arg 3: breaks, each skipped by the parent's handler
  g_khz = sys_info(kInfoCpuKhz);
  for (int i = 0; i < 4; ++i) asm volatile("break 7");
  const auto raise = [] {
    asm volatile("break 7");
    return 0;
  };
  measure("exception", kExceptionWarm, false, raise);
  measure("exception", kExceptionCold, true, raise);
  return 0;
}

// (m is main's buffer: a static of our own would move the earlier measurements' data to
// other physical pages, and so their D-cache placement.)
void measure_vm(Msg& m, uint32_t port, uint32_t reply) {
  // RPC carrying one out-of-line region (copy on write, never written here), which the
  // server unmaps before its null reply: the whole cost of moving memory by VM.
  const int server_task = sys_task_spawn("kbench", 4, port, kMakeSend);
  receive(&m, port);
  const uint32_t service = m.body[1];
  const uint32_t region = uint32_t(sys_vm_allocate(0, 0, 64 * 1024, 1));
  for (uint32_t off = 0; off < 64 * 1024; off += 4096) reinterpret_cast<volatile uint32_t*>(region + off)[0] = off;
  const auto ool_rpc = [&](uint32_t size) {
    m.h = MsgHeader{msg_bits(kCopySend, kMakeSendOnce) | kMsgComplex, 40, service, reply, 0, 1};
    m.body[0] = 1u << 16;  // one out-of-line region
    m.body[1] = region;
    m.body[2] = size;
    m.body[3] = 0;
    return sys_msg(&m, kMsgSend | kMsgRcv, 40, sizeof m, reply, 0);
  };
  for (int i = 0; i < 4; ++i) ool_rpc(4096);
  measure("rpc-ool-4k", kOol4kWarm, false, [&] { return ool_rpc(4 * 1024); });
  measure("rpc-ool-16k", kOol16kWarm, false, [&] { return ool_rpc(16 * 1024); });
  measure("rpc-ool-64k", kOol64kWarm, false, [&] { return ool_rpc(64 * 1024); });
  measure("rpc-ool-4k", kOol4kCold, true, [&] { return ool_rpc(4 * 1024); });
  m.h.bits = 0;
  send(&m, service, sizeof(MsgHeader), 0);
  sys_task_wait(server_task);

  // An exception round trip: a child's break, to this task's handler (get the state,
  // skip the break, set it, answer) and back. The child inherits our exception port.
  const uint32_t exc = uint32_t(sys_port_allocate());
  sys_task_set_exception_port(0, exc);
  const int child = sys_task_spawn("kbench", 3, 0, 0);
  sys_task_set_exception_port(0, 0);
  ThreadRegs s;
  for (int i = 0; i < 2 * kSamples + 4; ++i) {  // warm and cold
    if (receive(&m, exc) != kOk) ++g_bad;
    const uint32_t thread = m.body[0];
    sys_thread_get_state(thread, &s);
    s.pc += 4;
    sys_thread_set_state(thread, &s);
    const uint32_t so = m.h.remote_port;
    m.h = MsgHeader{msg_bits(kMoveSendOnce, 0), sizeof(MsgHeader) + 4, so, 0, 0, kExcReply};
    m.body[0] = kOk;
    g_bad += sys_msg(&m, kMsgSend, sizeof(MsgHeader) + 4, 0, 0, 0) != kOk;
  }
  g_bad += sys_task_wait(child) != 0;

  // A page fault resolved by the kernel: the first store to a demand-zero page (TLB
  // refill of an invalid PTE, the fault, a zeroed page, the TLB loaded, the store again).
  const uint32_t pages = uint32_t(sys_vm_allocate(0, 0, (2 * kSamples + 1) * 4096, 1));
  reinterpret_cast<volatile uint32_t*>(pages + 2 * kSamples * 4096)[0] = 0;  // the page-table page
  uint32_t next = pages;
  const auto touch = [&] {
    *reinterpret_cast<volatile uint32_t*>(next) = 1;
    next += 4096;
    return 0;
  };
  measure("page-fault", kPageFaultWarm, false, touch);
  measure("page-fault", kPageFaultCold, true, touch);

  // A TLB refill: a load from a mapped page whose TLB entry was just dropped
  // (vm_protect to the same protection drops it, outside the region).
  volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(pages);
  for (int i = 0; i < kSamples; ++i) {
    sys_vm_protect(0, pages, 4096, kProtRead | kProtWrite);
    const uint32_t c0 = emu::cycles();
    emu::region_begin(kTlbRefillWarm);
    (void)*p;
    emu::region_end(kTlbRefillWarm);
    g_samples[i] = emu::cycles() - c0 - 2;
  }
  report("tlb-refill", "warm", g_samples, kSamples);
}

}  // namespace

int main(uint32_t arg, uint32_t right) {
  if (arg == 1) return server(right);
  if (arg == 2) return short_server(right);
  if (arg == 3) return exception_child();
  if (arg == 4) return ool_server(right);
  g_khz = sys_info(kInfoCpuKhz);
  // Warm everything once.
  for (int i = 0; i < 4; ++i) sys_null();
  measure("null-syscall", kNullWarm, false, [] { return sys_null(); });
  measure("null-syscall", kNullCold, true, [] { return sys_null(); });

  static Msg m;
  const int port = sys_port_allocate();
  const int server_task = sys_task_spawn("kbench", 1, port, kMakeSend);
  receive(&m, port);
  const uint32_t service = m.body[1];
  const uint32_t reply = sys_port_allocate();
  for (int i = 0; i < 4; ++i) rpc(&m, service, reply, sizeof(MsgHeader), 1);
  measure("rpc-null", kRpcWarm, false, [&] { return rpc(&m, service, reply, sizeof(MsgHeader), 1); });
  measure("rpc-null", kRpcCold, true, [&] { return rpc(&m, service, reply, sizeof(MsgHeader), 1); });
  measure("rpc-null-general", kRpcGeneralWarm, false, [&] {
    return rpc(&m, service, reply, sizeof(MsgHeader), 1, sizeof(Msg), kMsgGeneral);
  });
  measure("rpc-null-general", kRpcGeneralCold, true, [&] {
    return rpc(&m, service, reply, sizeof(MsgHeader), 1, sizeof(Msg), kMsgGeneral);
  });
  measure("rpc-inline-1k", kRpc1kWarm, false,
          [&] { return rpc(&m, service, reply, sizeof(MsgHeader) + 1024, 1); });
  m.h.bits = 0;
  send(&m, service, sizeof(MsgHeader), 0);  // the server exits
  sys_task_wait(server_task);

  // Short messages in registers, to a server in another task.
  const int short_task = sys_task_spawn("kbench", 2, port, kMakeSend);
  receive(&m, port);
  const uint32_t short_service = m.body[1];
  static uint32_t w[2];
  sys_thread_sleep(1);  // the server is waiting in reply_wait
  for (int i = 0; i < 4; ++i) rpc_short(short_service, reply, w);
  measure("rpc-short", kShortWarm, false, [&] { return rpc_short(short_service, reply, w); });
  measure("rpc-short", kShortCold, true, [&] { return rpc_short(short_service, reply, w); });
  w[0] = 0xdead;
  rpc_short(short_service, reply, w);  // the server exits: kErrDeadName
  sys_task_wait(short_task);

  // One thread switch: from our thread_switch call to the partner's return from its own.
  g_main_thread = sys_info(kInfoThreadId);
  sys_thread_priority(0, kPriorityUser + 1);
  // The partner runs one priority below us: thread_switch names it, so it still runs at
  // once, but a time slice running out (the cold samples' cache flush takes about one)
  // cannot hand it the processor between the flush and the measured switch.
  const int partner_id = sys_thread_create(partner, alloc_stack(), 0, kPriorityUser);
  for (int i = 0; i < 4; ++i) sys_thread_switch(partner_id);  // started, and warm
  for (int pass = 0; pass < 2; ++pass) {
    const bool cold = pass == 1;
    for (int i = 0; i < kSamples;) {
      if (cold) sys_cache_flush();
      g_switch_region = cold ? kSwitchCold : kSwitchWarm;
      const uint32_t before = g_switch_end;
      const uint32_t c0 = emu::cycles();
      emu::region_begin(g_switch_region);
      sys_thread_switch(partner_id);
      // A clock tick may have preempted the partner after it ended the last region: it
      // then resumes at its own thread_switch and ends none. Take the sample again.
      if (g_switch_end == before) continue;
      g_samples[i++] = g_switch_end - c0 - 1;
    }
    g_switch_region = 0;
    report("thread-switch", cold ? "cold" : "warm", g_samples, kSamples);
  }
  g_switch_done = true;
  sys_thread_switch(partner_id);

  measure_vm(m, port, reply);
  check_eq(g_bad, 0, "every measured system call and RPC succeeded");
  return 0;
}
