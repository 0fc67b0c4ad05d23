// Freestanding memory and string functions for MIPS I guests (R2000/R3000).
// Word-at-a-time where the alignment allows. MIPS I has lwl/lwr (unaligned word load as
// two instructions) but no unaligned-capable stores, so copies align the destination and
// read the source with lwl/lwr when the two disagree; GCC emits lwl/lwr for the packed
// struct access below. Source: MIPS R2000/R3000 ISA (shared/reference/r3000-cpu.md §5).
//
// This file is compiled with -fno-tree-loop-distribute-patterns (see guest/CMakeLists.txt)
// so GCC does not turn these very loops back into calls to memcpy/memset.
#include "libc.h"

#include <stdint.h>

namespace {

struct __attribute__((packed, may_alias)) UnalignedWord {
  uint32_t v;
};
using AliasWord = uint32_t __attribute__((may_alias));

inline bool aligned4(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 3) == 0; }

}  // namespace

extern "C" {

void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (n >= 8) {
    while (!aligned4(d)) {
      *d++ = *s++;
      --n;
    }
    auto* dw = reinterpret_cast<AliasWord*>(d);
    if (aligned4(s)) {
      const auto* sw = reinterpret_cast<const AliasWord*>(s);
      for (; n >= 16; n -= 16, dw += 4, sw += 4) {
        uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
        dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
      }
      for (; n >= 4; n -= 4) *dw++ = *sw++;
      s = reinterpret_cast<const unsigned char*>(sw);
    } else {
      const auto* sw = reinterpret_cast<const UnalignedWord*>(s);
      for (; n >= 8; n -= 8, dw += 2, sw += 2) {
        uint32_t a = sw[0].v, b = sw[1].v;
        dw[0] = a; dw[1] = b;
      }
      for (; n >= 4; n -= 4) *dw++ = (sw++)->v;
      s = reinterpret_cast<const unsigned char*>(sw);
    }
    d = reinterpret_cast<unsigned char*>(dw);
  }
  while (n--) *d++ = *s++;
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  // A forward copy is safe unless the destination starts inside the source.
  if (d <= s || d >= s + n) return memcpy(dst, src, n);
  d += n;
  s += n;
  if (n >= 8 && ((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 3) == 0) {
    while (!aligned4(d)) {
      *--d = *--s;
      --n;
    }
    auto* dw = reinterpret_cast<AliasWord*>(d);
    const auto* sw = reinterpret_cast<const AliasWord*>(s);
    for (; n >= 4; n -= 4) *--dw = *--sw;
    d = reinterpret_cast<unsigned char*>(dw);
    s = reinterpret_cast<const unsigned char*>(sw);
  }
  while (n--) *--d = *--s;
  return dst;
}

void* memset(void* dst, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  if (n >= 8) {
    while (!aligned4(d)) {
      *d++ = static_cast<unsigned char>(c);
      --n;
    }
    uint32_t w = static_cast<unsigned char>(c);
    w |= w << 8;
    w |= w << 16;
    auto* dw = reinterpret_cast<AliasWord*>(d);
    for (; n >= 16; n -= 16, dw += 4) {
      dw[0] = w; dw[1] = w; dw[2] = w; dw[3] = w;
    }
    for (; n >= 4; n -= 4) *dw++ = w;
    d = reinterpret_cast<unsigned char*>(dw);
  }
  while (n--) *d++ = static_cast<unsigned char>(c);
  return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
  const auto* p = static_cast<const unsigned char*>(a);
  const auto* q = static_cast<const unsigned char*>(b);
  for (; n; --n, ++p, ++q)
    if (*p != *q) return *p < *q ? -1 : 1;
  return 0;
}

size_t strlen(const char* s) {
  const char* p = s;
  while (*p) ++p;
  return static_cast<size_t>(p - s);
}

int strcmp(const char* a, const char* b) {
  const auto* p = reinterpret_cast<const unsigned char*>(a);
  const auto* q = reinterpret_cast<const unsigned char*>(b);
  while (*p && *p == *q) ++p, ++q;
  return (*p > *q) - (*p < *q);
}

int strncmp(const char* a, const char* b, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(a);
  const auto* q = reinterpret_cast<const unsigned char*>(b);
  for (; n; --n, ++p, ++q) {
    if (*p != *q) return *p < *q ? -1 : 1;
    if (*p == 0) break;
  }
  return 0;
}

char* strcpy(char* dst, const char* src) {
  char* d = dst;
  while ((*d++ = *src++) != 0) {
  }
  return dst;
}

}  // extern "C"
