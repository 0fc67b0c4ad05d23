// Brooktree Bt459 RAMDAC: the colour map, control registers and 64 x 64 hardware cursor of
// the PMAG-BA (and other DEC TURBOchannel frame buffers).
//
// Sources: MAME src/devices/video/bt459.cpp, NetBSD sys/dev/ic/bt459reg.h and
// sys/dev/tc/cfb.c (register map, initialisation, cursor offsets), Linux
// drivers/video/fbdev/pmag-ba-fb.c (colour map writes); framebuffers-lk201.md §3.
//
// Four byte ports (the card decides where; PMAG-BA: +0, +4, +8, +0xc): address low,
// address high, register data, colour-map data. Only bits 7:0 of an access count (NetBSD
// writes words, Linux bytes).
//   address      12 bits, (high & 0xf) << 8 | low; writing either half also resets the
//                R/G/B step counter.
//   colour map   R, G, B of entry address & 0xff; the address moves on after B.
//   register     0x100-0x10f overlay colours and 0x181-0x183 cursor colours take R, G, B
//                (address moves on after B); any other register: one access, then the
//                address moves on. 0x200 ID (reads 0x4a), 0x201-0x203 command 0-2, 0x204
//                pixel read mask, 0x206 blink mask, 0x208-0x20b overlay masks, interleave,
//                test; 0x20c-0x20e signatures (read 0); 0x300 cursor command (bits 7:6
//                non-zero: cursor shown), 0x301/0x302 cursor X low/high, 0x303/0x304 Y,
//                0x305-0x30c window; 0x400-0x7ff cursor RAM: 64 rows of 16 bytes, 2 bits a
//                pixel, leftmost pixel in bits 7:6 (0 transparent, 1-3 cursor colour 1-3).
// Cursor placement (NetBSD cfb.c): the image's top left is at screen
// (X - kCursorXOffset, Y - kCursorYOffset).
// Reset (decision, UNCONFIRMED: the chip's power-up contents are undefined and the real
// option ROM initialises it; Linux trusts it did): the values NetBSD's cfbhwinit loads
// (command 0-2 = 0x40, 0x00, 0xc0, pixel read mask 0xff, cursor off), colour map entry 0
// black and every other entry white, so that a guest that draws without loading a colour
// map still sees its pixels; cursor colours white, black, white.
#pragma once
#include <array>

#include "emu/common/types.h"
#include "emu/state/state_io.h"

namespace emu {

class Bt459 {
 public:
  void state(StateIo& io);  // checkpoints (emu/state/state_io.h)
  enum Port : unsigned { kAddrLow = 0, kAddrHigh = 1, kRegister = 2, kColourMap = 3 };
  static constexpr u32 kId = 0x4a;
  static constexpr int kCursorXOffset = 220, kCursorYOffset = 35;
  static constexpr unsigned kCursorSize = 64;

  Bt459() { reset(); }
  void reset();
  u8 read(Port port);
  void write(Port port, u8 value);

  // Pixel value (0-255) to 0x00RRGGBB, through the pixel read mask.
  u32 colour(u8 pixel) const { return map_[pixel & reg_[kPixelMask]]; }
  // Paint the cursor, if shown, over an RGB picture of w x h pixels.
  void draw_cursor(u32* rgb, unsigned w, unsigned h) const;
  u32 address() const { return addr_; }

 private:
  static constexpr unsigned kPixelMask = 0x04;  // index into reg_ (registers 0x200-0x20f)
  u8 read_register();
  void write_register(u8 v);
  void step() { addr_ = (addr_ + 1) & 0xfff; }
  static void set_gun(u32& rgb, unsigned gun, u8 v) {
    const unsigned shift = 16 - 8 * gun;
    rgb = (rgb & ~(0xffu << shift)) | u32(v) << shift;
  }
  static u8 gun_of(u32 rgb, unsigned gun) { return u8(rgb >> (16 - 8 * gun)); }
  u32* rgb_register(u32 a);

  u32 addr_ = 0;
  unsigned gun_ = 0;  // 0 R, 1 G, 2 B
  std::array<u32, 256> map_{};
  std::array<u32, 16> overlay_{};
  std::array<u32, 3> cursor_colour_{};
  std::array<u8, 16> reg_{};     // 0x200-0x20f
  std::array<u8, 16> cursor_{};  // 0x300-0x30f
  std::array<u8, 1024> cursor_ram_{};
};

}  // namespace emu
