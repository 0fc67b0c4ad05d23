// panic and halt: the kernel's ways out.
#include "klib.h"

#include <stdarg.h>

#include "mips.h"
#include "prom.h"

namespace kern {

void halt(int status) {
  guest::console_drain();
  // The PROM's restart entry expects its own (BEV) vectors and interrupts off.
  guest::cpu::set_status((guest::cpu::status() | guest::cpu::kStatusBEV) &
                         ~(guest::cpu::kStatusIEc | guest::cpu::kStatusImMask));
  exit(status);
}

void panic(const char* fmt, ...) {
  guest::cpu::set_status(guest::cpu::status() & ~guest::cpu::kStatusIEc);
  printf("\nkernel panic: ");
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  guest::console_drain();
  // A breakpoint under the PROM's vectors: the PROM reports it and the run fails (an
  // emulator exits with status 1), where halt() would end it as a success.
  guest::cpu::set_status(guest::cpu::status() | guest::cpu::kStatusBEV);
  asm volatile("break 7");
  halt(3);
}

}  // namespace kern
