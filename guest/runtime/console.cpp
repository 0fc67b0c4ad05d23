// Polled console on the DC7085 (DZ) serial line 3 of the DECstation KN01 and KN02.
// Sources: shared/reference/dz-rtc-prom.md §1 (registers are 16 bits wide in bits
// 15:0 of words at an 8-byte stride; CSR/LPR/TCR/TDR bits; line 3 is the console at 9600
// 8N1), §1.7 (NetBSD dz_ibus.c polled console sequence), decstation-memory-maps.md (KN01 DZ
// at phys 0x1c000000, KN02 at 0x1fe00000; accessed through uncached kseg1).
#include "console.h"

#include <stdint.h>

#include "mips.h"
#include "prom.h"

namespace guest {
namespace {

constexpr uint32_t kDzBaseKn01 = 0xbc000000;  // kseg1 of phys 0x1c000000
constexpr uint32_t kDzBaseKn02 = 0xbfe00000;  // kseg1 of phys 0x1fe00000

// Register offsets (16-bit registers, 8-byte stride).
enum DzReg : uint32_t { kCsr = 0x00, kLpr = 0x08, kTcr = 0x10, kTdr = 0x18 };

// CSR bits.
constexpr uint16_t kCsrTrdy = 1u << 15;     // transmitter ready (line in TLINE)
constexpr unsigned kCsrTlineShift = 8;      // TLINE, bits 9:8
constexpr uint16_t kCsrTlineMask = 3u << kCsrTlineShift;
constexpr uint16_t kCsrMse = 1u << 5;       // master scan enable

// LPR fields.
constexpr uint16_t kLprSpeed9600 = 14u << 8;
constexpr uint16_t kLpr8Bits = 3u << 3;

constexpr unsigned kConsoleLine = 3;

uint32_t g_dz_base = kDzBaseKn01;

inline volatile uint16_t* reg(DzReg r) {
  return reinterpret_cast<volatile uint16_t*>(g_dz_base + r);
}

inline bool line_ready(uint16_t csr) {
  return (csr & kCsrTrdy) && ((csr & kCsrTlineMask) >> kCsrTlineShift) == kConsoleLine;
}

}  // namespace

void console_init() {
  g_dz_base = machine_board() == Board::kKn02 ? kDzBaseKn02 : kDzBaseKn01;
  // Scanner off while the line is set up, then only line 3's transmitter enabled, so the
  // scanner never stops on another line's TRDY.
  *reg(kCsr) = 0;
  *reg(kTcr) = 1u << kConsoleLine;
  *reg(kCsr) = kCsrMse;
  // Receiver off: guests only print, and an enabled receiver would take console input
  // meant for the PROM's prompt after the program ends (a reboot loses what it took).
  *reg(kLpr) = kLprSpeed9600 | kLpr8Bits | kConsoleLine;  // 0x0e1b
  cpu::wbflush();
}

static void put_raw(char c) {
  while (!line_ready(*reg(kCsr))) {
  }
  *reg(kTdr) = static_cast<uint8_t>(c);  // high byte 0: no break
  cpu::wbflush();
}

void console_putc(char c) {
  if (c == '\n') put_raw('\r');
  put_raw(c);
}

void console_write(const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) console_putc(s[i]);
}

void console_drain() {
  // One character at 9600 baud is about 17,000 cycles of a 16.67 MHz R2000 and each poll
  // takes several, so this bound is generous and still ends if the DZ never answers.
  for (unsigned i = 0; i < 200000; ++i)
    if (line_ready(*reg(kCsr))) return;
}

}  // namespace guest
