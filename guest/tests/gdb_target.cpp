// A guest for the debugger tests (tests/guest/gdb_test.py): a loop that calls gdb_add
// (gdb_target.S, a branch with a delay slot) and stores into gdb_counter (a watchpoint's
// target), then a system call taken by a handler of its own at the general exception
// vector, then a line on the console and exit(0). Built with -g so that GDB knows the
// names; the code is what -O2 gives without it.
#include "console.h"
#include <stdint.h>

#include "libc.h"

using namespace guest;

extern "C" {
volatile uint32_t gdb_counter;
volatile uint32_t gdb_trapped;  // counted by gdb_handler
uint32_t gdb_add(uint32_t a, uint32_t b);
void gdb_trap();
extern const char gdb_handler[], gdb_handler_end[];
}

int main(int, char**) {
  for (uint32_t i = 0; i < 5; ++i) gdb_counter = gdb_add(gdb_counter, i);

  char saved[0x80];
  char* const vector = reinterpret_cast<char*>(0x80000080u);
  memcpy(saved, vector, sizeof saved);
  memcpy(vector, gdb_handler, uint32_t(gdb_handler_end - gdb_handler));
  gdb_trap();
  memcpy(vector, saved, sizeof saved);

  printf("gdb_target: counter %u, exceptions %u\n", unsigned(gdb_counter), unsigned(gdb_trapped));
  return 0;
}
