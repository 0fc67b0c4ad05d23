// Virtual memory operations (see vm.h). A task's address space is its list of regions
// (task/task.h: what it may touch, with what protection) and its page table (which pages
// have frames); these calls edit both, and drop the TLB entries of every page they change
// (the TLB is tagged with the task's ASID, so this works for tasks not running now).
#include "vm.h"

#include "abi.h"
#include "kern/klib.h"
#include "page.h"
#include "pmap.h"
#include "task/task.h"
#include "usercopy.h"

namespace kern {
namespace {

using namespace kabi;

bool page_aligned(uint32_t a) { return (a & (kPageSize - 1)) == 0; }
uint32_t round_up(uint32_t size) { return (size + kPageSize - 1) & ~(kPageSize - 1); }
bool range_ok(uint32_t addr, uint32_t size) {
  return page_aligned(addr) && size && size <= kUserTop && addr < kUserTop &&
         round_up(size) <= kUserTop - addr;
}

// Is [a, b) covered by regions without a gap (and, with need_read, all readable)?
bool covered(const Task* t, uint32_t a, uint32_t b, bool need_read) {
  while (a < b) {
    const Region* r = task_region(t, a);
    if (!r || (need_read && !r->readable)) return false;
    a = r->end;
  }
  return true;
}

bool overlaps(const Task* t, uint32_t a, uint32_t b) {
  for (unsigned i = 0; i < t->nregions; ++i)
    if (t->regions[i].start < b && a < t->regions[i].end) return true;
  return false;
}

// Region boundaries at a and b need this many new slots.
unsigned splits_needed(const Task* t, uint32_t a, uint32_t b) {
  unsigned n = 0;
  for (unsigned i = 0; i < t->nregions; ++i) {
    const Region& r = t->regions[i];
    n += r.start < a && a < r.end;
    n += r.start < b && b < r.end;
  }
  return n;
}

// Split the region containing va (strictly inside) in two; a slot must be free.
void split_at(Task* t, uint32_t va) {
  for (unsigned i = 0; i < t->nregions; ++i) {
    Region& r = t->regions[i];
    if (r.start < va && va < r.end) {
      Region hi = r;
      hi.start = va;
      r.end = va;
      t->regions[t->nregions++] = hi;
      return;
    }
  }
}

// The first gap of `size` bytes at or above kVmAnywhereBase, or 0.
uint32_t find_space(const Task* t, uint32_t size) {
  uint32_t a = kVmAnywhereBase;
  for (;;) {
    if (a >= kStackBottom || size > kStackBottom - a) return 0;
    bool moved = false;
    for (unsigned i = 0; i < t->nregions; ++i) {
      const Region& r = t->regions[i];
      if (r.start < a + size && a < r.end) { a = r.end; moved = true; }
    }
    if (!moved) return a;
  }
}

// The PTE a page should have for its region: V when readable, D when writable and not
// copy-on-write (a private frame someone else also holds).
uint32_t pte_for(const Region* r, uint32_t frame_phys) {
  uint32_t pte = frame_phys;
  if (r->readable) pte |= kPteV;
  if (r->writable && r->readable && (r->shared || page_refs(phys_to_kseg0(frame_phys)) == 1))
    pte |= kPteD;
  return pte;
}

void unmap_page(Task* t, uint32_t va) {
  uint32_t* pte = pmap_pte(&t->pmap, va, false);
  if (!pte || !(*pte & ~0xfffu)) return;
  page_unref(phys_to_kseg0(*pte & ~0xfffu));
  *pte = 0;
  pmap_tlb_invalidate(&t->pmap, va);
}

// The frame of va in t, created (demand zero) if needed: kseg0 address or 0.
uint32_t frame_of(Task* t, uint32_t va) {
  const uint32_t* pte = pmap_pte(&t->pmap, va, false);
  if (!pte || !(*pte & ~0xfffu)) {
    if (!vm_fault(t, va, false)) return 0;
    pte = pmap_pte(&t->pmap, va, false);
  }
  return phys_to_kseg0(*pte & ~0xfffu);
}

}  // namespace

bool vm_fault(Task* t, uint32_t va, bool write) {
  const Region* r = task_region(t, va);
  if (!r || !r->readable || (write && !r->writable)) return false;
  uint32_t* pte = pmap_pte(&t->pmap, va, true);
  if (!pte) return false;
  const uint32_t frame = *pte & ~0xfffu;
  if (!frame) {
    if (!r->demand_zero) return false;
    const uint32_t page = page_alloc();
    if (!page) return false;
    *pte = pte_for(r, kseg0_to_phys(page));
  } else if (write && !(*pte & kPteD)) {
    // Copy on write: a private page someone else still holds gets a copy of its own.
    if (!r->shared && page_refs(phys_to_kseg0(frame)) > 1) {
      const uint32_t page = page_alloc();
      if (!page) return false;
      memcpy(reinterpret_cast<void*>(page), reinterpret_cast<void*>(phys_to_kseg0(frame)), kPageSize);
      page_unref(phys_to_kseg0(frame));
      *pte = kseg0_to_phys(page);
    }
    *pte = pte_for(r, *pte & ~0xfffu);
    pmap_tlb_invalidate(&t->pmap, va & ~0xfffu);  // the read-only entry
  } else {
    *pte = pte_for(r, frame);
  }
  pmap_tlb_load(&t->pmap, va & ~0xfffu);
  return true;
}

int vm_allocate(Task* t, uint32_t addr, uint32_t size, bool anywhere, uint32_t* out) {
  if (!size || size > kStackBottom) return kErrInvalidArg;
  size = round_up(size);
  if (anywhere) {
    addr = find_space(t, size);
    if (!addr) return kErrNoSpace;
  } else if (!range_ok(addr, size) || overlaps(t, addr, addr + size)) {
    return kErrInvalidAddress;
  }
  if (!task_add_region(t, addr, addr + size, true, true)) return kErrNoSpace;
  *out = addr;
  return kOk;
}

int vm_deallocate(Task* t, uint32_t addr, uint32_t size) {
  if (!range_ok(addr, size)) return kErrInvalidAddress;
  const uint32_t end = addr + round_up(size);
  if (t->nregions + splits_needed(t, addr, end) > kMaxRegions) return kErrNoSpace;
  split_at(t, addr);
  split_at(t, end);
  for (unsigned i = 0; i < t->nregions;) {
    const Region& r = t->regions[i];
    if (r.start >= addr && r.end <= end) {
      for (uint32_t va = r.start; va < r.end; va += kPageSize) unmap_page(t, va);
      t->regions[i] = t->regions[--t->nregions];
    } else {
      ++i;
    }
  }
  return kOk;
}

int vm_protect(Task* t, uint32_t addr, uint32_t size, uint32_t prot) {
  if (prot & ~(kProtRead | kProtWrite)) return kErrInvalidArg;
  if (!range_ok(addr, size)) return kErrInvalidAddress;
  const uint32_t end = addr + round_up(size);
  if (!covered(t, addr, end, false)) return kErrInvalidAddress;
  if (t->nregions + splits_needed(t, addr, end) > kMaxRegions) return kErrNoSpace;
  split_at(t, addr);
  split_at(t, end);
  for (unsigned i = 0; i < t->nregions; ++i) {
    Region& r = t->regions[i];
    if (r.start < addr || r.end > end) continue;
    r.readable = prot != kProtNone;  // MIPS pages cannot be write-only: write implies read
    r.writable = prot & kProtWrite;
    for (uint32_t va = r.start; va < r.end; va += kPageSize) {
      uint32_t* pte = pmap_pte(&t->pmap, va, false);
      if (!pte || !(*pte & ~0xfffu)) continue;
      *pte = pte_for(&r, *pte & ~0xfffu);
      pmap_tlb_invalidate(&t->pmap, va);
    }
  }
  return kOk;
}

int vm_share(Task* from, uint32_t addr, uint32_t size, Task* to, uint32_t to_addr, uint32_t* out) {
  if (!range_ok(addr, size)) return kErrInvalidAddress;
  size = round_up(size);
  const uint32_t end = addr + size;
  if (!covered(from, addr, end, true)) return kErrInvalidAddress;
  if (to_addr == 0) {
    to_addr = find_space(to, size);
    if (!to_addr) return kErrNoSpace;
  } else if (!range_ok(to_addr, size) || overlaps(to, to_addr, to_addr + size)) {
    return kErrInvalidAddress;
  }
  const unsigned need_to = to == from ? splits_needed(from, addr, end) + 1 : 1;
  if (from->nregions + splits_needed(from, addr, end) > kMaxRegions ||
      to->nregions + need_to > kMaxRegions)
    return kErrNoSpace;
  for (uint32_t off = 0; off < size; off += kPageSize)  // the page tables, while we may fail
    if (!pmap_pte(&to->pmap, to_addr + off, true)) return kErrNoSpace;
  // Every page gets a frame of its own first (demand zero, copy on write resolved), so
  // both tasks see the same frames from now on.
  bool writable = true;
  for (uint32_t va = addr; va < end; va += kPageSize) {
    const Region* r = task_region(from, va);
    writable = writable && r->writable;
    if (!vm_fault(from, va, r->writable)) return kErrNoSpace;
  }
  split_at(from, addr);
  split_at(from, end);
  for (unsigned i = 0; i < from->nregions; ++i)
    if (from->regions[i].start >= addr && from->regions[i].end <= end) from->regions[i].shared = true;
  task_add_region(to, to_addr, to_addr + size, writable, false);
  Region* r = &to->regions[to->nregions - 1];
  r->shared = true;
  for (uint32_t off = 0; off < size; off += kPageSize) {
    const uint32_t frame = frame_of(from, addr + off);
    page_ref(frame);
    *pmap_pte(&to->pmap, to_addr + off, false) = pte_for(r, kseg0_to_phys(frame));
  }
  *out = to_addr;
  return kOk;
}

bool vm_ool_check(Task* t, uint32_t addr, uint32_t size) {
  return size && size <= kOolMaxPages * kPageSize && range_ok(addr, size) &&
         covered(t, addr, addr + round_up(size), true);
}

bool vm_ool_copyin(Task* t, uint32_t addr, uint32_t size, bool dealloc, uint32_t* frames) {
  const uint32_t n = vm_pages(size);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t va = addr + i * kPageSize;
    const uint32_t frame = frame_of(t, va);
    const Region* r = task_region(t, va);
    if (!frame) {  // out of memory: give back what was taken
      vm_ool_discard(frames, i * kPageSize);
      return false;
    }
    if (r->shared && !dealloc) {  // the sharers go on writing it: copy
      const uint32_t page = page_alloc();
      if (!page) {
        vm_ool_discard(frames, i * kPageSize);
        return false;
      }
      memcpy(reinterpret_cast<void*>(page), reinterpret_cast<void*>(frame), kPageSize);
      frames[i] = page;
      continue;
    }
    page_ref(frame);
    frames[i] = frame;
    if (r->shared) continue;
    // Copy on write: the sender's mapping loses D until it writes (vm_fault copies then).
    uint32_t* pte = pmap_pte(&t->pmap, va, false);
    if (*pte & kPteD) {
      *pte &= ~kPteD;
      pmap_tlb_invalidate(&t->pmap, va);
    }
  }
  // Moved: the sender's mapping goes, leaving the message the only holder. (When no
  // region slot is left for the split, the sender keeps its copy-on-write view.)
  if (dealloc) vm_deallocate(t, addr, size);
  return true;
}

uint32_t vm_ool_copyout(Task* to, const uint32_t* frames, uint32_t size) {
  const uint32_t bytes = round_up(size);
  const uint32_t addr = find_space(to, bytes);
  if (!addr || !task_add_region(to, addr, addr + bytes, true, false)) {
    vm_ool_discard(frames, size);
    return 0;
  }
  const Region* r = &to->regions[to->nregions - 1];
  for (uint32_t i = 0; i < vm_pages(size); ++i) {
    uint32_t* pte = pmap_pte(&to->pmap, addr + i * kPageSize, true);
    if (!pte) {  // no memory for a page table: the rest is lost, the region stays
      vm_ool_discard(frames + i, size - i * kPageSize);
      break;
    }
    *pte = pte_for(r, kseg0_to_phys(frames[i]));
  }
  return addr;
}

void vm_ool_discard(const uint32_t* frames, uint32_t size) {
  for (uint32_t i = 0; i < vm_pages(size); ++i) page_unref(frames[i]);
}

}  // namespace kern
