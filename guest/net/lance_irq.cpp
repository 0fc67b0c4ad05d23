// The LANCE's interrupt line per board (sources in lance_irq.h).
#include "lance_irq.h"

#include "mips.h"
#include "prom.h"

namespace guest::net {
namespace {

constexpr uint32_t kKn02Csr = 0xbff00000;  // system CSR (kseg1)
constexpr uint32_t kKn02LanceSource = 6;   // CSR bit 6 pending, bit 22 enable
constexpr uint32_t kKn02CsrWriteMask = 0x00ffff00;
constexpr uint32_t kIp2 = 1u << 10, kIp3 = 1u << 11;  // Cause.IP / Status.IM bits

bool kn02() { return lance_board_kn02(); }
volatile uint32_t* kn02_csr() { return reinterpret_cast<volatile uint32_t*>(kKn02Csr); }

}  // namespace

bool lance_board_kn02() { return machine_board() == Board::kKn02; }

uint32_t lance_irq_mask() { return kn02() ? kIp2 : kIp3; }

void lance_irq_board_restore(uint32_t enables) {
  if (!kn02()) return;
  const uint32_t csr = *kn02_csr();
  *kn02_csr() = (csr & kKn02CsrWriteMask & ~0x00ff0000u) | (enables & 0x00ff0000u);
  cpu::wbflush();
}

uint32_t lance_irq_board_enable(bool on) {
  if (!kn02()) return 0;
  const uint32_t before = *kn02_csr() & 0x00ff0000u;
  lance_irq_board_restore(on ? 1u << (16 + kKn02LanceSource) : 0);
  return before;
}

bool lance_irq_asserted() { return !kn02() || (*kn02_csr() & (1u << kKn02LanceSource)); }

}  // namespace guest::net
