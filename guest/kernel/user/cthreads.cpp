// C-Threads (cthreads.h): cthreads multiplexed on kernel threads.
//
// Every cthread but main() lives at the base of its own 16 KiB stack, aligned to its size,
// so the running cthread is found from sp alone (as Mach's MIPS cthreads found theirs);
// main() runs on the task's original stack, outside the heap, and is the static g_main.
// Each kernel thread of the pool has an *idle context* (a cthread record on a stack of its
// own) running idle_loop(): it takes ready cthreads off the run queue and switches to
// them; when none is ready it waits in the kernel for a message on its wait port.
//
// The library lock g_lock guards every queue and state in here. It is held across every
// cthread_switch: the context that resumes releases it, so no other kernel thread can see
// a cthread as ready (or ended) before its registers are saved and its stack left.
#include "cthreads.h"

#include "mig.h"
#include "ulib.h"

using namespace kabi;

struct CthreadContext {
  uint32_t s[9];  // s0-s7, fp
  uint32_t sp, ra;
};

extern "C" {
void cthread_switch(CthreadContext* save, const CthreadContext* load);
void cthread_trampoline();
uint32_t cthread_tas(volatile uint32_t* word, uint32_t value);
extern const char cthread_ras_start[], cthread_ras_end[];
[[noreturn]] void cthread_body(cthread* t);
}

// A kernel thread of the task, as the library sees it.
struct cthread_kthread {
  uint32_t id;              // the kernel's thread id (0: not started yet)
  uint32_t wait_port;       // receive and send right: where it waits when it has no work
  cthread* idle;            // its idle context
  cthread* wired;           // the cthread wired to it, if any
  cthread_kthread* next_idle;
};

enum class CthreadState : uint8_t { kRunning, kReady, kBlocked, kDone };

struct cthread {
  CthreadContext ctx;       // saved while it does not run
  cthread* next;            // on the run queue, a wait queue or the free list
  cthread_kthread* kt;      // the kernel thread running it (a wired one's: its own)
  CthreadState state;
  bool wired, detached, idle;
  cthread_fn fn;
  uint32_t arg, result;
  cthread* joiner;
  uint32_t reply_port;      // mig_get_reply_port(); kept when the record is reused
};

