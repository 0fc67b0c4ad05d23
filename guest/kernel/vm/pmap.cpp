// Page tables, ASIDs and the TLB (see pmap.h).
//
// The linear table: PTE of user page vpn at PT_BASE + 4·vpn, so Context (PTEBase = PT_BASE,
// BadVPN set by the CPU on a TLB miss) is the PTE's address and the refill handler needs
// one load (arch/vectors.S). Every task uses the same kseg2 window; its mappings are
// tagged with the task's ASID (not global), so an address-space switch is one write of
// EntryHi and no flush. A miss on the window itself (a "double miss") is handled by
// trap() with pmap_map_ptpage(). The kernel reaches page tables and user pages through
// kseg0 only (pmap_kaddr), never through kuseg, so it takes no TLB misses itself.
#include "pmap.h"

#include "arch/frame.h"
#include "kern/klib.h"
#include "mips.h"
#include "page.h"

namespace kern {

uint32_t g_asid_gen = 1;
Pmap* g_active_pmap;

namespace {

constexpr unsigned kAsidCount = 64;  // EntryHi.PID: 6 bits; 0 is the kernel's
constexpr unsigned kAsidShift = 6;
unsigned g_next_asid = 1;

uint32_t entryhi(const Pmap* p, uint32_t va) { return (va & ~0xfffu) | (p->asid << kAsidShift); }

}  // namespace

void pmap_init() {
  guest::cpu::mtc0<guest::cpu::kContext>(PT_BASE);
  guest::cpu::mtc0<guest::cpu::kEntryHi>(0);
  tlb_flush_all();
}

void pmap_new_asid(Pmap* p) {
  if (g_next_asid == kAsidCount) {  // all handed out: start a new generation
    tlb_flush_all();
    ++g_asid_gen;
    g_next_asid = 1;
  }
  p->asid = static_cast<uint8_t>(g_next_asid++);
  p->asid_gen = g_asid_gen;
}

uint32_t* pmap_pte(Pmap* p, uint32_t va, bool create) {
  if (va >= kUserTop) return nullptr;
  const unsigned top = va >> 22;
  if (!p->ptpages[top]) {
    if (!create) return nullptr;
    const uint32_t page = page_alloc();
    if (!page) return nullptr;
    p->ptpages[top] = reinterpret_cast<uint32_t*>(page);
  }
  return p->ptpages[top] + ((va >> kPageShift) & 1023);
}

bool pmap_enter(Pmap* p, uint32_t va, uint32_t page, bool writable) {
  uint32_t* pte = pmap_pte(p, va, true);
  if (!pte) return false;
  *pte = kseg0_to_phys(page) | kPteV | (writable ? kPteD : 0);
  return true;
}

void pmap_tlb_load(Pmap* p, uint32_t va) {
  if (p != g_active_pmap || p->asid_gen != g_asid_gen) return;
  const uint32_t* pte = pmap_pte(p, va, false);
  if (pte) tlb_update(entryhi(p, va), *pte);
}

void pmap_tlb_invalidate(Pmap* p, uint32_t va) {
  if (p->asid_gen == g_asid_gen) tlb_invalidate(entryhi(p, va));
}

bool pmap_map_ptpage(Pmap* p, uint32_t pte_addr) {
  const unsigned top = (pte_addr - PT_BASE) >> kPageShift;
  if (top >= kPtPages || !p->ptpages[top]) return false;
  tlb_update(entryhi(p, pte_addr),
             kseg0_to_phys(reinterpret_cast<uint32_t>(p->ptpages[top])) | kPteV);
  return true;
}

void pmap_destroy(Pmap* p) {
  for (unsigned top = 0; top < kPtPages; ++top) {
    uint32_t* pt = p->ptpages[top];
    if (!pt) continue;
    for (unsigned i = 0; i < 1024; ++i)
      if (pt[i] & ~0xfffu) page_unref(phys_to_kseg0(pt[i] & ~0xfffu));
    page_unref(reinterpret_cast<uint32_t>(pt));
    p->ptpages[top] = nullptr;
  }
  // Its TLB entries carry an ASID that is not handed out again in this generation.
  p->asid_gen = 0;
  if (g_active_pmap == p) g_active_pmap = nullptr;
}

}  // namespace kern
