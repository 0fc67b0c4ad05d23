// Physical page frames (see page.h).
#include "page.h"

#include "kern/klib.h"

namespace kern {
namespace {

uint32_t g_free_head;  // kseg0 address of the first free page; each holds the next
uint32_t g_free_count;

}  // namespace

void page_init(uint32_t first, uint32_t end) {
  first = (first + kPageSize - 1) & ~(kPageSize - 1);
  for (uint32_t p = end - kPageSize; p >= first && p < end; p -= kPageSize) page_free(p);
}

uint32_t page_alloc() {
  const uint32_t p = g_free_head;
  if (!p) return 0;
  g_free_head = *reinterpret_cast<uint32_t*>(p);
  --g_free_count;
  memset(reinterpret_cast<void*>(p), 0, kPageSize);
  return p;
}

void page_free(uint32_t p) {
  *reinterpret_cast<uint32_t*>(p) = g_free_head;
  g_free_head = p;
  ++g_free_count;
}

uint32_t pages_free() { return g_free_count; }

}  // namespace kern