namespace {

constexpr uint32_t kStackSize = 16 * 1024;
constexpr unsigned kMaxKernelThreads = 8;

volatile uint32_t g_lock;     // 0, or the id of the kernel thread holding it
cthread g_main;               // main(), on the task's own stack
cthread_queue g_run;          // ready cthreads, FIFO
cthread* g_free;              // records (and stacks) of ended cthreads, for reuse
cthread_kthread g_kt[kMaxKernelThreads];
unsigned g_nkt;
cthread_kthread* g_idle;      // kernel threads waiting for work
unsigned g_unwired;           // kernel threads in the pool
unsigned g_pool_size = 1;     // cthread_kernel_threads()' target
cthread_stats g_stats;

cthread* self() {
  uint32_t sp;
  asm("move %0, $sp" : "=r"(sp));
  if (sp - kUserHeapStart >= kUserHeapEnd - kUserHeapStart) return &g_main;
  return reinterpret_cast<cthread*>(sp & ~(kStackSize - 1));
}

void enqueue(cthread_queue* q, cthread* t) {
  t->next = nullptr;
  if (q->tail) q->tail->next = t; else q->head = t;
  q->tail = t;
}

cthread* dequeue(cthread_queue* q) {
  cthread* t = q->head;
  if (t) {
    q->head = t->next;
    if (!q->head) q->tail = nullptr;
  }
  return t;
}

// A cthread record at the base of a stack: a reused one, or a fresh one from the heap.
// nullptr when the heap is used up. Called with the lock held (the heap is not locked).
cthread* new_record() {
  cthread* t = g_free;
  if (t) {
    g_free = t->next;
  } else {
    const uint32_t base = ulib::alloc(kStackSize, kStackSize);
    if (!base) return nullptr;
    t = reinterpret_cast<cthread*>(base);
    t->reply_port = 0;
  }
  const uint32_t reply = t->reply_port;
  memset(t, 0, sizeof *t);
  t->reply_port = reply;
  t->ctx.sp = reinterpret_cast<uint32_t>(t) + kStackSize - 16;
  return t;
}

uint32_t new_wait_port() {
  const int port = sys_port_allocate();
  if (port < 0) return 0;
  sys_make_send(static_cast<uint32_t>(port));
  return static_cast<uint32_t>(port);
}

// The first use of the library, from main(): main's kernel thread becomes the pool's first.
void init() {
  cthread_kthread* kt = &g_kt[0];
  kt->id = static_cast<uint32_t>(sys_info(kInfoThreadId));
  kt->wait_port = new_wait_port();
  kt->idle = new_record();
  kt->idle->idle = true;
  kt->idle->kt = kt;
  kt->idle->ctx.ra = reinterpret_cast<uint32_t>(cthread_trampoline);
  kt->idle->ctx.s[0] = reinterpret_cast<uint32_t>(kt->idle);
  g_nkt = g_unwired = g_stats.kernel_threads = 1;
  g_main.kt = kt;
  g_main.state = CthreadState::kRunning;
  sys_ras_register(reinterpret_cast<uint32_t>(cthread_ras_start),
                   reinterpret_cast<uint32_t>(cthread_ras_end));
}

void lock() {
  cthread* me = self();
  if (!me->kt) init();
  const uint32_t id = me->kt->id;
  uint32_t yields = 0;
  while (const uint32_t holder = cthread_tas(&g_lock, id)) {
    // Held by a kernel thread the scheduler preempted: let it finish (a directed yield).
    ++yields;
    sys_thread_switch(holder);
  }
  g_stats.lock_yields += yields;
}

void unlock() {
  asm volatile("" ::: "memory");
  g_lock = 0;
}

void kernel_wait(cthread_kthread* kt) {
  MsgHeader h;
  sys_msg(&h, kMsgRcv, 0, sizeof h, kt->wait_port, 0);
}

void kernel_wake(cthread_kthread* kt) {
  MsgHeader h{};
  h.bits = msg_bits(kCopySend, 0);
  h.size = sizeof h;
  h.remote_port = kt->wait_port;
  ++g_stats.kernel_wakeups;
  sys_msg(&h, kMsgSend | kMsgSendTimeout, sizeof h, 0, 0, 0);
}

// With the lock held: the switch from `from` to `to` on kernel thread kt. Returns (with
// the lock held) when someone switches back to `from`.
void run(cthread* from, cthread* to, cthread_kthread* kt) {
  if (!to->idle) {
    to->state = CthreadState::kRunning;
    to->kt = kt;
  }
  ++g_stats.switches;
  cthread_switch(&from->ctx, &to->ctx);
}

void make_ready(cthread* t) {
  if (t->wired) {  // its own kernel thread waits for it in the kernel
    t->state = CthreadState::kRunning;
    kernel_wake(t->kt);
    return;
  }
  t->state = CthreadState::kReady;
  enqueue(&g_run, t);
  if (cthread_kthread* kt = g_idle) {
    g_idle = kt->next_idle;
    kernel_wake(kt);
  }
}

// With the lock held, `me` blocked (and queued where it will be found): run something
// else until make_ready(me). Returns with the lock released.
void sleep(cthread* me) {
  me->state = CthreadState::kBlocked;
  if (me->wired) {
    unlock();
    kernel_wait(me->kt);
    return;
  }
  cthread* next = dequeue(&g_run);
  run(me, next ? next : me->kt->idle, me->kt);
  unlock();
}

// A kernel thread of the pool with nothing to run; the lock is held.
[[noreturn]] void idle_loop(cthread_kthread* kt) {
  for (;;) {
    if (cthread* t = dequeue(&g_run)) {
      run(kt->idle, t, kt);
      continue;
    }
    kt->next_idle = g_idle;
    g_idle = kt;
    unlock();
    kernel_wait(kt);
    lock();
  }
}

void kthread_entry(uint32_t arg) {
  cthread_kthread* kt = reinterpret_cast<cthread_kthread*>(arg);
  kt->id = static_cast<uint32_t>(sys_info(kInfoThreadId));
  lock();
  idle_loop(kt);
}

int add_kthread() {
  const uint32_t port = new_wait_port();
  if (!port) return kErrNoSpace;
  lock();
  cthread* idle = g_nkt < kMaxKernelThreads ? new_record() : nullptr;
  if (!idle) {
    unlock();
    sys_port_destroy(port);
    return kErrNoSpace;
  }
  cthread_kthread* kt = &g_kt[g_nkt++];
  kt->wait_port = port;
  kt->idle = idle;
  idle->idle = true;
  idle->kt = kt;
  ++g_unwired;
  ++g_stats.kernel_threads;
  unlock();
  const int id = sys_thread_create(kthread_entry, idle->ctx.sp, reinterpret_cast<uint32_t>(kt),
                                   kPriorityUser);
  if (id < 0) {
    lock();
    --g_unwired;  // the slot stays, unused
    unlock();
    return id;
  }
  kt->id = static_cast<uint32_t>(id);
  return kOk;
}

void release(mutex* m) {  // lock held
  if (cthread* t = dequeue(&m->waiters)) {
    make_ready(t);  // it owns m now: held stays true
  } else {
    m->held = false;
  }
}

}  // namespace

