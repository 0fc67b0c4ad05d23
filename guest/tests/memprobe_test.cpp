// Memory sizing the way Linux sizes a DECstation 2100/3100 (arch/mips/dec/prom/memory.c,
// pmax_setup_memory_region): copy a handler over the general exception vector at
// 0x80000080 through kseg0, read kseg1 in 4 MiB steps until a load takes a bus error, then
// put the old vector back. It works only if the boot ROM entered the program with
// Status.BEV clear (exceptions through RAM) — a real DEC PROM does, and so must ours. Run
// on both boards: the KN02's bus timeout raises the same DBE.
#include "console.h"
#include "libc.h"
#include "mips.h"

using namespace guest;

extern "C" {
volatile uint32_t probe_err;  // the handler stores Status here
extern const char probe_handler[], probe_handler_end[];
}

namespace {
constexpr uint32_t kChunk = 0x400000;

uint32_t status() {
  uint32_t s;
  asm volatile("mfc0 %0, $12" : "=r"(s));
  return s;
}
}  // namespace

int main(int, char**) {
  const uint32_t entry_status = status();
  printf("memprobe_test: Status at entry: BEV %u\n", (entry_status & cpu::kStatusBEV) ? 1 : 0);

  char saved[0x80];
  char* const vector = reinterpret_cast<char*>(0x80000080u);
  memcpy(saved, vector, sizeof saved);
  memcpy(vector, probe_handler, uint32_t(probe_handler_end - probe_handler));

  volatile const uint8_t* page = reinterpret_cast<volatile const uint8_t*>(0xa0000000u + kChunk);
  const volatile uint8_t* const limit = reinterpret_cast<const volatile uint8_t*>(0xa0000000u + 0x1e00000);
  for (; probe_err == 0 && page < limit; page += kChunk) (void)*page;
  memcpy(vector, saved, sizeof saved);

  const uint32_t bytes = uint32_t(page - reinterpret_cast<volatile const uint8_t*>(0xa0000000u)) - kChunk;
  printf("memprobe_test: bus error %s, memory %u MiB\n", probe_err ? "taken" : "not taken", bytes >> 20);
  return 0;
}
