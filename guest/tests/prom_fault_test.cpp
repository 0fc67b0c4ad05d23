// What the boot ROM does when a program asks for something it does not provide, or faults
// while the ROM's vectors are still the ones in force (firmware/prom.cpp): it says what happened,
// in the board PROM's style for faults, and the run ends with exit status 1. The last boot
// argument picks the case: "unimplemented" (jump-table entry 18, initproto), "rex" (REX
// setjmp, KN02 only), "fault" (a load from an address nothing answers: a bus error).
#include "console.h"
#include "libc.h"
#include "prom.h"

using namespace guest;

int main(int argc, char** argv) {
  const char* what = argc > 1 ? argv[argc - 1] : "";
  printf("prom_fault_test: %s\n", what);
  console_drain();
  if (strcmp(what, "unimplemented") == 0) {
    reinterpret_cast<void (*)()>(0xbfc00000u + 8 * 18)();
  } else if (strcmp(what, "rex") == 0) {
    auto* vec = reinterpret_cast<void (*const*)()>(prom_args().callbacks);
    vec[0x4c / 4]();
  } else if (strcmp(what, "fault") == 0) {
    volatile uint32_t* nothing = reinterpret_cast<volatile uint32_t*>(0xb0000000u);  // phys 0x10000000
    printf("read %x\n", *nothing);
  }
  printf("prom_fault_test: the PROM returned\n");
  return 0;
}
