// Compatibility guest (a): console output written straight to the DC7085, no PROM call
// but exit. The runtime's console (guest/runtime/console.cpp) polls CSR.TRDY/TLINE for
// line 3 and writes TDR, as gxemul-peer.md's last section describes. Output must be the
// same on GXemul and on emu (tests/compat/).
#include "console.h"

using guest::console_putc;

int main() {
  printf("compat_dz: console through the DC7085, line 3\n");
  // Every printable ASCII character, 32 to a line.
  for (int c = 32; c < 127; ++c) {
    console_putc(char(c));
    if ((c - 31) % 32 == 0) console_putc('\n');
  }
  console_putc('\n');
  // A long line: the transmitter must keep up without losing characters.
  for (int i = 0; i < 200; ++i) console_putc(char('a' + i % 26));
  console_putc('\n');
  printf("numbers: %d %u %x %X %o %5d|%-5d|%05d\n", -12345, 4000000000u, 0xdeadbeefu, 0xcafeu, 0755u, 42, 42, 42);
  printf("strings: [%s] [%8s] [%-8s] [%c%c]\n", "dz", "right", "left", 'o', 'k');
  printf("compat_dz: done\n");
  return 0;
}
