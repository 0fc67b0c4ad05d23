// Draws a known picture on the DECstation 2100/3100's on-board frame buffer (emu --fb
// colour or --fb mono), for the screenshot tests (tests/guest/screenshot_test.py). CSR.MONO
// says which is fitted. Colour: the same colour map and 64 x 64 blocks as
// fb_pattern_test.cpp (so the region-1 picture equals the PMAG-BA's), then a PCC cursor.
// Mono: 64 x 64 checkerboard squares, written under a plane mask that keeps every other
// pixel column of the right half dark. Both: one VINT through PCC region 2, cleared in the
// CSR. Addresses: devices/video/kn01_fb.h, devices/board/kn01_csr.h.
#include <stdint.h>

#include "console.h"
#include "emu_ops.h"

namespace {

volatile uint8_t* const vram = reinterpret_cast<volatile uint8_t*>(0xafc00000);
volatile uint32_t* const plane_mask = reinterpret_cast<volatile uint32_t*>(0xb0000000);
volatile uint32_t* const pcc = reinterpret_cast<volatile uint32_t*>(0xb1000000);
volatile uint32_t* const vdac = reinterpret_cast<volatile uint32_t*>(0xb2000000);
volatile uint16_t* const csr = reinterpret_cast<volatile uint16_t*>(0xbe000000);
constexpr uint16_t kMono = 0x0800, kVint = 0x0200;
enum { kCmdr = 0, kXpos = 1, kYpos = 2, kMemory = 15 };
constexpr uint32_t kLodsa = 0x1000, kEnrg2 = 0x0400, kEnpb = 0x0004, kEnpa = 0x0001;

void colour_pattern() {
  vdac[0] = 0;  // colour-map write address
  for (uint32_t i = 0; i < 256; ++i) {
    vdac[1] = ((i >> 5) & 7) * 255 / 7;
    vdac[1] = ((i >> 2) & 7) * 255 / 7;
    vdac[1] = (i & 3) * 255 / 3;
  }
  for (uint32_t y = 0; y < 864; ++y) {
    volatile uint32_t* row = reinterpret_cast<volatile uint32_t*>(vram + y * 1024);
    for (uint32_t x = 0; x < 1024; x += 4) {
      const uint32_t c = (y % 128 == 127) ? 0xff : ((x >> 6) + (y >> 6) * 16 + 1) & 0xff;
      row[x >> 2] = c * 0x01010101u;
    }
  }
}

void mono_pattern() {
  for (uint32_t y = 0; y < 864; ++y) {
    volatile uint32_t* row = reinterpret_cast<volatile uint32_t*>(vram + y * 256);
    for (uint32_t x = 0; x < 1024; x += 32) {
      *plane_mask = x < 512 ? 0xff : 0x55;  // right half: only even columns can light up
      row[x >> 5] = (((x >> 6) + (y >> 6)) & 1) ? 0xffffffffu : 0;
    }
  }
  *plane_mask = 0xff;
}

// A 16 x 16 cursor at (300, 100): plane A everywhere, plane B on the border: overlay 12
// (yellow) on the border, 8 (red) inside.
void cursor() {
  vdac[4] = 0;  // overlay write address
  for (uint32_t i = 0; i < 16; ++i) {
    const uint32_t rgb = i == 8 ? 0xff0000 : i == 12 ? 0xffff00 : 0;
    vdac[5] = rgb >> 16;
    vdac[5] = (rgb >> 8) & 0xff;
    vdac[5] = rgb & 0xff;
  }
  pcc[kCmdr] = kLodsa;
  for (uint32_t r = 0; r < 16; ++r) pcc[kMemory] = 0xffff;                                     // plane A
  for (uint32_t r = 0; r < 16; ++r) pcc[kMemory] = (r == 0 || r == 15) ? 0xffff : 0x8001;     // plane B
  pcc[kXpos] = 300 + 212;
  pcc[kYpos] = 100 + 34;
  pcc[kCmdr] = kEnpa | kEnpb;
}

}  // namespace

int main() {
  const bool mono = (*csr & kMono) != 0;
  printf("fb_kn01_test: %s frame buffer\n", mono ? "mono" : "colour");
  guest::emu::region_begin(1);
  if (mono) mono_pattern();
  else colour_pattern();
  guest::emu::region_end(1);
  if (!mono) cursor();

  pcc[kCmdr] = pcc[kCmdr] | kEnrg2;
  uint32_t spins = 0;
  while ((*csr & kVint) == 0 && spins < 10000000) ++spins;
  const bool raised = (*csr & kVint) != 0;
  *csr = kVint | 0xff;  // write 1 to clear; LEDs off
  const bool cleared = (*csr & kVint) == 0;
  pcc[kCmdr] = pcc[kCmdr] & ~kEnrg2;
  printf("fb_kn01_test: VINT %s, %s after the write\n", raised ? "raised" : "missing", cleared ? "clear" : "still set");
  return 0;
}
