// Physical page frames: a free list of 4 KiB pages between the end of the kernel image
// and the top of the memory the kernel manages.
#pragma once
#include <stdint.h>

namespace kern {

void page_init(uint32_t first_kseg0, uint32_t end_kseg0);
uint32_t page_alloc();        // kseg0 address of a zeroed page, or 0 when none is left
void page_free(uint32_t kseg0);
uint32_t pages_free();

}  // namespace kern
