// Virtual memory operations on a task's address space (its regions and page table):
// allocate, deallocate, protect, share with another task, and the page moves of
// out-of-line message regions (copy-on-write). Every call checks its whole range before
// changing anything; errors are kabi codes.
#pragma once
#include <stdint.h>

namespace kern {

struct Task;

constexpr uint32_t kVmAnywhereBase = 0x20000000;  // where "anywhere" allocations start
constexpr uint32_t kOolMaxPages = 16;             // one out-of-line region: at most 64 KiB

// A new demand-zero, writable region of `size` bytes (rounded up to pages) at addr (page
// aligned) or, with anywhere, wherever there is room; *out = its address.
int vm_allocate(Task* t, uint32_t addr, uint32_t size, bool anywhere, uint32_t* out);
// Remove [addr, addr + size) (page aligned; may be partly unmapped) and free its pages.
int vm_deallocate(Task* t, uint32_t addr, uint32_t size);
// Change the protection (kabi::kProt*) of [addr, addr + size), all of which must be mapped.
int vm_protect(Task* t, uint32_t addr, uint32_t size, uint32_t prot);
// Map [addr, addr + size) of `from` (all mapped) into `to` at to_addr (or anywhere when
// to_addr is 0) as shared memory: both see the same frames; *out = the address in `to`.
int vm_share(Task* from, uint32_t addr, uint32_t size, Task* to, uint32_t to_addr, uint32_t* out);

// Out-of-line regions. vm_ool_check: [addr, addr + size) may be sent (page-aligned
// address, 0 < size <= 64 KiB, every page in a readable region). vm_ool_copyin: take
// the pages as `frames` (one reference each): private pages are shared copy-on-write
// (the sender's mapping becomes read-only until either side writes), pages of a shared
// region are copied; with dealloc the range is then removed from the sender, so the
// frames move without any copy. vm_ool_copyout: map the frames into `to` anywhere
// (consuming their references) and give the address, or 0 and discard them.
bool vm_ool_check(Task* t, uint32_t addr, uint32_t size);
bool vm_ool_copyin(Task* t, uint32_t addr, uint32_t size, bool dealloc, uint32_t* frames);
uint32_t vm_ool_copyout(Task* to, const uint32_t* frames, uint32_t size);
void vm_ool_discard(const uint32_t* frames, uint32_t size);
inline uint32_t vm_pages(uint32_t size) { return (size + 4095) >> 12; }

}  // namespace kern
