// Compatibility guest (d): instruction-heavy checks whose results every correct MIPS I
// implementation agrees on (ALU, shifts, multiply/divide, sign extension, unaligned
// loads and stores, set-on-less-than, branch-and-link, a CRC, a sort, a sieve), printed
// as numbers, then two probes of where GXemul departs from the R2000/R3000
// (gxemul-peer.md): the load delay slot and `div 0x80000000 / -1`. tests/compat/
// differences/ names the lines those two print differently.
#include <stdint.h>

#include "console.h"

namespace {

volatile uint32_t g_sink;  // keeps GCC from folding the checks at compile time

uint32_t crc32(const unsigned char* p, unsigned n) {
  uint32_t c = 0xffffffffu;
  for (unsigned i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

unsigned char g_buf[4096];
int g_sort[512];

void quicksort(int* a, int lo, int hi) {
  while (lo < hi) {
    const int pivot = a[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        const int t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (j - lo < hi - i) quicksort(a, lo, j), lo = i;
    else quicksort(a, i, hi), hi = j;
  }
}

unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

void mul_div() {
  static const int32_t a[] = {7, -7, 0x7fffffff, int32_t(0x80000000), 123456789, -1};
  static const int32_t b[] = {3, 3, -2, 7, -9876, 65536};
  for (unsigned i = 0; i < sizeof a / sizeof a[0]; ++i) {
    uint32_t hi, lo, uhi, ulo, q, r, uq, ur;
    asm volatile("mult %4, %5\n\tmfhi %0\n\tmflo %1\n\tmultu %4, %5\n\tmfhi %2\n\tmflo %3"
                 : "=&r"(hi), "=&r"(lo), "=&r"(uhi), "=&r"(ulo)
                 : "r"(a[i]), "r"(b[i]));
    asm volatile("div $zero, %4, %5\n\tmflo %0\n\tmfhi %1\n\tdivu $zero, %4, %5\n\tmflo %2\n\tmfhi %3"
                 : "=&r"(q), "=&r"(r), "=&r"(uq), "=&r"(ur)
                 : "r"(a[i]), "r"(b[i]));
    printf("mul/div %d,%d: %08x:%08x %08x:%08x q %d r %d uq %u ur %u\n", a[i], b[i], hi, lo, uhi, ulo, int(q), int(r),
           uq, ur);
  }
}

void shifts_and_compares() {
  const uint32_t x = g_sink | 0x80f0000fu;
  static const unsigned amounts[] = {0, 1, 4, 31, 32, 33, 63};
  for (unsigned s : amounts) {
    uint32_t l, r, a;
    asm("sllv %0, %3, %4\n\tsrlv %1, %3, %4\n\tsrav %2, %3, %4" : "=&r"(l), "=&r"(r), "=&r"(a) : "r"(x), "r"(s));
    printf("shift %2u: sllv %08x srlv %08x srav %08x\n", s, l, r, a);
  }
  static const int32_t vals[] = {-2, -1, 0, 1, 0x7fffffff};
  uint32_t bits = 0;
  for (int32_t p : vals)
    for (int32_t q : vals) {
      uint32_t s, u;
      asm("slt %0, %2, %3\n\tsltu %1, %2, %3" : "=&r"(s), "=&r"(u) : "r"(p), "r"(q));
      bits = (bits << 2 | s << 1 | u) ^ (bits >> 30);
    }
  printf("slt/sltu signature %08x\n", bits);
}

void loads_and_stores() {
  alignas(4) static unsigned char m[16] = {0x80, 0x7f, 0xff, 0x01, 0x11, 0x22, 0x33, 0x44,
                                           0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc};
  const volatile unsigned char* vm = m;
  int32_t lb0, lb1, lh0, lh2;
  uint32_t lbu0, lhu0, lhu2;
  asm volatile("lb %0, 0(%7)\n\tlb %1, 1(%7)\n\tlbu %2, 0(%7)\n\tlh %3, 0(%7)\n\tlh %4, 2(%7)\n\t"
               "lhu %5, 0(%7)\n\tlhu %6, 2(%7)\n\tnop"
               : "=&r"(lb0), "=&r"(lb1), "=&r"(lbu0), "=&r"(lh0), "=&r"(lh2), "=&r"(lhu0), "=&r"(lhu2)
               : "r"(vm)
               : "memory");
  printf("lb %d %d lbu %u lh %d %d lhu %u %u\n", lb0, lb1, lbu0, lh0, lh2, lhu0, lhu2);
  for (unsigned off = 0; off < 4; ++off) {
    uint32_t v;
    asm volatile("lwl %0, 3(%1)\n\tlwr %0, 0(%1)\n\tnop" : "=&r"(v) : "r"(m + 4 + off) : "memory");
    printf("unaligned load at +%u: %08x\n", off, v);
  }
  for (unsigned off = 0; off < 4; ++off) {
    alignas(4) unsigned char d[12] = {};
    asm volatile("swl %0, 3(%1)\n\tswr %0, 0(%1)" : : "r"(0xa1b2c3d4u), "r"(d + 4 + off) : "memory");
    printf("unaligned store at +%u: %02x%02x%02x%02x %02x%02x%02x%02x\n", off, d[4], d[5], d[6], d[7], d[8], d[9],
           d[10], d[11]);
  }
}

void branch_and_link() {
  uint32_t taken = 0, link_delta = 0;
  asm volatile(".set push\n\t.set noreorder\n\t"
               "move $t0, $ra\n\t"
               "li %0, 0\n\t"
               "bltzal $zero, 1f\n\t"  // not taken, but $ra is written
               "nop\n\t"
               "ori %0, %0, 1\n\t"
               "1: bgezal $zero, 2f\n\t"  // taken
               "nop\n\t"
               "ori %0, %0, 2\n\t"  // skipped
               "2: bal 3f\n\t"
               "nop\n\t"
               "3: subu %1, $ra, $ra\n\t"
               "move $ra, $t0\n\t"
               ".set pop"
               : "=&r"(taken), "=&r"(link_delta)
               :
               : "t0", "ra");
  printf("branch and link: flags %u, delta %u\n", taken, link_delta);
}

// The R2000/R3000 does not interlock loads: the instruction in the load delay slot still
// sees the register's old value (r3000-cpu.md §4). GXemul shows the new one.
void load_delay_probe() {
  volatile uint32_t word = 0x5555;
  uint32_t reg, seen;
  asm volatile(".set push\n\t.set noreorder\n\t"
               "li %0, 0x1111\n\t"
               "lw %0, 0(%2)\n\t"
               "move %1, %0\n\t"  // the load delay slot
               "nop\n\t"
               ".set pop"
               : "=&r"(reg), "=&r"(seen)
               : "r"(&word)
               : "memory");
  printf("load delay slot: the next instruction sees 0x%x, the one after 0x%x\n", seen, reg);
}

// div 0x80000000 / -1 overflows: the R3000 leaves LO = 0x80000000, HI = 0.
void div_overflow_probe() {
  const int32_t a = int32_t(0x80000000u | g_sink), b = -1 - int32_t(g_sink);
  uint32_t lo, hi;
  asm volatile("div $zero, %2, %3\n\tmflo %0\n\tmfhi %1" : "=&r"(lo), "=&r"(hi) : "r"(a), "r"(b));
  printf("div 0x80000000 / -1: lo 0x%08x hi 0x%08x\n", lo, hi);
}

}  // namespace

int main() {
  printf("compat_cpu: MIPS I checks\n");
  uint32_t seed = 12345;
  for (unsigned i = 0; i < sizeof g_buf; ++i) {
    seed = seed * 1103515245u + 12345u;
    g_buf[i] = static_cast<unsigned char>(seed >> 16);
  }
  printf("crc32 of 4 KiB: %08x\n", crc32(g_buf, sizeof g_buf));
  for (unsigned i = 0; i < 512; ++i) {
    seed = seed * 1103515245u + 12345u;
    g_sort[i] = int(seed >> 8) - (1 << 22);
  }
  quicksort(g_sort, 0, 511);
  uint32_t sorted = 1, sum = 0;
  for (unsigned i = 0; i < 512; ++i) {
    if (i && g_sort[i - 1] > g_sort[i]) sorted = 0;
    sum = sum * 31 + uint32_t(g_sort[i]);
  }
  printf("quicksort of 512: sorted %u, signature %08x, min %d, max %d\n", sorted, sum, g_sort[0], g_sort[511]);
  static bool composite[10000];
  unsigned primes = 0;
  for (unsigned i = 2; i < 10000; ++i) {
    if (composite[i]) continue;
    ++primes;
    for (unsigned j = i * i; j < 10000; j += i) composite[j] = true;
  }
  printf("primes below 10000: %u, fib(20) = %u\n", primes, fib(20));
  mul_div();
  shifts_and_compares();
  loads_and_stores();
  branch_and_link();
  load_delay_probe();
  div_overflow_probe();
  printf("compat_cpu: done\n");
  return 0;
}
