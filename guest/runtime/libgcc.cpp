// The libgcc helper routines GCC calls for MIPS I (R2000/R3000) code, written here
// because Debian's libgcc for mipsel is built for MIPS32r2 and must never be linked.
// MIPS I has 32-bit mult/div and inline 64-bit shifts, but no 64-bit division and no
// clz/bit-count/byte-swap instructions, so GCC calls:
//   __udivdi3 __umoddi3 __divdi3 __moddi3 __udivmoddi4   64-bit division/remainder
//   __clzsi2 __ctzsi2 __popcountsi2 __bswapsi2 __bswapdi2  the bit builtins
// (checked with mipsel-linux-gnu-nm -u on code using each construct at -O2; the helper
// names and semantics follow GCC's libgcc documentation, "Integer library routines").
//
// Division by zero executes `break 7`, the same trap GCC emits inline for a 32-bit
// divide by zero on MIPS (-mcheck-zero-division), so both fail the same way.
#include <stdint.h>

namespace {

[[noreturn]] inline void divide_by_zero() {
  asm volatile("break 7");
  __builtin_unreachable();
}

inline int clz32(uint32_t x) {  // x != 0
  int n = 0;
  if (!(x & 0xffff0000u)) n += 16, x <<= 16;
  if (!(x & 0xff000000u)) n += 8, x <<= 8;
  if (!(x & 0xf0000000u)) n += 4, x <<= 4;
  if (!(x & 0xc0000000u)) n += 2, x <<= 2;
  if (!(x & 0x80000000u)) n += 1;
  return n;
}

inline int clz64(uint64_t x) {  // x != 0
  uint32_t hi = static_cast<uint32_t>(x >> 32);
  return hi ? clz32(hi) : 32 + clz32(static_cast<uint32_t>(x));
}

// Unsigned 64-bit division: 32-bit divu when both fit, otherwise restoring shift-and-
// subtract over only the quotient bits that can be non-zero (divisor aligned under the
// dividend's top bit first).
uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t* rem) {
  if (d == 0) divide_by_zero();
  if ((n >> 32) == 0 && (d >> 32) == 0) {
    uint32_t n32 = static_cast<uint32_t>(n), d32 = static_cast<uint32_t>(d);
    if (rem) *rem = n32 % d32;
    return n32 / d32;
  }
  if (n < d) {
    if (rem) *rem = n;
    return 0;
  }
  int shift = clz64(d) - clz64(n);
  d <<= shift;
  uint64_t q = 0;
  for (int i = 0; i <= shift; ++i) {
    q <<= 1;
    if (n >= d) {
      n -= d;
      q |= 1;
    }
    d >>= 1;
  }
  if (rem) *rem = n;
  return q;
}

}  // namespace

extern "C" {

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t* rem) { return udivmod64(n, d, rem); }

uint64_t __udivdi3(uint64_t n, uint64_t d) { return udivmod64(n, d, nullptr); }

uint64_t __umoddi3(uint64_t n, uint64_t d) {
  uint64_t r;
  udivmod64(n, d, &r);
  return r;
}

// Signed: C semantics, quotient truncated toward zero, remainder has the dividend's sign.
// Magnitudes are taken in unsigned arithmetic so INT64_MIN works (INT64_MIN / -1 wraps
// to INT64_MIN, as the hardware's 32-bit div does for its own overflow case).
int64_t __divdi3(int64_t a, int64_t b) {
  uint64_t ua = a < 0 ? 0 - static_cast<uint64_t>(a) : static_cast<uint64_t>(a);
  uint64_t ub = b < 0 ? 0 - static_cast<uint64_t>(b) : static_cast<uint64_t>(b);
  uint64_t q = udivmod64(ua, ub, nullptr);
  return static_cast<int64_t>((a < 0) != (b < 0) ? 0 - q : q);
}

int64_t __moddi3(int64_t a, int64_t b) {
  uint64_t ua = a < 0 ? 0 - static_cast<uint64_t>(a) : static_cast<uint64_t>(a);
  uint64_t ub = b < 0 ? 0 - static_cast<uint64_t>(b) : static_cast<uint64_t>(b);
  uint64_t r;
  udivmod64(ua, ub, &r);
  return static_cast<int64_t>(a < 0 ? 0 - r : r);
}

// Bit builtins. Like libgcc, the result for a zero argument of clz/ctz is undefined; here
// it is 32.
int __clzsi2(uint32_t x) { return x ? clz32(x) : 32; }

int __ctzsi2(uint32_t x) {
  if (!x) return 32;
  return 31 - clz32(x & (0 - x));
}

int __popcountsi2(uint32_t x) {
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0f0f0f0fu;
  return static_cast<int>((x * 0x01010101u) >> 24);
}

uint32_t __bswapsi2(uint32_t x) {
  return (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
}

uint64_t __bswapdi2(uint64_t x) {
  return (static_cast<uint64_t>(__bswapsi2(static_cast<uint32_t>(x))) << 32) |
         __bswapsi2(static_cast<uint32_t>(x >> 32));
}

}  // extern "C"
