// User library: console output for printf, test checks, stacks (see ulib.h).
#include "ulib.h"

namespace {

char g_line[128];
unsigned g_len;
unsigned g_failures;
uint32_t g_heap_next = kabi::kUserHeapStart;  // the kernel's demand-zero heap region

}  // namespace

// The runtime's printf writes through this (instead of the DC7085 the kernel owns).
void guest::console_putc(char c) {
  g_line[g_len++] = c;
  if (c == '\n' || g_len == sizeof g_line) ulib::flush();
}

extern "C" [[noreturn]] void exit(int status) {
  ulib::flush();
  sys_task_exit(status);
}

namespace ulib {

void flush() {
  if (g_len) sys_write(g_line, g_len);
  g_len = 0;
}

void check(bool ok, const char* what, int got, int expected) {
  if (ok) {
    printf("PASS: %s\n", what);
  } else {
    ++g_failures;
    printf("FAIL: %s (got %d, expected %d)\n", what, got, expected);
  }
}

void check_eq(int got, int expected, const char* what) { check(got == expected, what, got, expected); }

unsigned failures() { return g_failures; }

uint32_t alloc(uint32_t bytes, uint32_t align) {
  const uint32_t at = (g_heap_next + align - 1) & ~(align - 1);
  if (at < g_heap_next || bytes > kabi::kUserHeapEnd - at) return 0;
  g_heap_next = at + bytes;
  return at;
}

uint32_t alloc_stack() { return alloc(4096, 4) + 4096 - 16; }

}  // namespace ulib
