// Brooktree Bt478 RAMDAC, the KN01 frame buffer's "VDAC" at physical 0x12000000: 256
// colour-map entries, 16 overlay entries (the PCC cursor's colours), a pixel read mask.
//
// Sources: MAME src/devices/video/bt47x.cpp and src/mame/dec/kn01.cpp, NetBSD
// sys/arch/pmax/ibus/pm.c, Ultrix pmvdac.c; framebuffers-lk201.md §1.2.
//
// Byte registers in lane 0 of the words at +4n, repeating every 0x20 (decision: through
// the whole window): +0x00 colour-map write address, +0x04 colour-map data, +0x08 pixel
// read mask, +0x0c colour-map read address, +0x10 overlay write address, +0x14 overlay
// data, +0x18 reserved, +0x1c overlay read address. Data is R, G, B (8 bits each); the
// address moves on after B; writing an address register restarts at R.
// Reset (decision, as the Bt459's): entry 0 black, the rest white, overlays black, mask 0xff.
#pragma once
#include <array>

#include "devices/device.h"

namespace emu {

class Bt478 final : public Device {
 public:
  void state(StateIo& io) override;
  Bt478() { reset(); }
  const char* name() const override { return "bt478"; }
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;

  u32 colour(u8 pixel) const { return map_[pixel & mask_]; }  // 0x00RRGGBB
  u32 overlay(unsigned n) const { return overlay_[n & 15]; }

 private:
  static void set_gun(u32& rgb, unsigned gun, u8 v) {
    const unsigned shift = 16 - 8 * gun;
    rgb = (rgb & ~(0xffu << shift)) | u32(v) << shift;
  }
  std::array<u32, 256> map_{};
  std::array<u32, 16> overlay_{};
  u8 mask_ = 0xff;
  u8 addr_ = 0;
  unsigned gun_ = 0;
  bool overlay_sel_ = false;  // the address last written was the overlay one
};

}  // namespace emu
