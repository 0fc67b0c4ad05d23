// DEC VSXXX-AA mouse at the far end of DZ line 1 (4800 baud, 8 bits, odd parity), as a
// serial backend. The host side (the SDL window, tests) moves it and presses its buttons.
//
// Sources: Linux drivers/input/mouse/vsxxxaa.c, NetBSD sys/dev/dec/vsxxx.c and dzms.c,
// SIMH VAX/vax_vs.c; framebuffers-lk201.md §5.
//
// Host -> mouse: 'T' self-test -> 4 bytes: 0xa0 | revision (2), 0x02 (a mouse, location
// 0), 0x00 (no error), 0x00 (buttons); 'R' incremental mode (a report for every change);
// 'D' prompt mode (reports only when polled); 'P' poll -> one report of the motion since
// the last. Other bytes are ignored. It starts in prompt mode (SIMH), so nothing is sent
// before an OS asks.
// Report: 0x80 | X sign << 4 | Y sign << 3 | left << 2 | middle << 1 | right, |dx|, |dy|
// (7 bits each; sign set = right / up, UNCONFIRMED). Larger motions are split into
// several reports.
#pragma once
#include <deque>

#include "devices/serial/serial_backend.h"

namespace emu {

class VsxxxMouse final : public SerialBackend {
 public:
  enum Button : u8 { kRight = 1, kMiddle = 2, kLeft = 4 };
  static constexpr u8 kRevision = 2;

  VsxxxMouse() { reset(); }
  void reset();

  void transmit(u8 c) override;
  bool receive(u8& c) override;
  // The host side: motion (dx > 0 right, dy > 0 up) and the buttons held (Button bits).
  void move(int dx, int dy);
  void set_buttons(u8 buttons);
  bool incremental() const { return incremental_; }

 private:
  void report();  // send the pending motion and button state
  std::deque<u8> out_;
  int dx_ = 0, dy_ = 0;
  u8 buttons_ = 0;
  bool incremental_ = false;
};

}  // namespace emu
