// Exception vector, interrupt dispatch and board interrupt enables for the guest network
// driver (see net_intr.h for the sources and rules).
#include "net_intr.h"

#include "console.h"
#include "lance.h"
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
constexpr uint32_t kKn02Csr = 0xbff00000;  // system CSR (kseg1)
constexpr uint32_t kKn02LanceSource = 6;   // CSR bit 6 pending, bit 22 enable
constexpr uint32_t kKn02CsrWriteMask = 0x00ffff00;
constexpr uint32_t kIp2 = 1u << 10, kIp3 = 1u << 11;  // Cause.IP / Status.IM bits

bool g_installed;
uint32_t g_saved_ioinIntEn;  // KN02 IOINTEN bits before we changed them

bool kn02() { return machine_board() == Board::kKn02; }
uint32_t lance_ip() { return kn02() ? kIp2 : kIp3; }
volatile uint32_t* kn02_csr() { return reinterpret_cast<volatile uint32_t*>(kKn02Csr); }

void kn02_set_enables(uint32_t enables) {
  const uint32_t csr = *kn02_csr();
  *kn02_csr() = (csr & kKn02CsrWriteMask & ~0x00ff0000u) | (enables & 0x00ff0000u);
  cpu::wbflush();
}

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
  if (kn02()) g_saved_ioinIntEn = *kn02_csr() & 0x00ff0000u;
  cpu::set_status(s & ~(cpu::kStatusBEV | cpu::kStatusIEc));
  g_installed = true;
}

void net_intr_enable(bool on) {
  if (!g_installed) return;
  uint32_t s = cpu::status() & ~cpu::kStatusIEc;
  cpu::set_status(s);
  if (kn02()) kn02_set_enables(on ? 1u << (16 + kKn02LanceSource) : 0);
  s &= ~cpu::kStatusImMask;
  if (on) s |= lance_ip() | cpu::kStatusIEc;
  cpu::set_status(s);
}

void net_intr_uninstall() {
  if (!g_installed) return;
  cpu::set_status(cpu::status() & ~(cpu::kStatusIEc | cpu::kStatusImMask));
  if (kn02()) kn02_set_enables(g_saved_ioinIntEn);
  cpu::set_status(cpu::status() | cpu::kStatusBEV);
  g_installed = false;
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
    if (pending & lance_ip()) {
      // KN02: IP2 is the CSR cascade; the LANCE is source 6 of it.
      if (!kn02() || (*kn02_csr() & (1u << kKn02LanceSource))) lance_interrupt();
    }
    return;
  }
  // Anything else is a bug in the program: report it the way the boot ROM would, and end.
  cpu::set_status(status | cpu::kStatusBEV);
  printf("\nnet: unexpected exception %u at pc 0x%08x (cause 0x%08x, badvaddr 0x%08x)\n",
         static_cast<unsigned>(code), static_cast<unsigned>(epc), static_cast<unsigned>(cause),
         static_cast<unsigned>(badvaddr));
  exit(1);
}
