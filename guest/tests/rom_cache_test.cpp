// The boot ROM's caches (emulator only): the sizes its reset path found by isolation
// (r3000-cpu.md §9; 64 KiB I and 64 KiB D on both boards), read from the ROM's state
// (firmware/layout.h PROM_STATE, PromState in firmware/prom.h: icache at +12, dcache at
// +16), and clear_cache/flushcache making freshly written code visible: a function is
// written into memory, run, rewritten, the PROM asked to clear the caches, run again.
#include "console.h"
#include "prom.h"

using namespace guest;

namespace {
alignas(16) uint32_t g_code[4];

uint32_t run_code() {
  auto* fn = reinterpret_cast<uint32_t (*)()>(g_code);  // kseg0: cached
  return fn();
}
void write_code(uint16_t value) {
  g_code[0] = 0x24020000u | value;  // addiu v0, zero, value
  g_code[1] = 0x03e00008u;          // jr ra
  g_code[2] = 0x00000000u;          // nop
}
}  // namespace

int main() {
  const volatile uint32_t* st = reinterpret_cast<const volatile uint32_t*>(0xa0011000u);
  printf("caches found by the ROM: I %u KiB, D %u KiB\n", st[3] / 1024, st[4] / 1024);
  using ClearFn = int(uint32_t, uint32_t);
  ClearFn* clear = prom_is_rex() ? reinterpret_cast<ClearFn*>(rex_callback(RexCallback::kClearCache))
                                 : prom_entry<ClearFn>(PromEntry::kClearcache);
  write_code(1);
  clear(reinterpret_cast<uint32_t>(g_code), sizeof g_code);
  printf("first code returns %u\n", run_code());
  write_code(2);
  clear(reinterpret_cast<uint32_t>(g_code), sizeof g_code);
  printf("after clear_cache: %u\n", run_code());
  write_code(3);
  prom_entry<void()>(PromEntry::kFlushcache)();
  printf("after flushcache: %u\n", run_code());
  return 0;
}
