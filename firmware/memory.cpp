// Memory sizing and the memory bitmap, as DEC PROMs provide them.
//
// Sizing. KN01 RAM comes in 4 MiB steps up to 24 MiB, and a read above the fitted RAM is a
// bus error (decstation-memory-maps.md §1.1, §1.5; Linux arch/mips/dec/prom/memory.c
// probes the same way). KN02 RAM comes in 8 MiB modules (15 slots, up to 480 MiB; §2.1);
// the KN02 PROM "sizes memory by aliasing tests" (NetBSD port-pmax list, in §2.1). We do
// both in each step of the board's module size: the first word of the step is read with
// bus errors trapped through the BEV vector (start.S prom_probe_read), then a pattern is
// written there and must read back while the pattern at address 0 survives (an empty KN02
// slot that floats or aliases fails here even without a bus error). Only a word that
// answered a read is ever written, so a KN01 never takes an asynchronous write-timeout
// interrupt. The words are restored: the netbooted kernel is already in memory.
// Decision: KN02 sizing stays in 8 MiB steps and does not program the CSR's 32 MiB bank
// stride (BNK32M): our model's RAM is contiguous from 0 whatever modules it stands for.
//
// Bitmap: {int pagesize = 4096; u8 bitmap[]}, 1 bit per page, 1 = usable, bit i%8 of byte
// i/8 for page i (dz-rtc-prom.md §3.2). Decision (research in README "Boot protocol"):
// every page that passed sizing is marked usable, the ROM's work area and the netbooted
// kernel included. The bitmap tells the OS which memory exists and works; the OS keeps
// out of what it still needs (Linux frees "unused PROM memory" from page 1 up to its
// _text only after its last PROM call, prom_free_prom_memory(); NetBSD's memsize_bitmap
// and Linux's rex_setup_memory_region treat any non-0xff byte as a hole, and both would
// lose low memory altogether if the ROM marked it). getbitmap returns the bitmap bytes
// that cover the memory found (NetBSD uses the return value times 8 as the page count).
// Old PROMs publish the same through the variables `bitmap` (address of the bytes) and
// `bitmaplen` (in 32-bit words: NetBSD promcall.c multiplies it by 4).
#include "prom.h"

namespace {

struct MemMap {
  int pagesize;
  u8 bitmap[PROM_MEMMAP_MAX_BYTES];
};
MemMap* memmap() { return reinterpret_cast<MemMap*>(PROM_MEMMAP); }

volatile u32* word_at(u32 phys) { return reinterpret_cast<volatile u32*>(0xa0000000u | phys); }

}  // namespace

u32 size_memory() {
  const bool kn02 = board() == kBoardKn02;
  const u32 step = (kn02 ? 8u : 4u) << 20;
  const u32 limit = (kn02 ? 480u : 24u) << 20;
  volatile u32* base = word_at(0);
  const u32 saved0 = *base;
  const u32 marker0 = 0xa5a50000u;
  *base = marker0;
  wbflush();
  u32 size = 0;
  for (u32 at = 0; at < limit; at += step) {
    volatile u32* p = word_at(at);
    if (!prom_probe_read(reinterpret_cast<u32>(p))) break;
    const u32 saved = *p, saved_next = p[4];
    const u32 pattern = 0x5a5a0000u ^ at;
    *p = pattern;
    p[4] = ~pattern;  // drive the bus with something else before reading back
    wbflush();
    const bool ok = *p == pattern && (at == 0 || *base == marker0);
    if (at != 0) {
      *p = saved;
      p[4] = saved_next;
    } else {
      p[4] = saved_next;
      *p = marker0;
    }
    if (!ok) break;
    size = at + step;
  }
  *base = saved0;
  // The probe above the fitted RAM timed out: on a KN02 that latched ERRADR and raised the
  // memory-error interrupt (IP5). Clear ERRADR and CHKSYN by writing 0, as NetBSD
  // dec_3max.c does after its own probes, so the kernel starts with no stale error.
  if (kn02) {
    *reinterpret_cast<volatile u32*>(0xbfd80000u) = 0;
    *reinterpret_cast<volatile u32*>(0xbfd00000u) = 0;
  }
  wbflush();
  return size;
}

void build_bitmap(u32 mem_bytes) {
  MemMap* m = memmap();
  const u32 bytes = mem_bytes >> 15;  // 4 KiB pages, 8 per byte
  m->pagesize = 4096;
  mset(m->bitmap, 0xff, bytes);
  mset(m->bitmap + bytes, 0, PROM_MEMMAP_MAX_BYTES - bytes);
  state()->bitmap_bytes = bytes;
  char v[16];
  sprintf(v, "0x%08x", reinterpret_cast<u32>(m->bitmap));
  env_set("bitmap", v);
  sprintf(v, "0x%x", bytes / 4);
  env_set("bitmaplen", v);
}

int getbitmap(void* map) {
  const u32 bytes = state()->bitmap_bytes;
  mcpy(map, memmap(), 4 + bytes);
  return int(bytes);
}
