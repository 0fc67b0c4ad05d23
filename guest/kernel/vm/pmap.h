// Address spaces: one linear page table per task, 512 K PTEs for the 2 GiB of kuseg,
// seen by the UTLB refill handler at PT_BASE in kseg2 (Context.PTEBase) and built by the
// kernel through kseg0 one 4 KiB page-table page at a time (a task's `ptpages` root).
// The PTE word is the R3000 EntryLo (PFN | N | D | V | G); a nonzero PFN means the page
// has a frame (physical page 0 is the PROM's, never a user page), whether V is set (the
// page is accessible) or not (vm_protect to no access). 6-bit ASIDs (EntryHi.PID),
// handed out lazily and all reclaimed at once by a TLB flush when they run out.
#pragma once
#include <stdint.h>

namespace kern {

constexpr uint32_t kPteG = 1u << 8, kPteV = 1u << 9, kPteD = 1u << 10, kPteN = 1u << 11;
constexpr uint32_t kUserTop = 0x80000000;
constexpr unsigned kPtPages = 512;  // 2 GiB / 4 MiB mapped by each page-table page

struct Pmap {
  uint32_t* ptpages[kPtPages];  // kseg0 address of each page-table page, or nullptr
  uint8_t asid;                 // valid while asid_gen == the current generation
  uint32_t asid_gen;
};

void pmap_init();                        // Context, ASID 0, an empty TLB
void pmap_new_asid(Pmap* p);             // an ASID in the current generation (may flush)
extern uint32_t g_asid_gen;
extern Pmap* g_active_pmap;
// Make p the current address space: one write of EntryHi (the PID), no flush.
inline void pmap_activate(Pmap* p) {
  if (p->asid_gen != g_asid_gen) pmap_new_asid(p);
  g_active_pmap = p;
  asm volatile(".set push\n\t.set noreorder\n\tmtc0 %0, $10\n\tnop\n\t.set pop"
               :: "r"(static_cast<uint32_t>(p->asid) << 6) : "memory");
}
// The PTE slot of va (kuseg), creating its page-table page when `create`; nullptr if
// there is none (or no memory for one).
uint32_t* pmap_pte(Pmap* p, uint32_t va, bool create);
// Map va to the frame; false when there is no memory for its page table.
bool pmap_enter(Pmap* p, uint32_t va, uint32_t kseg0_page, bool writable);
// Load the TLB with va's translation now (after a fault was resolved, current space only).
void pmap_tlb_load(Pmap* p, uint32_t va);
// Drop va's translation from the TLB (any address space: the entry carries p's ASID).
void pmap_tlb_invalidate(Pmap* p, uint32_t va);
// Map the page-table page holding kseg2 address `pte_addr` (a double miss). False when
// that page-table page does not exist.
bool pmap_map_ptpage(Pmap* p, uint32_t pte_addr);
// Free every page and page-table page; the ASID is retired (never reused before a flush).
void pmap_destroy(Pmap* p);
// The kernel (kseg0) pointer to user address va in p, valid to the end of its page, or
// nullptr when not mapped (with write: not writable).
inline uint8_t* pmap_kaddr(Pmap* p, uint32_t va, bool write) {
  if (va >= kUserTop) return nullptr;
  const uint32_t* pt = p->ptpages[va >> 22];
  if (!pt) return nullptr;
  const uint32_t pte = pt[(va >> 12) & 1023];
  if (!(pte & kPteV) || (write && !(pte & kPteD))) return nullptr;
  return reinterpret_cast<uint8_t*>(((pte & ~0xfffu) | (va & 0xfff)) | 0x80000000u);
}

}  // namespace kern

extern "C" {
void tlb_flush_all();
void tlb_update(uint32_t entryhi, uint32_t entrylo);
void tlb_invalidate(uint32_t entryhi);
}
