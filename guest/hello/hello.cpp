// The first guest program: a fixed greeting and the machine the runtime detected
// (REX getsysid() board byte, or KN01 when no REX PROM started us), then exit(0), which
// returns to the PROM and ends an emulator run with status 0.
#include "console.h"
#include "prom.h"

int main() {
  printf("Hello from a bare-metal MIPS I guest!\n");
  printf("machine: %s\n", guest::machine_name());
  return 0;
}
