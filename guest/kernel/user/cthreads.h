// C-Threads for the guest kernel's user programs (after Cooper & Draves, "C Threads",
// CMU 1988, and Mach 3.0's libthreads): user threads ("cthreads") multiplexed on a pool
// of kernel threads, with mutexes and conditions that hand off without entering the
// kernel, and the option to wire a cthread to a kernel thread of its own.
// README "Threads: the C-Threads library" describes the model; in short:
//  * A cthread runs until it blocks (mutex, condition, join), yields or exits: there is
//    no time slicing among the cthreads of one kernel thread (the kernel time-slices the
//    kernel threads). A cthread that makes a blocking system call (a receive, a sleep)
//    holds its kernel thread meanwhile: give the pool enough kernel threads
//    (cthread_kernel_threads) or wire such a thread.
//  * One lock, taken with a restartable atomic sequence (kSysRasRegister), guards the
//    library's queues; a kernel thread that finds it held yields to its holder.
//  * main() is a cthread too; its return ends the task (join the others first).
#pragma once
#include <stdint.h>

struct cthread;
using cthread_t = cthread*;
using cthread_fn = uint32_t (*)(uint32_t arg);

// A cthread waiting for a mutex or condition is queued here (FIFO).
struct cthread_queue {
  cthread* head = nullptr;
  cthread* tail = nullptr;
};

struct mutex {
  cthread_queue waiters;
  bool held = false;
};

struct condition {
  cthread_queue waiters;
};

// A new cthread running fn(arg), ready at once; nullptr when out of memory.
cthread_t cthread_fork(cthread_fn fn, uint32_t arg);
// Wait for t to end and return what its function returned (or passed to cthread_exit);
// t is gone afterwards. Each cthread is joined once, or detached.
uint32_t cthread_join(cthread_t t);
void cthread_detach(cthread_t t);  // nobody will join t: it is freed when it ends
[[noreturn]] void cthread_exit(uint32_t result);
void cthread_yield();              // to another ready cthread, or to the kernel if none
cthread_t cthread_self();
// Bind the calling cthread to the kernel thread running it, for good: when it blocks,
// that kernel thread blocks in the kernel (on its wait port) and is woken by a message,
// instead of running other cthreads. The pool gets a new kernel thread if it would
// otherwise shrink below its size. Returns 0 or a kernel error.
int cthread_wire();
// Grow the pool of (unwired) kernel threads to n; returns 0 or a kernel error.
int cthread_kernel_threads(unsigned n);
// The kernel thread id running the caller (kabi::kInfoThreadId, without a system call).
uint32_t cthread_kernel_thread();

void mutex_lock(mutex* m);
bool mutex_try_lock(mutex* m);
void mutex_unlock(mutex* m);  // hands the mutex to its first waiter, if any

// Atomically release m and wait; m is held again on return. Mesa semantics: recheck.
void condition_wait(condition* c, mutex* m);
void condition_signal(condition* c);     // wake the first waiter, if any
void condition_broadcast(condition* c);  // wake every waiter

// For tests: counts since the task started (the library's own, not the kernel's).
struct cthread_stats {
  uint32_t switches;       // user-level context switches between cthreads
  uint32_t kernel_wakeups; // messages sent to wake a kernel thread (idle or wired)
  uint32_t lock_yields;    // times a kernel thread found the library lock held
  uint32_t kernel_threads; // kernel threads created for the pool (main's included)
};
cthread_stats cthread_statistics();
