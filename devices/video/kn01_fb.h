// The DECstation 2100/3100's on-board frame buffer (NetBSD "pm"): monochrome (1 bit) or
// colour (8 bits), shown at 1024 x 864 through a Bt478 VDAC, with a DC503 PCC cursor and
// a plane mask. This class is the video RAM window and the screen; the machine maps the
// plane mask, PCC and VDAC windows it hands out.
//
// Sources: NetBSD sys/arch/pmax/ibus/pm.c, pmreg.h, kn01.h; Ultrix fb_data.c, kn01.c;
// MAME src/mame/dec/kn01.cpp; GXemul dev_fb.cc, dev_colorplanemask.cc;
// framebuffers-lk201.md §1.
//
//   0x0fc00000  video RAM: mono 256 KiB, 2048 x 1024 bits in 256-byte rows, pixel x of
//               row y = bit x % 8 of byte y * 256 + x / 8 (least significant bit leftmost);
//               colour 1 MiB, pixel (x, y) = byte y * 1024 + x. Beyond it: nothing.
//   0x10000000  plane mask (write-only byte, here readable): a VRAM write changes only
//               the bits set in it, in every byte. Reset 0xff (decision: the PROM's
//               value; MAME resets to 0, which hides every write).
//   0x11000000  PCC (dc503_pcc.h)      0x12000000  Bt478 VDAC (bt478.h)
// A mono pixel reaches the VDAC as 0x80 (on) or 0x00 (off), as MAME feeds it.
// VINT: once per frame (1280 x 901 pixel clocks of 69.1698 MHz, MAME's raster: 59.98 Hz)
// the PCC's region 2, if CMDR.ENRG2 is set, raises CSR.VINT (decision: at the frame's
// start rather than at raster line YMIN2).
#pragma once
#include <functional>
#include <vector>

#include "devices/device.h"
#include "devices/video/bt478.h"
#include "devices/video/dc503_pcc.h"
#include "devices/video/frame_buffer.h"
#include "emu/sched/scheduler.h"

namespace emu {

class Kn01PlaneMask final : public Device {
 public:
  void state(StateIo& io) override { io.pod(mask_); }
  const char* name() const override { return "kn01-plane-mask"; }
  void reset() override { mask_ = 0xff; }
  bool read(u32, unsigned, u32& value) override {
    value = mask_;
    return true;
  }
  bool write(u32 offset, unsigned, u32 value) override {
    if ((offset & 3) == 0) mask_ = u8(value);
    return true;
  }
  u8 mask() const { return mask_; }

 private:
  u8 mask_ = 0xff;
};

class Kn01Fb final : public Device, public FrameBuffer {
 public:
  // Its parts are mapped on the bus on their own but are not machine devices: saved here.
  void state(StateIo& io) override;
  static constexpr u32 kMonoBytes = 0x40000, kColourBytes = 0x100000;
  static constexpr unsigned kWidth = 1024, kHeight = 864;
  static constexpr u64 kFramePixelClocks = 1280ull * 901, kPixelHz = 69'169'800;

  // vint: raises CSR.VINT (Kn01Csr::video_interrupt).
  Kn01Fb(bool colour, Scheduler& sched, u64 cpu_hz, std::function<void()> vint);
  ~Kn01Fb() override;

  const char* name() const override { return colour_ ? "kn01-colour-vram" : "kn01-mono-vram"; }
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;

  std::string screen_name() const override { return colour_ ? "kn01 colour frame buffer" : "kn01 mono frame buffer"; }
  unsigned width() const override { return kWidth; }
  unsigned height() const override { return kHeight; }
  void render(std::vector<u32>& rgb) const override;

  u32 vram_bytes() const { return u32(vram_.size()); }
  bool colour() const { return colour_; }
  Cycles frame_cycles() const { return frame_cycles_; }
  Kn01PlaneMask& plane_mask() { return plane_mask_; }
  Dc503Pcc& pcc() { return pcc_; }
  Bt478& vdac() { return vdac_; }

 private:
  void frame();
  bool colour_;
  Scheduler& sched_;
  Cycles frame_cycles_;
  std::function<void()> vint_;
  std::vector<u8> vram_;
  Kn01PlaneMask plane_mask_;
  Dc503Pcc pcc_;
  Bt478 vdac_;
  Event frame_;
};

}  // namespace emu
