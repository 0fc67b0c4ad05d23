// Self-test of the guest runtime on the target (R2000/R3000): printf formatting, the
// memory/string functions at every alignment, the 64-bit division helpers and the bit
// helpers. Expected values come from the C standard's definitions (printf, string.h,
// truncating division) and from constants computed independently on the host with Python
// (noted beside each). Prints one line per group and a summary; exits with the number of
// failed checks.
#include <stdint.h>

#include "console.h"
#include "libc.h"
#include "prom.h"

extern "C" {
uint64_t __udivdi3(uint64_t, uint64_t);
uint64_t __umoddi3(uint64_t, uint64_t);
int64_t __divdi3(int64_t, int64_t);
int64_t __moddi3(int64_t, int64_t);
int __clzsi2(uint32_t);
int __ctzsi2(uint32_t);
int __popcountsi2(uint32_t);
uint32_t __bswapsi2(uint32_t);
}

namespace {

unsigned g_checks, g_failed, g_group_failed;

void check(bool ok, const char* what) {
  ++g_checks;
  if (!ok) {
    ++g_failed;
    ++g_group_failed;
    printf("  FAIL: %s\n", what);
  }
}

void group_done(const char* name) {
  printf("%s: %s\n", name, g_group_failed ? "FAILED" : "ok");
  g_group_failed = 0;
}

// Compare snprintf output with what the C standard says it must be.
void fmt_is(const char* expect, const char* got) {
  if (strcmp(expect, got) != 0) {
    ++g_checks;
    ++g_failed;
    ++g_group_failed;
    printf("  FAIL: printf gave \"%s\", expected \"%s\"\n", got, expect);
  } else {
    ++g_checks;
  }
}

void test_printf() {
  char b[64];
  snprintf(b, sizeof b, "%d %d %d", 0, -1, 2147483647); fmt_is("0 -1 2147483647", b);
  snprintf(b, sizeof b, "%d", static_cast<int>(0x80000000u)); fmt_is("-2147483648", b);
  snprintf(b, sizeof b, "%u", 4294967295u); fmt_is("4294967295", b);
  snprintf(b, sizeof b, "%x %X", 0xdeadbeefu, 0xdeadbeefu); fmt_is("deadbeef DEADBEEF", b);
  snprintf(b, sizeof b, "%08x|%8x|%-8x|", 0x1234u, 0x1234u, 0x1234u);
  fmt_is("00001234|    1234|1234    |", b);
  snprintf(b, sizeof b, "%5d|%-5d|%05d|%+d|% d", -42, -42, -42, 7, 7);
  fmt_is("  -42|-42  |-0042|+7| 7", b);
  snprintf(b, sizeof b, "%s|%6s|%-6s|%.2s|%c%c", "abc", "abc", "abc", "abc", 'x', 'y');
  fmt_is("abc|   abc|abc   |ab|xy", b);
  snprintf(b, sizeof b, "%*d|%o|%%|%p", 4, 9, 8u, reinterpret_cast<void*>(0x80030000u));
  fmt_is("   9|10|%|0x80030000", b);
  snprintf(b, sizeof b, "%llu %lld %llx", 18446744073709551615ull, -9223372036854775807ll - 1,
           0x123456789abcdef0ull);
  fmt_is("18446744073709551615 -9223372036854775808 123456789abcdef0", b);
  snprintf(b, sizeof b, "%ld %lu", -5L, 5UL); fmt_is("-5 5", b);
  // Truncation: the return value is the untruncated length; the buffer is NUL-terminated.
  int n = snprintf(b, 5, "%s", "abcdefgh");
  check(n == 8, "snprintf returns the full length");
  fmt_is("abcd", b);
  check(snprintf(nullptr, 0, "%d", 12345) == 5, "snprintf(nullptr, 0) counts");
  group_done("printf");
}

// Naive references for the memory functions.
uint8_t src_buf[96], dst_buf[96], ref_buf[96];

void fill(uint8_t* p, unsigned n, unsigned seed) {
  for (unsigned i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(seed + i * 37 + (i >> 3));
}

void test_memory() {
  bool ok_cpy = true, ok_set = true, ok_move = true;
  for (unsigned da = 0; da < 4; ++da)
    for (unsigned sa = 0; sa < 4; ++sa)
      for (unsigned len = 0; len < 40; ++len) {
        fill(src_buf, sizeof src_buf, sa + len);
        fill(dst_buf, sizeof dst_buf, 200 + da);
        for (unsigned i = 0; i < sizeof ref_buf; ++i) ref_buf[i] = dst_buf[i];
        for (unsigned i = 0; i < len; ++i) ref_buf[8 + da + i] = src_buf[8 + sa + i];
        void* r = memcpy(dst_buf + 8 + da, src_buf + 8 + sa, len);
        if (r != dst_buf + 8 + da || memcmp(dst_buf, ref_buf, sizeof ref_buf) != 0) ok_cpy = false;

        fill(dst_buf, sizeof dst_buf, 100 + sa);
        for (unsigned i = 0; i < sizeof ref_buf; ++i) ref_buf[i] = dst_buf[i];
        for (unsigned i = 0; i < len; ++i) ref_buf[8 + da + i] = static_cast<uint8_t>(0x5a + sa);
        memset(dst_buf + 8 + da, 0x5a + sa, len);
        if (memcmp(dst_buf, ref_buf, sizeof ref_buf) != 0) ok_set = false;

        // Overlapping moves both ways: the result must equal a copy through a temporary.
        for (int dir = 0; dir < 2; ++dir) {
          fill(dst_buf, sizeof dst_buf, len);
          uint8_t* from = dst_buf + 16 + (dir ? sa : da);
          uint8_t* to = dst_buf + 16 + (dir ? da + sa + 1 : sa);
          uint8_t tmp[40];
          for (unsigned i = 0; i < len; ++i) tmp[i] = from[i];
          for (unsigned i = 0; i < sizeof ref_buf; ++i) ref_buf[i] = dst_buf[i];
          for (unsigned i = 0; i < len; ++i) ref_buf[(to - dst_buf) + i] = tmp[i];
          memmove(to, from, len);
          if (memcmp(dst_buf, ref_buf, sizeof ref_buf) != 0) ok_move = false;
        }
      }
  check(ok_cpy, "memcpy at all alignments and lengths 0..39");
  check(ok_set, "memset at all alignments and lengths 0..39");
  check(ok_move, "memmove overlapping in both directions");
  check(memcmp("abc", "abd", 3) < 0 && memcmp("abd", "abc", 3) > 0, "memcmp order");
  check(memcmp("\x80", "\x01", 1) > 0, "memcmp compares unsigned bytes");
  check(memcmp("abc", "abd", 2) == 0, "memcmp stops at n");

  char s[32];
  check(strcpy(s, "hello") == s && strcmp(s, "hello") == 0, "strcpy");
  check(strlen("") == 0 && strlen("hello") == 5, "strlen");
  check(strcmp("a", "b") < 0 && strcmp("b", "a") > 0 && strcmp("ab", "a") > 0, "strcmp order");
  check(strcmp("\xff", "a") > 0, "strcmp compares unsigned chars");
  check(strncmp("abcX", "abcY", 3) == 0 && strncmp("abcX", "abcY", 4) < 0, "strncmp");
  group_done("memory");
}

void test_division() {
  // Constants computed on the host with Python integers.
  check(__udivdi3(0xffffffffffffffffull, 3) == 0x5555555555555555ull, "udiv 2^64-1 / 3");
  check(__udivdi3(0x123456789abcdef0ull, 0x12345) == 0x100005b00205ull, "udiv by 17 bits");
  check(__umoddi3(0x123456789abcdef0ull, 0x12345) == 0xa497, "umod by 17 bits");
  check(__udivdi3(0xfedcba9876543210ull, 0x100000001ull) == 0xfedcba97, "udiv by 33 bits");
  check(__umoddi3(0xfedcba9876543210ull, 0x100000001ull) == 0x77777779, "umod by 33 bits");
  check(__udivdi3(5, 0x100000000ull) == 0 && __umoddi3(5, 0x100000000ull) == 5, "n < d");
  check(__divdi3(-1000000000000ll, 7) == -142857142857ll && __moddi3(-1000000000000ll, 7) == -1,
        "signed division truncates toward zero");
  check(__divdi3(1000000000000ll, -7) == -142857142857ll && __moddi3(1000000000000ll, -7) == 1,
        "remainder takes the dividend's sign");
  check(__divdi3(-9223372036854775807ll - 1, -1) == -9223372036854775807ll - 1,
        "INT64_MIN / -1 wraps");
  // Identity n == q*d + r with r < d over a pseudo-random sweep of sizes.
  bool ok = true;
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 300; ++i) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;  // xorshift64
    uint64_t n = x >> (i % 64);
    uint64_t d = (x * 0x2545f4914f6cdd1dull) >> (i % 61 + 3);
    if (d == 0) d = 1;
    uint64_t q = __udivdi3(n, d), r = __umoddi3(n, d);
    if (r >= d || q * d + r != n) ok = false;
  }
  check(ok, "udiv/umod identity over 300 pseudo-random pairs");
  group_done("division");
}

void test_bits() {
  check(__clzsi2(1) == 31 && __clzsi2(0x80000000u) == 0 && __clzsi2(0x00012345) == 15, "clz");
  check(__ctzsi2(1) == 0 && __ctzsi2(0x80000000u) == 31 && __ctzsi2(0x00012340) == 6, "ctz");
  check(__popcountsi2(0) == 0 && __popcountsi2(0xffffffffu) == 32 &&
        __popcountsi2(0x12345678) == 13, "popcount");
  check(__bswapsi2(0x11223344) == 0x44332211, "bswap");
  group_done("bits");
}

}  // namespace

int main() {
  test_printf();
  test_memory();
  test_division();
  test_bits();
  printf("runtime_test: %u checks, %u failed\n", g_checks, g_failed);
  return static_cast<int>(g_failed);
}
