// Restartable atomic sequences (ras.h).
#include "task/ras.h"

#include "abi.h"
#include "sched/sched.h"
#include "task/task.h"
#include "vm/pmap.h"

namespace kern {

int sys_ras_register(uint32_t start, uint32_t end, uint32_t, uint32_t, uint32_t, uint32_t) {
  // Word-aligned, in kuseg, and short: a sequence longer than a few instructions has no
  // business being atomic.
  if ((start | end) & 3 || start >= end || end > kUserTop || end - start > kabi::kMaxRasBytes)
    return kabi::kErrInvalidArg;
  Task* t = g_current->task;
  for (unsigned i = 0; i < t->nras; ++i)
    if (t->ras_start[i] == start && t->ras_end[i] == end) return kabi::kOk;  // again: no-op
  if (t->nras == kMaxRas) return kabi::kErrNoSpace;
  t->ras_start[t->nras] = start;
  t->ras_end[t->nras] = end;
  ++t->nras;
  return kabi::kOk;
}

// Called for every exception from user mode, not only those that switch threads: the
// restart is harmless when the thread goes on (the sequence has stored nothing yet), and
// trap() cannot know whether a switch follows. A PC on the branch of a delay slot
// (Cause.BD) is inside the sequence too and restarts it the same way.
void ras_restart(TrapFrame* f) {
  const Task* t = g_current->task;
  for (unsigned i = 0; i < t->nras; ++i)
    if (f->epc - t->ras_start[i] < t->ras_end[i] - t->ras_start[i]) f->epc = t->ras_start[i];
}

}  // namespace kern
