// The C-Threads library (user/cthreads.*) and the kernel call under it: restartable
// atomic sequences checked and restarted by the kernel; fork, join, yield, mutexes,
// conditions and detach on one kernel thread (all in user space); then a pool of kernel
// threads preempting each other, a cthread blocked in the kernel, a wired cthread, and
// MIG calls from several cthreads at once. Only main() prints.
#include "cthreads.h"
#include "mig_test.h"

using namespace kabi;
using namespace ulib;

extern "C" {
void ras_add(volatile uint32_t* word, uint32_t n);
void plain_add(volatile uint32_t* word, uint32_t n);
extern const char ras_add_start[], ras_add_end[];
}

namespace {

uint32_t addr(const void* p) { return reinterpret_cast<uint32_t>(p); }

// ---- restartable atomic sequences, with raw kernel threads ------------------------------
constexpr uint32_t kAdds = 50000;
volatile uint32_t g_sum;
volatile uint32_t g_adders_done;
void (*volatile g_add)(volatile uint32_t*, uint32_t);

void adder(uint32_t) {
  for (uint32_t i = 0; i < kAdds; ++i) g_add(&g_sum, 1);
  g_adders_done = g_adders_done + 1;
  sys_thread_exit();
}

uint32_t race(void (*add)(volatile uint32_t*, uint32_t)) {
  g_sum = 0;
  g_adders_done = 0;
  g_add = add;
  sys_thread_create(adder, alloc_stack(), 0, kPriorityUser);
  sys_thread_create(adder, alloc_stack(), 0, kPriorityUser);
  while (g_adders_done < 2) sys_thread_sleep(5);
  return g_sum;
}

void ras_tests() {
  const uint32_t s = addr(ras_add_start), e = addr(ras_add_end);
  check_eq(sys_ras_register(s + 2, e), kErrInvalidArg, "ras_register: an unaligned start: invalid");
  check_eq(sys_ras_register(e, s), kErrInvalidArg, "ras_register: end before start: invalid");
  check_eq(sys_ras_register(s, s + kMaxRasBytes + 4), kErrInvalidArg,
           "ras_register: longer than 64 bytes: invalid");
  check_eq(sys_ras_register(0x80001000, 0x80001010), kErrInvalidArg,
           "ras_register: a kernel address: invalid");
  check_eq(sys_ras_register(s, e), kOk, "ras_register: our 13-instruction add");
  check_eq(sys_ras_register(s, e), kOk, "ras_register: the same again is no change");
  const uint32_t plain = race(plain_add);
  check(plain < 2 * kAdds,
        "two preempted kernel threads adding without the restart lose increments");
  check_eq(static_cast<int>(race(ras_add)), static_cast<int>(2 * kAdds),
           "... and lose none with it (the kernel restarts an interrupted sequence)");
}

// ---- one kernel thread ------------------------------------------------------------------
uint32_t square(uint32_t x) { return x * x; }

char g_log[16];
volatile uint32_t g_nlog;
uint32_t logger(uint32_t c) {
  for (int i = 0; i < 3; ++i) {
    g_log[g_nlog] = static_cast<char>(c);
    g_nlog = g_nlog + 1;
    cthread_yield();
  }
  return 0;
}

mutex g_m;
condition g_cv;
volatile uint32_t g_inside, g_overlaps, g_count;
uint32_t critical(uint32_t rounds) {
  for (uint32_t i = 0; i < rounds; ++i) {
    mutex_lock(&g_m);
    g_inside = g_inside + 1;
    if (g_inside != 1) g_overlaps = g_overlaps + 1;
    cthread_yield();  // the others run now, and must wait for the mutex
    g_inside = g_inside - 1;
    g_count = g_count + 1;
    mutex_unlock(&g_m);
  }
  return 0;
}

// A two-slot buffer: one producer, two consumers.
uint32_t g_slots[2];
volatile uint32_t g_used, g_head;
condition g_not_full, g_not_empty;
uint32_t producer(uint32_t n) {
  for (uint32_t v = 1; v <= n; ++v) {
    mutex_lock(&g_m);
    while (g_used == 2) condition_wait(&g_not_full, &g_m);
    g_slots[(g_head + g_used) % 2] = v;
    g_used = g_used + 1;
    condition_signal(&g_not_empty);
    mutex_unlock(&g_m);
  }
  return 0;
}
uint32_t consumer(uint32_t n) {
  uint32_t sum = 0;
  for (uint32_t i = 0; i < n; ++i) {
    mutex_lock(&g_m);
    while (g_used == 0) condition_wait(&g_not_empty, &g_m);
    sum += g_slots[g_head];
    g_head = (g_head + 1) % 2;
    g_used = g_used - 1;
    condition_signal(&g_not_full);
    mutex_unlock(&g_m);
  }
  return sum;
}

volatile bool g_flag;
uint32_t set_flag(uint32_t) {
  g_flag = true;
  return 0;
}

void one_kernel_thread() {
  cthread_t t[4];
  for (uint32_t i = 0; i < 4; ++i) t[i] = cthread_fork(square, i + 1);
  uint32_t sum = 0;
  for (auto* x : t) sum += cthread_join(x);
  check_eq(static_cast<int>(sum), 30, "fork and join: four cthreads' results");

  cthread_t a = cthread_fork(logger, 'A'), b = cthread_fork(logger, 'B');
  cthread_join(a);
  cthread_join(b);
  check(g_nlog == 6 && memcmp(g_log, "ABABAB", 6) == 0, "yield alternates two cthreads strictly");

  for (auto*& x : t) x = cthread_fork(critical, 5);
  for (auto* x : t) cthread_join(x);
  check(g_count == 20 && g_overlaps == 0, "a mutex held across a yield excludes the others",
        static_cast<int>(g_count), 20);
  check(mutex_try_lock(&g_m), "try_lock on a free mutex gets it");
  check(!mutex_try_lock(&g_m), "try_lock on a held one fails");
  mutex_unlock(&g_m);

  cthread_t p = cthread_fork(producer, 20);
  cthread_t c1 = cthread_fork(consumer, 10), c2 = cthread_fork(consumer, 10);
  cthread_join(p);
  const uint32_t total = cthread_join(c1) + cthread_join(c2);
  check_eq(static_cast<int>(total), 210, "conditions: a producer and two consumers pass 1..20");

  cthread_t d = cthread_fork(set_flag, 0);
  cthread_detach(d);
  while (!g_flag) cthread_yield();
  cthread_yield();  // let it end
  cthread_t reuse = cthread_fork(square, 9);
  check(reuse == d, "a detached cthread's record is reused when it ends");
  check_eq(static_cast<int>(cthread_join(reuse)), 81, "... by a new cthread");

  const cthread_stats s = cthread_statistics();
  check(s.switches > 20 && s.kernel_wakeups == 0 && s.kernel_threads == 1,
        "on one kernel thread all of this switches in user space, no kernel wake-up",
        static_cast<int>(s.kernel_wakeups), 0);
}

// ---- a pool of kernel threads -----------------------------------------------------------
volatile uint32_t g_shared;
volatile uint32_t g_kthread_of[3];
uint32_t contend(uint32_t i) {
  g_kthread_of[i] = cthread_kernel_thread();
  for (int n = 0; n < 3000; ++n) {
    mutex_lock(&g_m);
    const uint32_t v = g_shared;
    for (int k = 0; k < 10; ++k) asm volatile("");  // widen the window
    g_shared = v + 1;
    mutex_unlock(&g_m);
  }
  return 0;
}

volatile uint32_t g_progress;
uint32_t sleeper(uint32_t) {
  sys_thread_sleep(30);  // holds its kernel thread
  return g_progress;
}
uint32_t counter(uint32_t) {
  for (int i = 0; i < 100; ++i) g_progress = g_progress + 1;
  return 0;
}

bool g_go, g_done;
volatile uint32_t g_wired_rounds, g_wired_moved;
uint32_t wired(uint32_t) {
  cthread_wire();
  const uint32_t kt = cthread_kernel_thread();
  for (int i = 0; i < 3; ++i) {
    mutex_lock(&g_m);
    while (!g_go) condition_wait(&g_cv, &g_m);
    g_go = false;
    g_done = true;
    condition_signal(&g_cv);
    mutex_unlock(&g_m);
    if (cthread_kernel_thread() != kt || static_cast<uint32_t>(sys_info(kInfoThreadId)) != kt)
      g_wired_moved = g_wired_moved + 1;
    g_wired_rounds = g_wired_rounds + 1;
  }
  return kt;
}

uint32_t g_service;
volatile uint32_t g_rpc_ok, g_reply_port[3];
uint32_t rpc_caller(uint32_t i) {
  g_reply_port[i] = mig_get_reply_port();
  for (int32_t n = 0; n < 40; ++n) {
    int32_t sum = 0;
    if (migtest::add(g_service, n, static_cast<int32_t>(i) * 1000, &sum) == kOk &&
        sum == n + static_cast<int32_t>(i) * 1000)
      g_rpc_ok = g_rpc_ok + 1;
    if (n % 8 == 0) cthread_yield();
  }
  return 0;
}

void kernel_threads() {
  check_eq(cthread_kernel_threads(3), kOk, "a pool of three kernel threads");
  check_eq(static_cast<int>(cthread_statistics().kernel_threads), 3, "... two of them new");

  cthread_t t[3];
  for (uint32_t i = 0; i < 3; ++i) t[i] = cthread_fork(contend, i);
  for (auto* x : t) cthread_join(x);
  check_eq(static_cast<int>(g_shared), 9000,
           "three cthreads on preempted kernel threads: no update lost under the mutex");
  check(g_kthread_of[0] != g_kthread_of[1] || g_kthread_of[1] != g_kthread_of[2],
        "... and they ran on more than one kernel thread");

  cthread_t s = cthread_fork(sleeper, 0);
  cthread_t c = cthread_fork(counter, 0);
  cthread_join(c);
  check_eq(static_cast<int>(cthread_join(s)), 100,
           "a cthread asleep in the kernel holds one kernel thread; the others go on");

  const uint32_t wakeups = cthread_statistics().kernel_wakeups;
  cthread_t w = cthread_fork(wired, 0);
  for (int i = 0; i < 3; ++i) {
    mutex_lock(&g_m);
    g_go = true;
    condition_signal(&g_cv);
    while (!g_done) condition_wait(&g_cv, &g_m);
    g_done = false;
    mutex_unlock(&g_m);
  }
  const uint32_t wired_kt = cthread_join(w);
  check(g_wired_rounds == 3 && g_wired_moved == 0 && wired_kt != 0,
        "a wired cthread stays on its kernel thread across three waits");
  check(cthread_statistics().kernel_wakeups - wakeups >= 3,
        "... and each signal woke it through the kernel (a message)");
  check_eq(static_cast<int>(cthread_statistics().kernel_threads), 4,
           "wiring took a kernel thread from the pool: a new one replaced it");

  const uint32_t boot = static_cast<uint32_t>(sys_port_allocate());
  const int server = sys_task_spawn("mig_server", 0, boot, kMakeSend);
  static Msg m;
  receive(&m, boot);
  g_service = m.body[1];
  for (uint32_t i = 0; i < 3; ++i) t[i] = cthread_fork(rpc_caller, i);
  for (auto* x : t) cthread_join(x);
  check_eq(static_cast<int>(g_rpc_ok), 120, "three cthreads call one server through MIG stubs at once");
  check(g_reply_port[0] != g_reply_port[1] && g_reply_port[1] != g_reply_port[2] &&
            g_reply_port[0] != g_reply_port[2] && g_reply_port[0] != mig_get_reply_port(),
        "... each with a reply port of its own");
  migtest::die(g_service);
  check_eq(sys_task_wait(server), 7, "the server ends");
}

}  // namespace

int main(uint32_t, uint32_t) {
  ras_tests();
  one_kernel_thread();
  // The library registered its own sequence: with ours that is two; two more fill the table.
  check(sys_ras_register(0x00500000, 0x00500008) == kOk &&
            sys_ras_register(0x00500010, 0x00500018) == kOk,
        "ras_register: four sequences per task");
  check_eq(sys_ras_register(0x00500020, 0x00500028), kErrNoSpace, "a fifth: no space");
  kernel_threads();
  return static_cast<int>(failures());
}
