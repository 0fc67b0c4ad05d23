// Kernel start: the runtime's crt0 has cleared .bss, found the board and opened the
// console. We install our exception vectors (Status.BEV cleared: nothing of the PROM's
// exception handling is used from here on), set up the TLB, memory, the scheduler and the
// clock, start the programs named on the command line, and become the idle thread.
#include "abi.h"
#include "cache.h"
#include "dev/clock.h"
#include "klib.h"
#include "mips.h"
#include "prom.h"
#include "sched/sched.h"
#include "task/task.h"
#include "vm/page.h"
#include "vm/pmap.h"

extern "C" {
extern const uint32_t utlb_refill[], utlb_refill_end[];
extern const uint32_t general_vector[], general_vector_end[];
extern char _end[];
}

namespace kern {
namespace {

constexpr uint32_t kUtlbVector = 0x80000000, kGeneralVector = 0x80000080;
// Pages for user tasks: from the end of the kernel image to 4 MiB, the smallest memory
// of any of the three machines (KN01: 4 MiB; KN02: 8 MiB).
constexpr uint32_t kManagedTop = 0x80400000;

void install(uint32_t at, const uint32_t* from, const uint32_t* to) {
  auto* v = reinterpret_cast<volatile uint32_t*>(at);
  for (const uint32_t* p = from; p != to; ++p) *v++ = *p;
}

}  // namespace
}  // namespace kern

using namespace kern;

int main(int argc, char** argv) {
  namespace cpu = guest::cpu;
  cpu::set_status(cpu::status() & ~(cpu::kStatusIEc | cpu::kStatusImMask));
  install(kUtlbVector, utlb_refill, utlb_refill_end);
  install(kGeneralVector, general_vector, general_vector_end);
  cpu::wbflush();
  cache_icache_invalidate(kUtlbVector, 0x100);
  pmap_init();
  cpu::set_status(cpu::status() & ~cpu::kStatusBEV);

  // pageskip=N (N < 64) leaves the first N pages unused: every user page then sits N pages
  // further on, and so N lines of 4 KiB further round the caches, which are direct-mapped
  // and physically indexed. tools/experiment varies N to place the benchmark's code and
  // data against the kernel's (README "Measurements": cache-conscious placement).
  uint32_t skip = 0;
  for (int i = 0; i < argc; ++i)
    if (strncmp(argv[i], "pageskip=", 9) == 0) {
      const char* p = argv[i] + 9;
      skip = 0;
      for (; *p >= '0' && *p <= '9' && skip < 64; ++p) skip = skip * 10 + (*p - '0');
      if (*p || p == argv[i] + 9 || skip >= 64) panic("%s: want pageskip=N, N from 0 to 63", argv[i]);
      printf("kernel: %u pages skipped\n", static_cast<unsigned>(skip));
    }
  page_init(reinterpret_cast<uint32_t>(_end) + skip * kPageSize, kManagedTop);
  sched_init();
  clock_init();
  printf("kernel: %s, %u kHz, %u free pages\n", guest::machine_name(),
         static_cast<unsigned>(cpu_khz()), static_cast<unsigned>(pages_free()));
  cpu::set_status(cpu::status() | clock_interrupt_mask());

  // The programs to start: every argument that names an embedded image.
  unsigned started = 0;
  for (int i = 0; i < argc; ++i) {
    if (!image_exists(argv[i])) continue;
    Task* t = task_spawn(argv[i], 0, kabi::kPriorityUser);
    if (!t) panic("cannot start %s", argv[i]);
    make_ready(t->threads);
    ++started;
  }
  if (!started) {
    images_list();
    printf("kernel: nothing to run (name programs after the kernel's file name)\n");
    halt(0);
  }
  idle_loop();
}
