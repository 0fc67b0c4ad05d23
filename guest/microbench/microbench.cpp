// Timing microbenchmarks: what a load, a miss, a store, a multiply, an I-cache refill, a
// cache flush by isolation and a TLB refill cost on this machine, measured by the guest
// itself with the emulator's cycle counter. Each figure is the cost of one loop iteration
// of a kernel in kernels.S, measured as (cycles of 2N iterations - cycles of N) / N so
// that call overhead and warm-up cancel out. The test tests/emu/timing/microbench_test.cpp
// predicts every line from the machine's timing profile.
//
// Output, one figure per line: "<name> <cycles>".
#include <stdint.h>

#include "console.h"
#include "emu_ops.h"

extern "C" {
uint32_t mb_loads(uint32_t iters, uint32_t addr);
uint32_t mb_dmiss(uint32_t iters, uint32_t addr);
uint32_t mb_stores(uint32_t iters, uint32_t addr);
uint32_t mb_bytestores(uint32_t iters, uint32_t addr);
uint32_t mb_mult(uint32_t iters);
uint32_t mb_div(uint32_t iters);
uint32_t mb_icalls(uint32_t iters, uint32_t a, uint32_t b);
uint32_t mb_isolated_flush(uint32_t lines, uint32_t base, uint32_t status_bits);
uint32_t mb_cache_size(uint32_t status_bits);
void mb_tlb_clear();
uint32_t mb_tlb(uint32_t pages, uint32_t va);
uint32_t mb_get_status();
void mb_set_status(uint32_t);
void mb_set_context(uint32_t);
extern const uint32_t mb_utlb_handler[], mb_utlb_handler_end[];
}

namespace {

constexpr uint32_t kIsC = 1u << 16, kSwC = 1u << 17, kBEV = 1u << 22;
constexpr uint32_t kKseg1 = 0xa0000000u;

alignas(64) volatile uint32_t scratch[64];

// The first run warms the caches with the kernel's code, so that the two measured runs
// start from the same state.
template <class F>
uint32_t per_iteration(uint32_t n, F run) {
  run(n);
  const uint32_t one = run(n);
  const uint32_t two = run(2 * n);
  return (two - one) / n;
}

// Function pointer to a kernel at its kseg1 (uncached) alias.
template <class Fn>
Fn uncached(Fn f) {
  return reinterpret_cast<Fn>((reinterpret_cast<uint32_t>(f) & 0x1fffffffu) | kKseg1);
}

// A routine of `words` instructions (nops, then jr ra; nop) written at addr.
void make_routine(uint32_t addr, uint32_t words) {
  volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(addr);
  for (uint32_t i = 0; i + 2 < words; ++i) p[i] = 0;  // sll $zero, $zero, 0
  p[words - 2] = 0x03e00008;                          // jr $ra
  p[words - 1] = 0;
}

uint32_t cache_size(bool icache) {
  // The I-cache is probed swapped (SwC), from uncached code, as real PROMs do.
  return icache ? uncached(mb_cache_size)(kIsC | kSwC) : mb_cache_size(kIsC);
}

}  // namespace

int main() {
  const uint32_t scratch_addr = reinterpret_cast<uint32_t>(&scratch[0]);
  printf("microbench %s\n", guest::emu::on_emulator() ? "emulator" : "hardware");

  const uint32_t dsize = cache_size(false), isize = cache_size(true);
  printf("dcache_size %u\n", dsize);
  printf("icache_size %u\n", isize);
  // Flush both caches: the probe left lines that do not match memory. These flushes are
  // also the flush benchmarks: whole cache, and the cost of 4 lines.
  const uint32_t dflush = mb_isolated_flush(dsize / 4, 0x80000000u, kIsC);
  const uint32_t iflush = uncached(mb_isolated_flush)(isize / 4, 0x80000000u, kIsC | kSwC);
  printf("dflush_total %u\n", dflush);
  printf("iflush_total %u\n", iflush);
  printf("dflush_per4 %u\n", per_iteration(1024, [](uint32_t n) { return mb_isolated_flush(4 * n, 0x80000000u, kIsC); }));
  printf("iflush_per4 %u\n",
         per_iteration(256, [](uint32_t n) { return uncached(mb_isolated_flush)(4 * n, 0x80000000u, kIsC | kSwC); }));

  printf("load_hit %u\n", per_iteration(64, [&](uint32_t n) { return mb_loads(n, scratch_addr); }));
  printf("load_uncached %u\n", per_iteration(64, [&](uint32_t n) { return mb_loads(n, scratch_addr | kKseg1); }));
  printf("load_miss %u\n", per_iteration(64, [](uint32_t n) { return mb_dmiss(n, 0x80100000u); }));
  printf("store_word %u\n", per_iteration(64, [&](uint32_t n) { return mb_stores(n, scratch_addr); }));
  printf("store_byte %u\n", per_iteration(64, [&](uint32_t n) { return mb_bytestores(n, scratch_addr); }));
  printf("mult %u\n", per_iteration(64, [](uint32_t n) { return mb_mult(n); }));
  printf("div %u\n", per_iteration(64, [](uint32_t n) { return mb_div(n); }));

  // Two 64-instruction routines 64 KiB apart share I-cache lines: calling them in turn
  // makes every fetch of both a miss. They sit at index 0x8000, away from this code.
  const uint32_t ra = 0x80408000u, rb = 0x80418000u;
  make_routine(ra, 64);
  make_routine(rb, 64);
  printf("icache_calls %u\n", per_iteration(16, [&](uint32_t n) { return mb_icalls(n, ra, rb); }));

  // UTLB refill: handler at the UTLB vector, BEV off, a linear page table at kseg0
  // 0x80200000 (Context.PTEBase) mapping VPN 0x100 + p to frame 0x800 + p. The page
  // table words and the data words are loaded first through kseg0, so that the refill
  // and the re-executed load hit the D-cache: what remains is the refill itself.
  volatile uint32_t* vec = reinterpret_cast<volatile uint32_t*>(0x80000000u);
  for (const uint32_t* p = mb_utlb_handler; p < mb_utlb_handler_end; ++p) *vec++ = *p;
  constexpr uint32_t kPages = 64, kVpn0 = 0x100, kPfn0 = 0x800;
  volatile uint32_t* pte = reinterpret_cast<volatile uint32_t*>(0x80200000u);
  for (uint32_t p = 0; p < 2 * kPages; ++p) {
    pte[kVpn0 + p] = ((kPfn0 + p) << 12) | (1u << 10) | (1u << 9) | (1u << 8);  // D V G
    (void)pte[kVpn0 + p];
    (void)*reinterpret_cast<volatile uint32_t*>(0x80000000u + ((kPfn0 + p) << 12) + 4 * p);
  }
  mb_set_context(0x80200000u);
  const uint32_t status = mb_get_status();
  mb_set_status(status & ~kBEV);
  printf("utlb_refill %u\n", per_iteration(kPages, [](uint32_t n) {
           mb_tlb_clear();
           return mb_tlb(n, kVpn0 << 12);
         }));
  mb_set_status(status);
  printf("microbench done\n");
  return 0;
}
