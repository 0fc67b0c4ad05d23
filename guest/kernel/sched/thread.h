// Threads: the unit of scheduling. Each has a 4 KiB kernel stack whose top holds its
// user trap frame (arch/frame.h) and a KContext saved by switch_to while it is not
// running. Kernel threads (the idle thread) have no task.
#pragma once
#include <stdint.h>

#include "arch/frame.h"
#include "queue.h"

namespace kern {

struct Task;
struct Port;

enum class ThreadState : uint8_t { kFree, kRunning, kReady, kBlocked, kDead };

struct Thread {
  KContext ctx;              // first: switch_to's argument
  uint32_t kstack;           // kseg0 base of the kernel stack (KSTACK_SIZE bytes)
  Task* task;                // nullptr for kernel threads
  ThreadState state;
  uint8_t priority;
  uint8_t quantum;           // clock ticks left in the time slice
  uint32_t id;
  Thread* next;              // ThreadQueue links
  Thread* prev;
  ThreadQueue* queue;        // the queue the thread is on, if any
  Thread* task_next;         // the task's thread list
  uint32_t wake_tick;        // nonzero: a blocked thread's time-out; 0 whenever the thread
                             // runs (every wake-up clears it: arch/ipc_fast.S relies on it)
  int wait_result;           // what wakeup() hands to a blocked thread
  // IPC state while blocked in a receive (ipc/msg.cpp).
  uint32_t rcv_buf;          // user address of the receive buffer
  uint32_t rcv_size;
  Port* rcv_port;
  uint32_t rcv_name;         // the receiver's name for rcv_port
  Port* exc_reply;           // while stopped in an exception: the reply port (kern/exception.cpp)

  TrapFrame* frame() const {
    return reinterpret_cast<TrapFrame*>(kstack + KSTACK_SIZE - FF_SIZE);
  }
};

// ThreadQueue's members: inline, they are on the IPC fast path.
inline void ThreadQueue::push(Thread* t) {
  t->next = nullptr;
  t->prev = tail;
  if (tail) tail->next = t; else head = t;
  tail = t;
  t->queue = this;
}

inline Thread* ThreadQueue::pop() {
  Thread* t = head;
  if (t) remove(t);
  return t;
}

inline void ThreadQueue::remove(Thread* t) {
  if (t->prev) t->prev->next = t->next; else head = t->next;
  if (t->next) t->next->prev = t->prev; else tail = t->prev;
  t->next = t->prev = nullptr;
  t->queue = nullptr;
}

}  // namespace kern

extern "C" {
void switch_to(kern::KContext* save, const kern::KContext* load);
void thread_start_user();
extern uint32_t cur_kstack_top;  // the running thread's kernel stack top (vectors.S)
}
