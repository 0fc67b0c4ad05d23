// DS1287 periodic interrupt (see clock.h).
// Sources: shared/reference/dz-rtc-prom.md §2 (register n at +4n; A = 0x20 | RS, RS 8 =
// 256 Hz; B bit 6 PIE, bit 2 DM binary, bit 1 24 h; C bit 6 PF, reading C clears it and
// the IRQ; kernels ack with a byte load of C), decstation-memory-maps.md (KN01 clock at
// phys 0x1d000000 on Int3, KN02 at 0x1fe80000 on Int1).
#include "clock.h"

#include "emu_ops.h"
#include "mips.h"
#include "prom.h"

namespace kern {
namespace {

constexpr uint32_t kRtcKn01 = 0xbd000000, kRtcKn02 = 0xbfe80000;  // kseg1
constexpr unsigned kRegA = 10, kRegB = 11, kRegC = 12;
constexpr uint8_t kA32kHz = 0x20, kRs256Hz = 8;
constexpr uint8_t kBPie = 0x40, kBBinary = 0x04, kB24h = 0x02;
constexpr uint8_t kCPf = 0x40;
constexpr uint32_t kIp5 = 1u << 13, kIp3 = 1u << 11;
constexpr unsigned kCalibrationTicks = 4;

uint32_t g_base = kRtcKn01;
uint32_t g_khz;

volatile uint8_t* reg(unsigned n) { return reinterpret_cast<volatile uint8_t*>(g_base + 4 * n); }

// Bounded, for a clock that never ticks. 10^6 polls take at least 8 M cycles (each is an
// uncached device read, 8 cycles or more), 320 ms at 25 MHz: far beyond a 3.9 ms tick, yet
// short on GXemul 0.7, whose DS1287 flag we never see set (guest/kernel/README.md).
void wait_periodic_flag() {
  for (unsigned i = 0; i < 1000000; ++i)
    if (*reg(kRegC) & kCPf) return;
}

}  // namespace

void clock_init() {
  const bool kn02 = guest::machine_board() == guest::Board::kKn02;
  g_base = kn02 ? kRtcKn02 : kRtcKn01;
  *reg(kRegA) = kA32kHz | kRs256Hz;
  *reg(kRegB) = kBBinary | kB24h;  // periodic flag runs, no interrupt yet
  guest::cpu::wbflush();
  wait_periodic_flag();
  const uint32_t start = guest::emu::cycles();
  for (unsigned i = 0; i < kCalibrationTicks; ++i) wait_periodic_flag();
  const uint32_t cycles = guest::emu::cycles() - start;
  g_khz = static_cast<uint32_t>((static_cast<uint64_t>(cycles) * kClockHz / kCalibrationTicks + 500) / 1000);
  *reg(kRegB) = kBPie | kBBinary | kB24h;
  (void)*reg(kRegC);
  guest::cpu::wbflush();
}

uint32_t clock_interrupt_mask() {
  return guest::machine_board() == guest::Board::kKn02 ? kIp3 : kIp5;
}

void clock_ack() { (void)*reg(kRegC); }

uint32_t cpu_khz() { return g_khz; }

}  // namespace kern
