// Physical page frames (see page.h).
#include "page.h"

#include "kern/klib.h"

namespace kern {
namespace {

uint32_t g_free_head;  // kseg0 address of the first free page; each holds the next
uint32_t g_free_count;
uint16_t g_refs[kMaxManagedBytes / kPageSize];  // by physical page number

uint16_t& refs(uint32_t p) { return g_refs[kseg0_to_phys(p) >> kPageShift]; }

void push_free(uint32_t p) {
  *reinterpret_cast<uint32_t*>(p) = g_free_head;
  g_free_head = p;
  ++g_free_count;
}

}  // namespace

void page_init(uint32_t first, uint32_t end) {
  first = (first + kPageSize - 1) & ~(kPageSize - 1);
  if (kseg0_to_phys(end) > kMaxManagedBytes) end = phys_to_kseg0(kMaxManagedBytes);
  for (uint32_t p = end - kPageSize; p >= first && p < end; p -= kPageSize) push_free(p);
}

uint32_t page_alloc() {
  const uint32_t p = g_free_head;
  if (!p) return 0;
  g_free_head = *reinterpret_cast<uint32_t*>(p);
  --g_free_count;
  memset(reinterpret_cast<void*>(p), 0, kPageSize);
  refs(p) = 1;
  return p;
}

void page_ref(uint32_t p) { ++refs(p); }

void page_unref(uint32_t p) {
  uint16_t& r = refs(p);
  if (r == 0) panic("page_unref: page 0x%08x is free", static_cast<unsigned>(p));
  if (--r == 0) push_free(p);
}

uint32_t page_refs(uint32_t p) { return refs(p); }

uint32_t pages_free() { return g_free_count; }

}  // namespace kern
