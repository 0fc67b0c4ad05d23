// Compatibility guest (b): console output through the PROM's printf and putchar: the old
// jump table on a KN01 (printf = entry 17 at 0xbfc00088, putchar = entry 13), the REX
// callback vector on a KN02 (printf at offset 0x30, puts at 0x2c; putchar still from the
// jump table, which the KN02 PROM keeps). Reference dz-rtc-prom.md §3.1, §3.2. Only
// conversions GXemul's PROM printf knows (%c %d %s %x, at most three arguments) are used,
// except in the lines tests/compat/differences/ names.
#include "prom.h"

using namespace guest;

namespace {
using PrintfFn = int(const char*, ...);
using PutcharFn = int(int);
using PutsFn = int(const char*);
}  // namespace

int main() {
  const bool kn02 = machine_board() == Board::kKn02;
  PrintfFn* pf = kn02 ? reinterpret_cast<PrintfFn*>(rex_callback(RexCallback::kPrintf))
                      : prom_entry<PrintfFn>(PromEntry::kPrintf);
  PutcharFn* pc = prom_entry<PutcharFn>(PromEntry::kPutchar);
  pf("compat_promio: printf through the %s\n", kn02 ? "REX callback vector" : "old jump table");
  pf("ints: %d %d %d\n", 0, -1, 2147483647);
  pf("more ints: %d %d\n", -2147483647 - 1, 1000000);
  pf("hex: %x %x %x\n", 0xdeadbeefu, 0u, 0x1234u);
  pf("string and char: %s %c%c\n", "prom", 'o', 'k');
  pf("three strings: %s|%s|%s\n", "a", "", "ccc");
  const char* word = "putchar\n";
  while (*word) pc(*word++);
  if (kn02) {
    auto* puts = reinterpret_cast<PutsFn*>(rex_callback(RexCallback::kPuts));
    puts("puts: a line and its newline");
  } else {
    pf("puts: a line and its newline\n");  // GXemul's jump table has no puts (entry 16)
  }
  pf("width: [%5d] [%08x]\n", 42, 0xbeefu);
  pf("percent: 100%%\n");
  pf("compat_promio: done\n");
  return 0;
}
