// An intrusive FIFO of threads (the inline members are defined in thread.h) (doubly linked, so a thread can leave any queue in O(1):
// on a time-out, when killed). Used for run queues and every wait queue. A thread on no
// queue has next = prev = nullptr (remove() clears them): arch/ipc_fast.S relies on it.
#pragma once

namespace kern {

struct Thread;

struct ThreadQueue {
  Thread* head = nullptr;
  Thread* tail = nullptr;
  bool empty() const { return head == nullptr; }
  inline void push(Thread* t);
  inline Thread* pop();   // nullptr when empty
  inline void remove(Thread* t);
};

}  // namespace kern
