// DEC PMAG-BA ("CX") TURBOchannel colour frame buffer: 1024 x 864 visible of a 1024 x 1024
// x 8-bit video RAM, a Bt459 RAMDAC with its 64 x 64 cursor, an interrupt at every
// vertical retrace.
//
// Sources: Linux drivers/video/fbdev/pmag-ba-fb.c and include/video/pmag-ba-fb.h, NetBSD
// sys/dev/tc/cfb.c, Ultrix sys/io/ws/vfb03.h (offsets), GXemul dev_turbochannel.cc (ROM
// header values); framebuffers-lk201.md §3.
//
// Slot map (offsets from the slot base):
//   0x000000  video RAM, 1 MiB, 1024 bytes a row, pixel (x, y) at y * 1024 + x; 864 rows
//             shown. Decision (UNCONFIRMED): 0x100000-0x1fffff repeats it.
//   0x200000  Bt459 ports in byte lane 0 of the words at +0, +4, +8, +0xc (address low,
//             high, register, colour map), repeating every 16 bytes to 0x2fffff.
//   0x300000  interrupt acknowledge: any write (reads 0), to 0x37ffff.
//   0x380000  option ROM (module "PMAG-BA ", 8 KiB at stride 4), repeating every 32 KiB so
//             that its header is at 0x3c03e0, where Linux and Ultrix look (NetBSD's first
//             try, 0x3e0, is video RAM); writes there reset the Bt438 clock (ignored).
// Interrupt: raised at the start of every vertical retrace and held until acknowledged
// (decision: latched, UNCONFIRMED). Frame time from Linux's declared mode: 1280 x 913
// pixel clocks of 14452 ps (59.2 Hz).
#pragma once
#include <vector>

#include "devices/tc/tc_module.h"
#include "devices/tc/tc_option_rom.h"
#include "devices/video/bt459.h"
#include "devices/video/frame_buffer.h"

namespace emu {

class PmagBa final : public TcModule, public FrameBuffer {
 public:
  void state(StateIo& io) override;
  static constexpr unsigned kWidth = 1024, kHeight = 864, kStride = 1024;
  static constexpr u32 kVramBytes = 0x100000;
  static constexpr u32 kBt459 = 0x200000, kIrqAck = 0x300000, kRom = 0x380000;
  static constexpr u32 kRomRepeat = 0x8000;
  static constexpr u64 kFramePixelClocks = 1280ull * 913, kPixelClockPs = 14452;

  explicit PmagBa(const TcSlot& slot);
  ~PmagBa() override;

  const char* name() const override { return "pmag-ba"; }
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  FrameBuffer* frame_buffer() override { return this; }

  std::string screen_name() const override;
  unsigned width() const override { return kWidth; }
  unsigned height() const override { return kHeight; }
  void render(std::vector<u32>& rgb) const override;

  static TcRomInfo rom_info();
  Cycles frame_cycles() const { return frame_cycles_; }
  const u8* vram() const { return vram_.data(); }
  Bt459& ramdac() { return ramdac_; }

 private:
  void retrace();

  unsigned slot_;
  Scheduler& sched_;
  IrqLine& irq_;
  Cycles frame_cycles_;
  std::vector<u8> vram_;
  Bt459 ramdac_;
  TcOptionRom rom_;
  Event retrace_;
};

}  // namespace emu
