// The scheduler: 32 priorities (31 highest), FIFO round robin within a priority, a time
// slice of kQuantumTicks clock ticks, preemption when a higher-priority thread becomes
// ready (at the next return to user mode), and the idle thread when nothing is ready.
// The kernel itself is not preemptible: it runs with interrupts off, except in the idle
// loop.
#pragma once
#include <stdint.h>

#include "thread.h"

namespace kern {

constexpr unsigned kQuantumTicks = 2;  // 2 × 3.9 ms at the 256 Hz clock

extern Thread* g_current;
extern volatile bool g_need_resched;
extern volatile uint32_t g_ticks;

void sched_init();                    // the boot context becomes the idle thread
Thread* thread_alloc(Task* task, unsigned priority);  // nullptr when none is free
void thread_free(Thread* t);
[[noreturn]] void idle_loop();

void make_ready(Thread* t);           // onto its run queue (tail)
void schedule();                      // the current thread has left kRunning: run another
void yield();                         // round robin: to the tail of its queue
void preempt_if_needed();             // at a return to user mode
// Hand the processor straight to `to` (ready or blocked-and-being-woken), the current
// thread having blocked: no run-queue traffic, `to` gets the rest of the time slice.
void handoff(Thread* to);

// Block the current thread on `q` (or on nothing, for a sleep) until wakeup() or the
// time-out (ticks, 0 = none), and return the wake-up result (kabi::kErrTimedOut on
// time-out).
int block(ThreadQueue* q, uint32_t timeout_ticks);
void wakeup(Thread* t, int result);   // a blocked thread becomes ready with `result`
void clock_tick();                    // the clock interrupt
uint32_t ms_to_ticks(uint32_t ms);

}  // namespace kern

namespace kern {
// Take a thread that is not running off whatever queue it is on and free it.
void thread_cancel(Thread* t);
// Take a ready thread off its run queue (it stays allocated; make_ready or handoff next).
void thread_cancel_ready(Thread* t);
// The live user thread with this id, or nullptr.
Thread* thread_find(uint32_t id);
}  // namespace kern
