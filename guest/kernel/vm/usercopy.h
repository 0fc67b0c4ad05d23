// Copies between kernel memory and a task's user memory, and between two tasks, through
// the page tables and kseg0 (the kernel never dereferences a kuseg address, so it takes
// no TLB misses). Demand-zero pages are created as they are touched; false when some
// page is outside the task's regions or not writable for a copy into it.
#pragma once
#include <stdint.h>

namespace kern {

struct Task;

bool copyin(Task* t, uint32_t uva, void* dst, uint32_t len);
bool copyout(Task* t, uint32_t uva, const void* src, uint32_t len);
// Every page of [uva, uva + len) readable (demand-zero pages are created).
bool user_readable(Task* t, uint32_t uva, uint32_t len);
bool copy_between(Task* from, uint32_t fva, Task* to, uint32_t tva, uint32_t len);
// Resolve a fault at va (a TLB miss or invalid entry on a demand-zero page): false if
// the access is not allowed. Loads the TLB for the current task.
bool vm_fault(Task* t, uint32_t va, bool write);

}  // namespace kern
