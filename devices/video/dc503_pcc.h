// DEC DC503 programmable cursor chip (PCC) of the KN01 frame buffer, physical 0x11000000:
// a 16 x 16 two-plane sprite and two region detectors (region 2 drives CSR.VINT).
//
// Sources: NetBSD sys/arch/pmax/ibus/pmreg.h and pm.c, Ultrix pmvdac.h, MAME
// src/mame/dec/kn01.cpp, SIMH VAX/vax_vs.c (the same chip); framebuffers-lk201.md §1.1.
//
// Registers: 16 bits in the low half of word n at +4n (n = 0-15, repeating through the
// window, decision): 0 CMDR, 1 XPOS, 2 YPOS, 3-6 region 1, 11-14 region 2, 15 MEMORY.
// Reads return the last value written (MAME; UNCONFIRMED).
// Sprite load: while CMDR.LODSA is set, writes to MEMORY fill 32 rows — plane A rows
// 0-15, then plane B rows 0-15; setting LODSA restarts at row 0; the sprite is hidden
// while LODSA is set. Bit c of a row is column c. A plane shows FOPx ? 1 : ENPx ? data : 0.
// On screen: top left at (XPOS - 212, YPOS - 34); colour = Bt478 overlay 8·A + 4·B (0:
// transparent; Ultrix loads 4 background, 12 foreground; UNCONFIRMED).
#pragma once
#include <array>

#include "devices/device.h"

namespace emu {

class Dc503Pcc final : public Device {
 public:
  void state(StateIo& io) override;
  static constexpr u16 kLodsa = 0x1000, kEnrg2 = 0x0400, kFopb = 0x0008, kEnpb = 0x0004, kFopa = 0x0002,
                       kEnpa = 0x0001;
  static constexpr int kXOffset = 212, kYOffset = 34;
  enum Reg : unsigned { kCmdr = 0, kXpos = 1, kYpos = 2, kMemory = 15 };

  Dc503Pcc() { reset(); }
  const char* name() const override { return "dc503-pcc"; }
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;

  u16 reg(unsigned n) const { return regs_[n & 15]; }
  bool region2_enabled() const { return (regs_[kCmdr] & kEnrg2) != 0; }
  // The cursor's overlay index (0, 4, 8 or 12) at screen pixel (x, y).
  unsigned overlay_at(int x, int y) const;

 private:
  std::array<u16, 16> regs_{};
  std::array<u16, 32> sprite_{};  // A rows 0-15, B rows 0-15
  unsigned load_ptr_ = 0;
};

}  // namespace emu
