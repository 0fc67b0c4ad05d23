// The LK201 keyboard and VSXXX mouse that a frame buffer brings to DZ lines 0 and 1,
// driven the way Linux lkkbd.c / vsxxxaa.c and NetBSD dzkbd.c / dzms.c set the lines up:
// line 0 4800 baud 8N1 (LPR 0x1c18), line 1 4800 baud 8 bits odd parity (LPR 0x1cd9).
// Sends the keyboard's power-up test (0xfd) and ID request (0xab), the mouse's self-test
// ('T'), and prints the bytes that come back. Sources: devices/lk201/*.h.
#include <stdint.h>

#include "console.h"
#include "prom.h"

namespace {

uint32_t dz_base;
volatile uint16_t* reg(uint32_t off) { return reinterpret_cast<volatile uint16_t*>(dz_base + off); }
enum : uint32_t { kCsr = 0x00, kRbuf = 0x08, kLpr = 0x08, kTcr = 0x10, kTdr = 0x18 };
constexpr uint16_t kTrdy = 0x8000, kRdone = 0x0080, kDval = 0x8000;

// Transmit one byte on `line`, with only that line's transmitter enabled meanwhile: the
// DZ's scanner stops at the first ready line, and the console's idle line 3 would hold it.
void send(unsigned line, uint8_t b) {
  const uint16_t tcr = *reg(kTcr);
  *reg(kTcr) = uint16_t(1u << line);
  for (uint32_t i = 0; i < 1000000; ++i) {
    const uint16_t csr = *reg(kCsr);
    if ((csr & kTrdy) && ((csr >> 8) & 3) == line) {
      *reg(kTdr) = b;
      break;
    }
  }
  for (uint32_t i = 0; i < 1000000; ++i) {  // the character is out when the line is ready again
    const uint16_t csr = *reg(kCsr);
    if ((csr & kTrdy) && ((csr >> 8) & 3) == line) break;
  }
  *reg(kTcr) = tcr;
}

// Up to `n` received bytes from `line` (others are dropped), until a quiet spell.
unsigned receive(unsigned line, uint8_t* out, unsigned n) {
  unsigned got = 0;
  for (uint32_t idle = 0; got < n && idle < 200000; ++idle) {
    if ((*reg(kCsr) & kRdone) == 0) continue;
    const uint16_t rb = *reg(kRbuf);
    if ((rb & kDval) && ((rb >> 8) & 3) == line) out[got++] = uint8_t(rb), idle = 0;
  }
  return got;
}

void exchange(const char* what, unsigned line, uint8_t cmd, unsigned expect) {
  uint8_t reply[8];
  send(line, cmd);
  const unsigned got = receive(line, reply, expect);
  printf("lk201_test: %s:", what);
  for (unsigned i = 0; i < got; ++i) printf(" %02x", reply[i]);
  printf("\n");
}

}  // namespace

int main() {
  dz_base = guest::machine_board() == guest::Board::kKn02 ? 0xbfe00000u : 0xbc000000u;
  *reg(kLpr) = 0x1c18;  // line 0: RXENAB, 4800 baud, 8 bits
  *reg(kLpr) = 0x1cd9;  // line 1: RXENAB, 4800 baud, 8 bits, odd parity
  exchange("keyboard power-up test", 0, 0xfd, 4);
  exchange("keyboard ID", 0, 0xab, 2);
  exchange("mouse self-test", 1, 'T', 4);
  return 0;
}
