// Tasks: an address space (pmap and regions), a port name space, and threads.
#pragma once
#include <stdint.h>

#include "ipc/space.h"
#include "sched/queue.h"
#include "vm/pmap.h"

namespace kern {

struct Thread;

// A range of kuseg the task may touch: pages are present (loaded) or, with demand_zero,
// created zero-filled on the first touch.
struct Region {
  uint32_t start, end;  // page aligned, end exclusive
  bool writable;
  bool demand_zero;
};
constexpr unsigned kMaxRegions = 8;
constexpr unsigned kMaxRas = 4;  // restartable atomic sequences per task (task/ras.cpp)

enum class TaskState : uint8_t { kFree, kLive, kDead };

struct Task {
  Pmap pmap;
  Region regions[kMaxRegions];
  unsigned nregions;
  Space space;
  Thread* threads;         // list through Thread::task_next
  unsigned nthreads;
  uint32_t id;
  TaskState state;
  int exit_status;
  ThreadQueue waiters;     // threads in task_wait for this task
  char name[24];
  // Restartable atomic sequences (task/ras.cpp): [start, end) in kuseg.
  uint32_t ras_start[kMaxRas], ras_end[kMaxRas];
  unsigned nras;
};

constexpr unsigned kMaxTasks = 16;
extern unsigned g_live_tasks;

Task* task_create(const char* name);               // empty address space and name space
Task* task_find(uint32_t id);
bool task_add_region(Task* t, uint32_t start, uint32_t end, bool writable, bool demand_zero);
const Region* task_region(const Task* t, uint32_t va);
// Create a user thread in t starting at pc with sp and a0/a1.
Thread* task_add_thread(Task* t, uint32_t pc, uint32_t sp, uint32_t a0, uint32_t a1,
                        unsigned priority);
// End the task: its threads die, its rights are released (ports it receives on die), its
// memory is freed, waiters are woken. May be called for the current task (then it does
// not return).
void task_terminate(Task* t, int status);
void thread_terminate(Thread* th);                 // one thread (the task ends with the last)

// Load the embedded program `image` into a new task with one thread at priority prio,
// a0 = arg; the thread is not ready yet (its caller may give it rights, set a1, then
// make_ready(t->threads)). nullptr: no such image, or no memory.
Task* task_spawn(const char* image, uint32_t arg, unsigned prio);
void images_list();                                // print the embedded program names
bool image_exists(const char* name);

}  // namespace kern
