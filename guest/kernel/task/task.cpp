// Tasks (see task.h).
#include "task.h"

#include "abi.h"
#include "dev/net.h"
#include "ipc/port.h"
#include "kern/exception.h"
#include "kern/klib.h"
#include "mips.h"
#include "sched/sched.h"
#include "vm/page.h"

namespace kern {

unsigned g_live_tasks;

namespace {

Task g_tasks[kMaxTasks];
uint32_t g_next_task_id = 1;

}  // namespace

Task* task_create(const char* name) {
  Task* t = nullptr;
  for (unsigned i = 0; i < kMaxTasks && !t; ++i)
    if (g_tasks[i].state == TaskState::kFree) t = &g_tasks[i];
  for (unsigned i = 0; i < kMaxTasks && !t; ++i)  // reuse a dead one nobody waits for
    if (g_tasks[i].state == TaskState::kDead && g_tasks[i].waiters.empty()) t = &g_tasks[i];
  if (!t) return nullptr;
  memset(t, 0, sizeof *t);
  space_init(&t->space);
  t->id = g_next_task_id++;
  t->state = TaskState::kLive;
  unsigned n = 0;
  for (; name[n] && n + 1 < sizeof t->name; ++n) t->name[n] = name[n];
  t->name[n] = 0;
  ++g_live_tasks;
  return t;
}

Task* task_find(uint32_t id) {
  for (unsigned i = 0; i < kMaxTasks; ++i)
    if (g_tasks[i].state != TaskState::kFree && g_tasks[i].id == id) return &g_tasks[i];
  return nullptr;
}

bool task_add_region(Task* t, uint32_t start, uint32_t end, bool writable, bool demand_zero) {
  if (t->nregions == kMaxRegions) return false;
  t->regions[t->nregions++] = Region{start, end, writable, demand_zero, true, false};
  return true;
}

Task* task_controlled(Task* caller, uint32_t id) {
  if (id == 0 || id == caller->id) return caller;
  Task* t = task_find(id);
  if (!t || t->state != TaskState::kLive || t->parent != caller->id) return nullptr;
  return t;
}

const Region* task_region(const Task* t, uint32_t va) {
  for (unsigned i = 0; i < t->nregions; ++i)
    if (va >= t->regions[i].start && va < t->regions[i].end) return &t->regions[i];
  return nullptr;
}

Thread* task_add_thread(Task* t, uint32_t pc, uint32_t sp, uint32_t a0, uint32_t a1,
                        unsigned priority) {
  Thread* th = thread_alloc(t, priority);
  if (!th) return nullptr;
  TrapFrame* f = th->frame();
  memset(f, 0, sizeof *f);
  f->epc = pc;
  f->sp = sp;
  f->a0 = a0;
  f->a1 = a1;
  // After exception_return's rfe: user mode, interrupts on, the kernel's interrupt mask.
  f->status = (guest::cpu::status() & guest::cpu::kStatusImMask) | guest::cpu::kStatusKUp |
              guest::cpu::kStatusIEp;
  th->ctx.sp = reinterpret_cast<uint32_t>(f) - FF_ARGS;
  th->ctx.ra = reinterpret_cast<uint32_t>(&thread_start_user);
  th->ctx.status = guest::cpu::status() & ~guest::cpu::kStatusIEc;
  th->task_next = t->threads;
  t->threads = th;
  ++t->nthreads;
  return th;
}

namespace {

void unlink_thread(Task* t, Thread* th) {
  for (Thread** p = &t->threads; *p; p = &(*p)->task_next) {
    if (*p == th) {
      *p = th->task_next;
      --t->nthreads;
      return;
    }
  }
}

}  // namespace

void task_terminate(Task* t, int status) {
  if (t->state != TaskState::kLive) return;
  t->state = TaskState::kDead;
  t->exit_status = status;
  --g_live_tasks;
  bool self = false;
  while (Thread* th = t->threads) {
    unlink_thread(t, th);
    exc_thread_gone(th);
    if (th == g_current) { self = true; continue; }
    thread_cancel(th);
  }
  notify_task_gone(t);
  if (Port* p = t->exc_port) {
    t->exc_port = nullptr;
    sright_drop(p);
    port_release(p);
  }
  net_task_ended(t);  // its packet filters, its mapped device
  space_destroy(&t->space);
  pmap_destroy(&t->pmap);
  while (Thread* w = t->waiters.head) wakeup(w, status);
  if (self) {
    g_current->state = ThreadState::kDead;
    schedule();
    panic("a dead thread ran again");
  }
}

void thread_terminate(Thread* th) {
  Task* t = th->task;
  if (t->nthreads == 1) {
    task_terminate(t, 0);
    return;
  }
  unlink_thread(t, th);
  if (th != g_current) {
    exc_thread_gone(th);
    thread_cancel(th);
    return;
  }
  th->state = ThreadState::kDead;
  schedule();
  panic("a dead thread ran again");
}

}  // namespace kern
