// Draws a known picture on a PMAG-BA frame buffer in TURBOchannel option slot 0 of a
// DECstation 5000/200 (emu --tc 0=pmag-ba), for the screenshot tests (tests/guest/
// screenshot_test.py): the option ROM's module name, a colour map, a pattern of 64 x 64
// blocks, the end of marked region 1 (the --screenshot-at region:1 picture), then a
// Bt459 cursor and one vertical-retrace interrupt taken through the system CSR and
// acknowledged at the card. Addresses: devices/tc/pmag_ba.h, devices/board/kn02_csr.h.
#include <stdint.h>

#include "console.h"
#include "emu_ops.h"

namespace {

constexpr uint32_t kSlot0 = 0xbe000000;  // kseg1: uncached
volatile uint8_t* const vram = reinterpret_cast<volatile uint8_t*>(kSlot0);
volatile uint32_t* const bt459 = reinterpret_cast<volatile uint32_t*>(kSlot0 + 0x200000);
volatile uint32_t* const irq_ack = reinterpret_cast<volatile uint32_t*>(kSlot0 + 0x300000);
volatile uint32_t* const rom = reinterpret_cast<volatile uint32_t*>(kSlot0 + 0x3c0000);
volatile uint32_t* const csr = reinterpret_cast<volatile uint32_t*>(0xbff00000);

void bt_select(uint32_t addr) {
  bt459[0] = addr & 0xff;
  bt459[1] = addr >> 8;
}

}  // namespace

int main() {
  char module[9];
  for (int i = 0; i < 8; ++i) module[i] = char(rom[(0x440 >> 2) + i] & 0xff);
  module[8] = 0;
  guest::emu::region_begin(1);  // drawing the pattern: region 1
  printf("fb_pattern_test: slot 0 module '%s'\n", module);

  // Colour map: entry i = RGB 3-3-2 bits of i, scaled to 8 bits.
  bt_select(0);
  for (uint32_t i = 0; i < 256; ++i) {
    bt459[3] = ((i >> 5) & 7) * 255 / 7;
    bt459[3] = ((i >> 2) & 7) * 255 / 7;
    bt459[3] = (i & 3) * 255 / 3;
  }
  // 64 x 64 blocks numbered left to right, top to bottom; a white (0xff) line every 128 rows.
  for (uint32_t y = 0; y < 864; ++y) {
    volatile uint32_t* row = reinterpret_cast<volatile uint32_t*>(vram + y * 1024);
    for (uint32_t x = 0; x < 1024; x += 4) {
      const uint32_t c = (y % 128 == 127) ? 0xff : ((x >> 6) + (y >> 6) * 16 + 1) & 0xff;
      row[x >> 2] = c * 0x01010101u;
    }
  }
  guest::emu::region_end(1);

  // Cursor: a 64 x 64 frame of colour 3 (white) around colour 2 (black), the rest clear,
  // its top left at (100, 200).
  bt_select(0x400);
  for (uint32_t r = 0; r < 64; ++r)
    for (uint32_t b = 0; b < 16; ++b) {
      const bool edge = r < 4 || r >= 60;
      uint32_t v = edge ? 0xff : 0x00;
      if (!edge && b == 0) v = 0xfe;   // pixels 0-2 colour 3, pixel 3 colour 2
      if (!edge && b == 15) v = 0xbf;  // pixel 60 colour 2, pixels 61-63 colour 3
      if (!edge && b > 0 && b < 15 && r >= 8 && r < 56) v = 0xaa;  // colour 2 inside
      bt459[2] = v;
    }
  static const uint8_t cursor_colours[9] = {0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff};
  bt_select(0x181);
  for (uint8_t v : cursor_colours) bt459[2] = v;
  bt_select(0x301);
  bt459[2] = (100 + 220) & 0xff;
  bt459[2] = (100 + 220) >> 8;
  bt459[2] = (200 + 35) & 0xff;
  bt459[2] = (200 + 35) >> 8;
  bt_select(0x300);
  bt459[2] = 0xc0;

  // One retrace interrupt: enable slot 0 (CSR bit 16), wait for IOINT bit 0, acknowledge.
  *irq_ack = 0;
  *csr = (*csr & 0x00ffff00) | (1u << 16);
  uint32_t spins = 0;
  while ((*csr & 1) == 0 && spins < 10000000) ++spins;
  const bool raised = (*csr & 1) != 0;
  *irq_ack = 0;
  const bool cleared = (*csr & 1) == 0;
  *csr = *csr & 0x0000ff00;
  printf("fb_pattern_test: retrace interrupt %s, %s after the acknowledge\n", raised ? "raised" : "missing",
         cleared ? "clear" : "still set");
  return 0;
}
