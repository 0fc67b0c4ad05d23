// Tasks: an address space (pmap and regions), a port name space, and threads.
#pragma once
#include <stdint.h>

#include "ipc/space.h"
#include "sched/queue.h"
#include "vm/pmap.h"

namespace kern {

struct Thread;
struct Port;

// A range of kuseg the task may touch: pages are present (loaded) or, with demand_zero,
// created zero-filled on the first touch. A shared region's frames are mapped into other
// tasks too (vm_share): written in place, never copied on write.
struct Region {
  uint32_t start, end;  // page aligned, end exclusive
  bool writable;
  bool demand_zero;
  bool readable;        // false: vm_protect(.., kProtNone): every access faults
  bool shared;
};
constexpr unsigned kMaxRegions = 16;
constexpr uint32_t kStackBottom = 0x7ff00000;  // every task's 1 MiB stack region: up to kUserTop
constexpr unsigned kEmulationVector = 256;  // Unix system calls 0..255 (task_set_emulation)
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
  uint32_t parent;         // the id of the task that spawned it (0: the kernel)
  Port* exc_port;          // where its exceptions go (a send right the kernel holds), or nullptr
  uint32_t emulation[kEmulationVector];  // task_set_emulation: user entry per Unix call, or 0
  // Restartable atomic sequences (task/ras.cpp): [start, end) in kuseg.
  uint32_t ras_start[kMaxRas], ras_end[kMaxRas];
  unsigned nras;
};

constexpr unsigned kMaxTasks = 16;
extern unsigned g_live_tasks;

Task* task_create(const char* name);               // empty address space and name space
Task* task_find(uint32_t id);
bool task_add_region(Task* t, uint32_t start, uint32_t end, bool writable, bool demand_zero);
// The task the caller may operate on by id: itself (id 0 or its own) or one it spawned
// (the simplified stand-in for Mach's task ports: a parent controls its children, e.g. as
// their debugger or exception handler). nullptr: no such live task, or not allowed.
Task* task_controlled(Task* caller, uint32_t id);
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
