// Scheduling: round robin between threads of equal priority on the clock interrupt,
// preemption by a higher-priority thread that wakes up, directed thread_switch, sleep
// durations, and blocking and waking through IPC between threads of one task.
#include "msg.h"

using namespace kabi;
using namespace ulib;

namespace {

constexpr int kQuantum = 2;  // clock ticks per time slice (sched/sched.h)
volatile uint32_t g_count[2];
volatile bool g_stop;
volatile uint32_t g_order[8];
volatile uint32_t g_norder;
volatile bool g_high_ran;

void spinner(uint32_t i) {
  while (!g_stop) g_count[i] = g_count[i] + 1;
  sys_thread_exit();
}

void high(uint32_t) {
  sys_thread_sleep(10);
  g_high_ran = true;  // preempts the spinning main thread as soon as it wakes
  sys_thread_exit();
}

void high_now(uint32_t) {
  g_high_ran = true;
  sys_thread_exit();
}

void pinger(uint32_t other) {
  for (int i = 0; i < 3; ++i) {
    g_order[g_norder] = 1;
    g_norder = g_norder + 1;
    sys_thread_switch(other);
  }
  sys_thread_exit();
}

uint32_t g_port;
void ipc_worker(uint32_t) {
  static Msg m;
  receive(&m, g_port);  // blocks until main sends
  m.body[0] = m.body[0] * 3;
  m.h.bits = msg_bits(kMoveSendOnce, 0);  // reply through the send-once right
  m.h.local_port = 0;
  sys_msg(&m, kMsgSend, sizeof(MsgHeader) + 4, 0, 0, 0);
  sys_thread_exit();
}

}  // namespace

int main(uint32_t, uint32_t) {
  // ---- round robin: two spinners at our priority share the processor by time slices
  const int me = sys_info(kInfoThreadId);
  sys_thread_create(spinner, alloc_stack(), 0, kPriorityUser);
  sys_thread_create(spinner, alloc_stack(), 1, kPriorityUser);
  const int t0 = sys_clock();
  while (sys_clock() - t0 < 20) sys_thread_switch(0);  // ~78 ms, yielding to them
  g_stop = true;
  sys_thread_sleep(5);
  check(g_count[0] > 0 && g_count[1] > 0, "two spinning threads of equal priority both run");
  check(sys_clock() - t0 >= 20, "the clock advances (DS1287 periodic interrupt)");

  // ---- preemption: a higher-priority thread that wakes from a sleep runs at once
  sys_thread_create(high, alloc_stack(), 0, kPriorityUser + 5);
  const int t1 = sys_clock();
  while (!g_high_ran && sys_clock() - t1 < 100) {
  }
  check(g_high_ran, "a higher-priority thread preempts a spinning one when it wakes");
  const int waited = sys_clock() - t1;
  check(waited >= 2 && waited <= 5, "... after its 10 ms sleep (3 ticks of 3.9 ms)", waited, 3);

  // ---- directed switch: strict alternation with thread_switch(other)
  sys_thread_priority(0, kPriorityUser + 1);  // nobody else competes
  const int p = sys_thread_create(pinger, alloc_stack(), me, kPriorityUser + 1);
  for (int i = 0; i < 3; ++i) {
    sys_thread_switch(p);
    g_order[g_norder] = 2;
    g_norder = g_norder + 1;
  }
  bool alternate = g_norder == 6;
  for (uint32_t i = 0; i < g_norder; ++i) alternate = alternate && g_order[i] == (i % 2 ? 2u : 1u);
  check(alternate, "thread_switch to a named thread alternates strictly");

  // ---- block and wake through IPC between threads of one task
  g_port = sys_port_allocate();
  sys_make_send(g_port);
  sys_thread_create(ipc_worker, alloc_stack(), 0, kPriorityUser + 1);
  sys_thread_sleep(5);  // the worker blocks in receive
  static Msg m;
  m.body[0] = 14;
  const uint32_t reply = sys_port_allocate();
  check_eq(rpc(&m, g_port, reply, sizeof(MsgHeader) + 4, 1), kOk, "RPC to a thread of our own task");
  check_eq(static_cast<int>(m.body[0]), 42, "it woke, computed and replied");

  // ---- a slice used up with nobody to share it is renewed: spin alone for more than a
  // slice, then a thread of equal priority becomes ready and must get the processor
  sys_thread_priority(0, kPriorityUser);
  const int t3 = sys_clock();
  while (sys_clock() - t3 < 4) {
  }
  g_high_ran = false;
  sys_thread_create(high_now, alloc_stack(), 0, kPriorityUser);
  const int t4 = sys_clock();
  while (!g_high_ran && sys_clock() - t4 < 20) {
  }
  check(g_high_ran && sys_clock() - t4 <= kQuantum,
        "after a slice used up alone, an equal-priority thread still gets a slice",
        sys_clock() - t4, kQuantum);

  // ---- sleep
  const int t2 = sys_clock();
  sys_thread_sleep(50);
  const int slept = sys_clock() - t2;
  check(slept >= 13 && slept <= 14, "a 50 ms sleep lasts 13 ticks", slept, 13);
  return failures();
}
