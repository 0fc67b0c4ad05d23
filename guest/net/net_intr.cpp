// Exception vector, interrupt dispatch and board interrupt enables for the guest network
// driver (see net_intr.h for the sources and rules).
#include "net_intr.h"

#include "console.h"
#include "lance.h"
#include "lance_irq.h"
#include "mips.h"
#include "prom.h"

extern "C" {
extern const uint32_t net_vector[];
extern const uint32_t net_vector_end[];
void net_exception(uint32_t cause, uint32_t epc, uint32_t status, uint32_t badvaddr);
}

namespace guest::net {
namespace {

constexpr uint32_t kGeneralVector = 0x80000080;

bool g_installed;
uint32_t g_saved_ioinIntEn;  // KN02 IOINTEN bits before we changed them

using ClearFn = int(uint32_t, uint32_t);

}  // namespace

void net_intr_install() {
  if (g_installed) return;
  const uint32_t s = cpu::disable_interrupts();
  volatile uint32_t* v = reinterpret_cast<volatile uint32_t*>(kGeneralVector);
  const unsigned n = static_cast<unsigned>(net_vector_end - net_vector);
  for (unsigned i = 0; i < n; ++i) v[i] = net_vector[i];
  cpu::wbflush();
  // The vector is code: the I-cache must not keep an older line for it.
  ClearFn* clear = prom_is_rex() ? reinterpret_cast<ClearFn*>(rex_callback(RexCallback::kClearCache))
                                 : prom_entry<ClearFn>(PromEntry::kClearcache);
  clear(kGeneralVector, n * 4);
  g_saved_ioinIntEn = lance_irq_board_enable(false);
  cpu::set_status(s & ~(cpu::kStatusBEV | cpu::kStatusIEc));
  g_installed = true;
}

void net_intr_enable(bool on) {
  if (!g_installed) return;
  uint32_t s = cpu::status() & ~cpu::kStatusIEc;
  cpu::set_status(s);
  lance_irq_board_enable(on);
  s &= ~cpu::kStatusImMask;
  if (on) s |= lance_irq_mask() | cpu::kStatusIEc;
  cpu::set_status(s);
}

void net_intr_uninstall() {
  if (!g_installed) return;
  cpu::set_status(cpu::status() & ~(cpu::kStatusIEc | cpu::kStatusImMask));
  lance_irq_board_restore(g_saved_ioinIntEn);
  cpu::set_status(cpu::status() | cpu::kStatusBEV);
  g_installed = false;
}

int lance_open(const LanceConfig& cfg) {
  if (cfg.interrupts) net_intr_install();
  const int rc = lance_start(cfg);
  if (rc == 0 && cfg.interrupts) net_intr_enable(true);
  return rc;
}

void lance_close() {
  if (lance_stop() && lance_config().interrupts) net_intr_uninstall();
}

uint32_t net_irq_save() { return cpu::disable_interrupts(); }
void net_irq_restore(uint32_t status) { cpu::restore_interrupts(status); }

}  // namespace guest::net

using namespace guest;
using namespace guest::net;

// Called from net_exception_entry (net_asm.S) with interrupts off (the exception pushed
// the KU/IE stack); returns to EPC.
extern "C" void net_exception(uint32_t cause, uint32_t epc, uint32_t status, uint32_t badvaddr) {
  const uint32_t code = (cause & cpu::kCauseExcMask) >> cpu::kCauseExcShift;
  if (code == 0) {
    const uint32_t pending = cause & status & cpu::kStatusImMask;
    if ((pending & lance_irq_mask()) && lance_irq_asserted()) lance_interrupt();
    return;
  }
  // Anything else is a bug in the program: report it the way the boot ROM would, and end.
  cpu::set_status(status | cpu::kStatusBEV);
  printf("\nnet: unexpected exception %u at pc 0x%08x (cause 0x%08x, badvaddr 0x%08x)\n",
         static_cast<unsigned>(code), static_cast<unsigned>(epc), static_cast<unsigned>(cause),
         static_cast<unsigned>(badvaddr));
  exit(1);
}
