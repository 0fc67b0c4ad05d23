// The scheduler (see sched.h).
#include "sched.h"

#include "abi.h"
#include "dev/net.h"
#include "emu_ops.h"
#include "kern/klib.h"
#include "kern/kstat.h"
#include "mips.h"
#include "task/task.h"

// The running thread's kernel stack top, read by the exception and system-call entries.
extern "C" uint32_t cur_kstack_top;
uint32_t cur_kstack_top;

namespace kern {

Thread* g_current;
volatile bool g_need_resched;
volatile uint32_t g_ticks;

namespace {

constexpr unsigned kMaxThreads = 48;
Thread g_threads[kMaxThreads];
alignas(KSTACK_SIZE) uint8_t g_kstacks[kMaxThreads][KSTACK_SIZE];
uint32_t g_next_id = 1;

ThreadQueue g_runq[kabi::kPriorities];
uint32_t g_runq_bits;  // bit p: g_runq[p] is not empty
Thread g_idle;         // the boot context

Thread* runq_pop() {
  if (!g_runq_bits) return nullptr;
  unsigned p = 31;
  uint32_t b = g_runq_bits;
  if (!(b >> 16)) { b <<= 16; p -= 16; }
  if (!(b >> 24)) { b <<= 8; p -= 8; }
  if (!(b >> 28)) { b <<= 4; p -= 4; }
  if (!(b >> 30)) { b <<= 2; p -= 2; }
  if (!(b >> 31)) { p -= 1; }
  Thread* t = g_runq[p].pop();
  if (g_runq[p].empty()) g_runq_bits &= ~(1u << p);
  return t;
}

unsigned runq_top() {
  for (int p = 31; p >= 0; --p)
    if (g_runq_bits & (1u << p)) return static_cast<unsigned>(p);
  return 0;
}

// Make `next` the running thread (the current one has already been put where it belongs).
void switch_thread(Thread* next) {
  Thread* prev = g_current;
  next->state = ThreadState::kRunning;
  if (next == prev) return;
  ++g_kstat.switches;
  g_current = next;
  cur_kstack_top = next->kstack + KSTACK_SIZE;
  // Kernel threads keep whatever address space was active (they never touch kuseg).
  if (next->task && (!prev->task || prev->task != next->task)) pmap_activate(&next->task->pmap);
  guest::emu::context((next->task ? next->task->id << 16 : 0) | (next->id & 0xffff));  // for emu --trace
  switch_to(&prev->ctx, &next->ctx);
}

}  // namespace

void sched_init() {
  g_idle.state = ThreadState::kRunning;
  g_idle.id = 0;
  g_idle.priority = 0;
  g_current = &g_idle;
}

Thread* thread_alloc(Task* task, unsigned priority) {
  for (unsigned i = 0; i < kMaxThreads; ++i) {
    Thread* t = &g_threads[i];
    if (t->state != ThreadState::kFree && !(t->state == ThreadState::kDead && t != g_current))
      continue;
    memset(t, 0, sizeof *t);
    t->kstack = reinterpret_cast<uint32_t>(g_kstacks[i]);
    t->task = task;
    t->state = ThreadState::kBlocked;  // not runnable until make_ready
    t->priority = static_cast<uint8_t>(priority);
    t->quantum = kQuantumTicks;
    t->id = g_next_id++;
    return t;
  }
  return nullptr;
}

void thread_free(Thread* t) { t->state = ThreadState::kFree; }

Thread* thread_find(uint32_t id) {
  for (Thread& t : g_threads)
    if (t.id == id && t.task && t.state != ThreadState::kFree && t.state != ThreadState::kDead)
      return &t;
  return nullptr;
}

void thread_cancel_ready(Thread* t) {
  if (ThreadQueue* q = t->queue) {
    q->remove(t);
    if (q >= &g_runq[0] && q < &g_runq[kabi::kPriorities] && q->empty())
      g_runq_bits &= ~(1u << (q - &g_runq[0]));
  }
  t->wake_tick = 0;
}

void thread_cancel(Thread* t) {
  thread_cancel_ready(t);
  thread_free(t);
}

void make_ready(Thread* t) {
  t->state = ThreadState::kReady;
  g_runq[t->priority].push(t);
  g_runq_bits |= 1u << t->priority;
  if (t->priority > g_current->priority || g_current == &g_idle) g_need_resched = true;
}

void schedule() {
  Thread* next = runq_pop();
  if (!next) {
    if (g_current->state == ThreadState::kRunning) return;
    next = &g_idle;
  }
  switch_thread(next);
}

void yield() {
  if (g_current == &g_idle) { schedule(); return; }
  make_ready(g_current);
  g_current->quantum = kQuantumTicks;
  schedule();
}

void preempt_if_needed() {
  if (!g_need_resched) return;
  g_need_resched = false;
  if (g_current == &g_idle) { schedule(); return; }
  if (!g_runq_bits) {
    // Nobody to share with: a new slice. Left at 0, clock_tick would never count it
    // down again and the thread would not be time-sliced once others become ready.
    if (g_current->quantum == 0) g_current->quantum = kQuantumTicks;
    return;
  }
  // Only a thread of higher priority, or an equal one when the slice is used up.
  const unsigned top = runq_top();
  if (top > g_current->priority || (top == g_current->priority && g_current->quantum == 0))
    yield();
  else if (g_current->quantum == 0)
    g_current->quantum = kQuantumTicks;  // nobody to share with: a new slice
}

void handoff(Thread* to) {
  if (to->queue) to->queue->remove(to);
  to->wake_tick = 0;
  to->quantum = g_current->quantum;  // the rest of the sender's slice
  switch_thread(to);
}

int block(ThreadQueue* q, uint32_t timeout_ticks) {
  Thread* t = g_current;
  t->state = ThreadState::kBlocked;
  t->wait_result = 0;
  if (q) q->push(t);
  t->wake_tick = timeout_ticks ? g_ticks + timeout_ticks : 0;
  schedule();
  return t->wait_result;
}

void wakeup(Thread* t, int result) {
  if (t->state != ThreadState::kBlocked) return;
  if (t->queue) t->queue->remove(t);
  t->wake_tick = 0;
  t->wait_result = result;
  make_ready(t);
}

void clock_tick() {
  g_ticks = g_ticks + 1;
  // Time-outs: few threads, so a scan of the blocked ones is cheaper than a sorted list.
  for (unsigned i = 0; i < kMaxThreads; ++i) {
    Thread* t = &g_threads[i];
    if (t->state == ThreadState::kBlocked && t->wake_tick && t->wake_tick == g_ticks)
      wakeup(t, kabi::kErrTimedOut);
  }
  Thread* c = g_current;
  if (c != &g_idle && c->quantum && --c->quantum == 0) g_need_resched = true;
}

uint32_t ms_to_ticks(uint32_t ms) {
  const uint32_t t = (ms * 256 + 999) / 1000;  // 256 Hz, rounded up
  return t ? t : 1;
}

void idle_loop() {
  for (;;) {
    guest::cpu::set_status(guest::cpu::status() & ~guest::cpu::kStatusIEc);
    if (g_runq_bits) {
      g_need_resched = false;
      schedule();
      continue;
    }
    if (g_live_tasks == 0) {
      printf("kernel: no tasks left, halting\n");
      halt(0);
    }
    // Only the clock wakes threads by itself (and an open network device, with a frame):
    // with no time-out pending and no device open, nothing ever will.
    bool timed = net_may_wake();
    for (unsigned i = 0; i < kMaxThreads && !timed; ++i)
      timed = g_threads[i].state == ThreadState::kBlocked && g_threads[i].wake_tick;
    if (!timed) panic("deadlock: every thread is blocked without a time-out");
    guest::cpu::set_status(guest::cpu::status() | guest::cpu::kStatusIEc);
    for (int i = 0; i < 64 && !g_need_resched; ++i) {
    }
  }
}

}  // namespace kern
