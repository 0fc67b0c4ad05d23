// Physical page frames: a free list of 4 KiB pages between the end of the kernel image
// and the top of the memory the kernel manages, each with a reference count (the page
// tables and out-of-line messages in transit that hold it: shared memory and
// copy-on-write pages have more than one).
#pragma once
#include <stdint.h>

namespace kern {

// The most memory the kernel manages (the reference counts are a static table).
constexpr uint32_t kMaxManagedBytes = 16u << 20;

void page_init(uint32_t first_kseg0, uint32_t end_kseg0);
uint32_t page_alloc();        // kseg0 address of a zeroed page (1 reference), 0 when none is left
void page_ref(uint32_t kseg0);
void page_unref(uint32_t kseg0);  // frees it with its last reference
uint32_t page_refs(uint32_t kseg0);
uint32_t pages_free();

}  // namespace kern
