#include "queue.h"

#include "thread.h"

namespace kern {

void ThreadQueue::push(Thread* t) {
  t->next = nullptr;
  t->prev = tail;
  if (tail) tail->next = t; else head = t;
  tail = t;
  t->queue = this;
}

Thread* ThreadQueue::pop() {
  Thread* t = head;
  if (t) remove(t);
  return t;
}

void ThreadQueue::remove(Thread* t) {
  if (t->prev) t->prev->next = t->next; else head = t->next;
  if (t->next) t->next->prev = t->prev; else tail = t->prev;
  t->next = t->prev = nullptr;
  t->queue = nullptr;
}

}  // namespace kern
