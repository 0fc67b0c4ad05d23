// Restartable atomic sequences (Bershad, Redell & Ellis, "Fast Mutual Exclusion for
// Uniprocessors", ASPLOS 1992; Mach 3.0 on the DECstation): the R3000 has no atomic
// read-modify-write, so a user library marks a short load ... store sequence, and the
// kernel restarts a thread stopped inside one from its first instruction. The sequence's
// last instruction is its only store, so a restarted sequence has changed nothing.
#pragma once
#include <stdint.h>

#include "arch/frame.h"

namespace kern {

// kSysRasRegister(start, end): registers [start, end) for the calling task.
int sys_ras_register(uint32_t start, uint32_t end, uint32_t, uint32_t, uint32_t, uint32_t);
// On every exception from user mode (trap()): a PC inside a sequence goes back to its start.
void ras_restart(TrapFrame* f);

}  // namespace kern
