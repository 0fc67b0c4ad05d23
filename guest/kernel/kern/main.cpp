// Kernel start: the runtime's crt0 has cleared .bss, found the board and opened the
// console. We install our exception vectors (Status.BEV cleared: nothing of the PROM's
// exception handling is used from here on), set up the TLB, memory, the scheduler and the
// clock, start the programs named on the command line, and become the idle thread.
#include "abi.h"
#include "cache.h"
#include "dev/clock.h"
#include "dev/net.h"
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
// Pages for user tasks: from the end of the kernel image to the top of memory as the
// PROM's `bitmaplen` variable gives it (the memory bitmap's length in 32-bit words, one
// bit per 4 KiB page: NetBSD pmax promcall.c), at most kMaxManagedBytes; 4 MiB (the
// smallest memory of the three machines) when the PROM does not say.
uint32_t managed_top() {
  using Getenv = const char*(const char*);
  // The REX vector's getenv where there is one (GXemul passes the REX magic on every
  // model), else the old jump table's.
  auto* getenv = guest::prom_is_rex()
                     ? reinterpret_cast<Getenv*>(guest::rex_callback(guest::RexCallback::kGetenv))
                     : guest::prom_entry<Getenv>(guest::PromEntry::kGetenv2);
  const char* v = getenv("bitmaplen");
  uint32_t words = 0;
  if (v && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
    for (v += 2; *v; ++v) {
      const char c = *v;
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0 || words > 0x0fffffff) { words = 0; break; }
      words = words * 16 + uint32_t(d);
    }
  }
  if (!words) return phys_to_kseg0(4u << 20);
  if (words > kMaxManagedBytes / (32 * kPageSize)) return phys_to_kseg0(kMaxManagedBytes);
  return phys_to_kseg0(words * 32 * kPageSize);  // 32 pages per word
}

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
  page_init(reinterpret_cast<uint32_t>(_end) + skip * kPageSize, managed_top());
  sched_init();
  clock_init();
  printf("kernel: %s, %u kHz, %u free pages\n", guest::machine_name(),
         static_cast<unsigned>(cpu_khz()), static_cast<unsigned>(pages_free()));
  net_boot_args(argc, argv);
  cpu::set_status(cpu::status() | clock_interrupt_mask() | net_interrupt_mask());

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
