// Compute-bound benchmark guest for the DECstation emulator (R2000/R3000, MIPS I).
// Integer kernels only — table-driven CRC-32, quicksort, integer matrix multiply, memory
// and string copies through the runtime's own memcpy/memmove/strcpy, deep recursion — with
// no I/O but one checksum line per kernel, so it measures the CPU model and nothing else.
//
// BENCH_SCALE (set by guest/CMakeLists.txt) multiplies the number of rounds of every
// kernel: bench_small.elf (scale 1, tens of millions of instructions, for tests) and
// bench.elf (scale 50, about two billion, for tools/bench).
//
// Every checksum is defined so that it can be computed independently of this code:
// tests/guest/bench_reference.py recomputes them on the host (zlib's CRC-32, Python's
// sort, closed forms for fib and Ackermann) to produce tests/guest/expected/*.out.
#include <stdint.h>

#include "console.h"
#include "libc.h"

#ifndef BENCH_SCALE
#define BENCH_SCALE 1
#endif

namespace {

constexpr unsigned kScale = BENCH_SCALE;

// Rounds per kernel at scale 1, chosen so that each kernel costs roughly the same number
// of instructions (measured with gxemul -N).
constexpr unsigned kCrcRounds = 55;
constexpr unsigned kSortRounds = 14;
constexpr unsigned kMatRounds = 16;
constexpr unsigned kCopyRounds = 128;
constexpr unsigned kRecRounds = 21;

// Numerical Recipes LCG: x' = 1664525 x + 1013904223 (mod 2^32).
struct Lcg {
  uint32_t x;
  uint32_t next() { return x = x * 1664525u + 1013904223u; }
  uint8_t byte() { return static_cast<uint8_t>(next() >> 24); }
};

inline uint32_t mix(uint32_t h, uint32_t v) { return h * 31u + v; }

// ---- CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib) -------------------
constexpr unsigned kCrcLen = 16384;
uint8_t crc_buf[kCrcLen];
uint32_t crc_table[256];

uint32_t bench_crc32() {
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
  Lcg rng{0x12345678};
  for (unsigned i = 0; i < kCrcLen; ++i) crc_buf[i] = rng.byte();
  // The CRC of the buffer repeated kCrcRounds * kScale times.
  uint32_t crc = 0xffffffffu;
  for (unsigned r = 0; r < kCrcRounds * kScale; ++r)
    for (unsigned i = 0; i < kCrcLen; ++i) crc = crc_table[(crc ^ crc_buf[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

// ---- quicksort -------------------------------------------------------------------------
constexpr unsigned kSortLen = 4096;
uint32_t sort_buf[kSortLen];

void insertion_sort(uint32_t* a, int n) {
  for (int i = 1; i < n; ++i) {
    uint32_t v = a[i];
    int j = i - 1;
    for (; j >= 0 && a[j] > v; --j) a[j + 1] = a[j];
    a[j + 1] = v;
  }
}

// Hoare partition around the median of three; recurse into the smaller side and loop on
// the larger, so the stack depth stays logarithmic.
void quicksort(uint32_t* a, int n) {
  while (n > 16) {
    uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
    uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int i = -1, j = n;
    for (;;) {
      do ++i; while (a[i] < pivot);
      do --j; while (a[j] > pivot);
      if (i >= j) break;
      uint32_t t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    int left = j + 1;  // a[0..j] <= pivot <= a[j+1..n-1]
    if (left < n - left) {
      quicksort(a, left);
      a += left;
      n -= left;
    } else {
      quicksort(a + left, n - left);
      n = left;
    }
  }
  insertion_sort(a, n);
}

bool bench_qsort(uint32_t* sum) {
  Lcg rng{0xc0ffee01};
  uint32_t h = 0;
  bool sorted = true;
  for (unsigned r = 0; r < kSortRounds * kScale; ++r) {
    for (unsigned i = 0; i < kSortLen; ++i) sort_buf[i] = rng.next();
    quicksort(sort_buf, kSortLen);
    for (unsigned i = 0; i < kSortLen; ++i) {
      if (i && sort_buf[i - 1] > sort_buf[i]) sorted = false;
      h = mix(h, sort_buf[i]);
    }
  }
  *sum = h;
  return sorted;
}

// ---- integer matrix multiply -----------------------------------------------------------
constexpr unsigned kMat = 40;
int32_t mat_a[kMat][kMat], mat_b[kMat][kMat], mat_c[kMat][kMat];

uint32_t bench_matmul() {
  Lcg rng{0xbeef0001};
  uint32_t h = 0;
  for (unsigned r = 0; r < kMatRounds * kScale; ++r) {
    for (unsigned i = 0; i < kMat; ++i)
      for (unsigned j = 0; j < kMat; ++j) mat_a[i][j] = static_cast<int32_t>(rng.byte()) - 128;
    for (unsigned i = 0; i < kMat; ++i)
      for (unsigned j = 0; j < kMat; ++j) mat_b[i][j] = static_cast<int32_t>(rng.byte()) - 128;
    for (unsigned i = 0; i < kMat; ++i)
      for (unsigned j = 0; j < kMat; ++j) {
        int32_t s = 0;
        for (unsigned k = 0; k < kMat; ++k) s += mat_a[i][k] * mat_b[k][j];
        mat_c[i][j] = s;
      }
    for (unsigned i = 0; i < kMat; ++i)
      for (unsigned j = 0; j < kMat; ++j) h = mix(h, static_cast<uint32_t>(mat_c[i][j]));
  }
  return h;
}

// ---- memory and string copies ----------------------------------------------------------
constexpr unsigned kCopyLen = 8192;
constexpr unsigned kTextLen = 2000;
uint8_t copy_src[kCopyLen];
uint8_t copy_dst[kCopyLen + 16];
char text_src[kTextLen + 1];
char text_dst[kTextLen + 16];

// FNV-1a over a byte range, continuing from h.
uint32_t fnv1a(uint32_t h, const uint8_t* p, unsigned n) {
  for (unsigned i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

void bench_copies(uint32_t* mem_sum, uint32_t* str_sum) {
  Lcg rng{0x5eed0001};
  for (unsigned i = 0; i < kCopyLen; ++i) copy_src[i] = rng.byte();
  for (unsigned i = 0; i < kTextLen; ++i) text_src[i] = static_cast<char>(32 + rng.byte() % 95);
  text_src[kTextLen] = 0;
  uint32_t hm = 0, hs = 0;
  for (unsigned r = 0; r < kCopyRounds * kScale; ++r) {
    unsigned a = r & 3, b = (r >> 2) & 3;  // all sixteen relative alignments in turn
    memcpy(copy_dst + a, copy_src + b, kCopyLen - 8);
    memmove(copy_dst + 3, copy_dst, kCopyLen / 2);  // overlapping, copies backwards
    memmove(copy_dst + 1, copy_dst + 6, kCopyLen / 2);  // overlapping, copies forwards
    int mc = memcmp(copy_dst + 1, copy_src, 64);
    hm = mix(hm, copy_dst[(r * 131) % kCopyLen]);
    hm = mix(hm, static_cast<uint32_t>(mc < 0 ? -1 : mc > 0 ? 1 : 0));

    strcpy(text_dst + a, text_src + b);
    hs = mix(hs, static_cast<uint32_t>(strlen(text_dst + a)));
    hs = mix(hs, strcmp(text_dst + a, text_src + b) == 0 ? 0u : 1u);
    hs = mix(hs, static_cast<uint8_t>(text_dst[(r * 7) % kTextLen]));
  }
  *mem_sum = fnv1a(hm, copy_dst, sizeof copy_dst);
  *str_sum = fnv1a(hs, reinterpret_cast<const uint8_t*>(text_dst), sizeof text_dst);
}

// ---- recursion -------------------------------------------------------------------------
uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

uint32_t ackermann(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

// volatile: the compiler must not fold the calls into constants.
volatile uint32_t fib_n = 20, ack_m = 3, ack_n = 5;

void bench_recursion(uint32_t* fib_sum, uint32_t* ack_sum) {
  uint32_t f = 0, a = 0;
  for (unsigned r = 0; r < kRecRounds * kScale; ++r) {
    f += fib(fib_n);
    a += ackermann(ack_m, ack_n);
  }
  *fib_sum = f;
  *ack_sum = a;
}

}  // namespace

int main() {
  printf("bench scale %u\n", kScale);
  printf("crc32 0x%08x\n", bench_crc32());

  uint32_t sum;
  bool sorted = bench_qsort(&sum);
  printf("qsort 0x%08x%s\n", sum, sorted ? "" : " NOT SORTED");

  printf("matmul 0x%08x\n", bench_matmul());

  uint32_t mem_sum, str_sum;
  bench_copies(&mem_sum, &str_sum);
  printf("memcpy 0x%08x\n", mem_sum);
  printf("strcpy 0x%08x\n", str_sum);

  uint32_t fib_sum, ack_sum;
  bench_recursion(&fib_sum, &ack_sum);
  printf("fib 0x%08x\n", fib_sum);
  printf("ackermann 0x%08x\n", ack_sum);

  printf("bench done\n");
  return sorted ? 0 : 1;
}
