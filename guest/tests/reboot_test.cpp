// Reboot test (emulator only: GXemul's reboot just halts): every way a program can ask the
// PROM to start over, in turn, counting the boots in a PROM environment variable, which
// survives a reboot as DEC's NVRAM does (firmware/env.cpp), while the program's .data and
// .bss must be fresh at every start (the image is netbooted again: README "Boot protocol").
//   boot 0: jump-table autoboot (entry 5, NetBSD's reboot)
//   boot 1: REX rex('b') on a KN02 (NetBSD), jump-table reboot (entry 4) on a KN01
//   boot 2: jump to the reset vector 0xbfc00000 (Linux's restart): with bootmode "h" the
//           ROM stops at its prompt and the test's console input types a boot command
//   boot 3: exit through the jump-table restart (the run ends)
#include "console.h"
#include "prom.h"

using namespace guest;

namespace {
int g_data = 5;  // .data: 5 at every start
int g_bss;       // .bss: 0 at every start
using GetenvFn = char*(const char*);
using SetenvFn = int(const char*, const char*);
}  // namespace

int main(int argc, char** argv) {
  auto* getenv = prom_entry<GetenvFn>(PromEntry::kGetenv2);
  auto* setenv = prom_entry<SetenvFn>(PromEntry::kSetenv);
  const char* count = getenv("boots");
  const int boot = count ? count[0] - '0' : 0;
  printf("boot %d: data %d bss %d argc %d", boot, g_data, g_bss, argc);
  for (int i = 0; i < argc; ++i) printf(" [%s]", argv[i]);
  printf("\n");
  g_data = 6;
  g_bss = 7;
  const char next[2] = {char('0' + boot + 1), 0};
  setenv("boots", next);
  console_drain();
  switch (boot) {
    case 0:
      prom_entry<void()>(PromEntry::kAutoboot)();
      break;
    case 1:
      if (prom_is_rex()) reinterpret_cast<void (*)(int)>(rex_callback(RexCallback::kRex))('b');
      else prom_entry<void()>(PromEntry::kReboot)();
      break;
    case 2:
      prom_entry<void()>(PromEntry::kReset)();
      break;
    default:
      return 0;
  }
  printf("the PROM returned from boot %d's request\n", boot);
  return 1;
}
