// An intrusive FIFO of threads (doubly linked, so a thread can leave any queue in O(1):
// on a time-out, when killed). Used for run queues and every wait queue.
#pragma once

namespace kern {

struct Thread;

struct ThreadQueue {
  Thread* head = nullptr;
  Thread* tail = nullptr;
  bool empty() const { return head == nullptr; }
  void push(Thread* t);
  Thread* pop();          // nullptr when empty
  void remove(Thread* t);
};

}  // namespace kern
