// Cache invalidation by isolation for bare-metal guests and the guest kernel (R2000/R3000,
// MIPS I): implemented once in guest/runtime/cache.S and shared by guest/net (DMA receive
// buffers) and guest/kernel (exception vectors, user code pages).
//
// Sources: shared/reference/r3000-cpu.md §9 (with Status.IsC set a partial store `sb`
// invalidates the line at its index and memory is not touched; with IsC|SwC the I-cache
// answers data accesses, so the same loop invalidates I-cache lines; the code doing it must
// not run from the cache it swaps, so the I-cache routine runs uncached from kseg1; NetBSD
// r3k_picache_do_inv / r3k_pdcache_do_inv do exactly this with interrupts off).
#pragma once
#include <stdint.h>

extern "C" {
// Invalidate the D-cache lines of [addr, addr + len): addr is a kseg0 address (or any
// address whose low 29 bits are the physical address). Interrupts are off while isolated.
void cache_dcache_invalidate(uint32_t addr, uint32_t len);
// Invalidate the I-cache lines of [addr, addr + len) (for code written by stores: a
// loader, exception vectors). Runs uncached; interrupts off while the caches are swapped.
void cache_icache_invalidate(uint32_t addr, uint32_t len);
}