extern "C" void cthread_body(cthread* t) {
  if (t->idle) idle_loop(t->kt);  // main's kernel thread's idle context, first run
  unlock();                       // held by whoever switched to us
  cthread_exit(t->fn(t->arg));
}

// Per cthread: concurrent RPCs from cthreads of one task must not share a reply port.
extern "C" uint32_t mig_get_reply_port() {
  cthread* me = self();
  if (!me->reply_port) me->reply_port = static_cast<uint32_t>(sys_port_allocate());
  return me->reply_port;
}

cthread_t cthread_fork(cthread_fn fn, uint32_t arg) {
  lock();
  cthread* t = new_record();
  if (t) {
    t->fn = fn;
    t->arg = arg;
    t->ctx.ra = reinterpret_cast<uint32_t>(cthread_trampoline);
    t->ctx.s[0] = reinterpret_cast<uint32_t>(t);
    make_ready(t);
  }
  unlock();
  return t;
}

uint32_t cthread_join(cthread_t t) {
  lock();
  cthread* me = self();
  while (t->state != CthreadState::kDone) {
    t->joiner = me;
    sleep(me);
    lock();
  }
  const uint32_t result = t->result;
  t->next = g_free;
  g_free = t;
  unlock();
  return result;
}

void cthread_detach(cthread_t t) {
  lock();
  if (t->state == CthreadState::kDone) {
    t->next = g_free;
    g_free = t;
  } else {
    t->detached = true;
  }
  unlock();
}

void cthread_exit(uint32_t result) {
  lock();
  cthread* me = self();
  if (me == &g_main) {  // main's end is the task's
    unlock();
    ulib::flush();
    sys_task_exit(static_cast<int>(result));
  }
  me->result = result;
  me->state = CthreadState::kDone;
  if (me->joiner) make_ready(me->joiner);
  if (me->detached) {  // reusable once the lock is released, after the switch below
    me->next = g_free;
    g_free = me;
  }
  cthread_kthread* kt = me->kt;
  cthread* next;
  if (me->wired) {  // the kernel thread goes back to the pool
    kt->wired = nullptr;
    ++g_unwired;
    next = kt->idle;
  } else {
    next = dequeue(&g_run);
    if (!next) next = kt->idle;
  }
  run(me, next, kt);
  __builtin_unreachable();
}

void cthread_yield() {
  lock();
  cthread* me = self();
  if (me->wired || !g_run.head) {  // nobody else here: let other kernel threads run
    unlock();
    sys_thread_switch(0);
    return;
  }
  me->state = CthreadState::kReady;
  enqueue(&g_run, me);
  run(me, dequeue(&g_run), me->kt);
  unlock();
}

cthread_t cthread_self() { return self(); }

uint32_t cthread_kernel_thread() {
  cthread* me = self();
  if (!me->kt) {
    lock();
    unlock();
  }
  return me->kt->id;
}

int cthread_wire() {
  lock();
  cthread* me = self();
  if (me->wired) {
    unlock();
    return kOk;
  }
  me->wired = true;
  me->kt->wired = me;
  const bool grow = --g_unwired < g_pool_size;
  unlock();
  return grow ? add_kthread() : kOk;
}

int cthread_kernel_threads(unsigned n) {
  lock();
  if (n > g_pool_size) g_pool_size = n;
  unsigned have = g_unwired;
  unlock();
  for (; have < n; ++have)
    if (const int r = add_kthread(); r != kOk) return r;
  return kOk;
}

void mutex_lock(mutex* m) {
  lock();
  if (!m->held) {
    m->held = true;
    unlock();
    return;
  }
  cthread* me = self();
  enqueue(&m->waiters, me);
  sleep(me);  // returns owning m (release() handed it over)
}

bool mutex_try_lock(mutex* m) {
  lock();
  const bool got = !m->held;
  m->held = true;
  unlock();
  return got;
}

void mutex_unlock(mutex* m) {
  lock();
  release(m);
  unlock();
}

void condition_wait(condition* c, mutex* m) {
  lock();
  cthread* me = self();
  enqueue(&c->waiters, me);
  release(m);
  sleep(me);
  mutex_lock(m);
}

void condition_signal(condition* c) {
  lock();
  if (cthread* t = dequeue(&c->waiters)) make_ready(t);
  unlock();
}

void condition_broadcast(condition* c) {
  lock();
  while (cthread* t = dequeue(&c->waiters)) make_ready(t);
  unlock();
}

cthread_stats cthread_statistics() {
  lock();
  const cthread_stats s = g_stats;
  unlock();
  return s;
}
