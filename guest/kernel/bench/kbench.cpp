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

}  // namespace

int main(uint32_t arg, uint32_t right) {
  if (arg == 1) return server(right);
  if (arg == 2) return short_server(right);
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
  const int partner_id = sys_thread_create(partner, alloc_stack(), 0, kPriorityUser + 1);
  for (int i = 0; i < 4; ++i) sys_thread_switch(partner_id);  // started, and warm
  for (int pass = 0; pass < 2; ++pass) {
    const bool cold = pass == 1;
    for (int i = 0; i < kSamples; ++i) {
      if (cold) sys_cache_flush();
      g_switch_region = cold ? kSwitchCold : kSwitchWarm;
      const uint32_t c0 = emu::cycles();
      emu::region_begin(g_switch_region);
      sys_thread_switch(partner_id);
      g_samples[i] = g_switch_end - c0 - 1;
    }
    g_switch_region = 0;
    report("thread-switch", cold ? "cold" : "warm", g_samples, kSamples);
  }
  g_switch_done = true;
  sys_thread_switch(partner_id);
  check_eq(g_bad, 0, "every measured system call and RPC succeeded");
  return 0;
}
