// --display sdl: a window per frame buffer, and the host's keyboard and mouse as the
// machine's LK201 and VSXXX mouse. It paces nothing: the caller draws after each slice
// of simulated time, however long that took on the host, and the machine's cycle counts
// are the same with or without windows (input from the host arrives, as any host input,
// when it arrives). Works under SDL's offscreen and dummy video drivers (CI).
#pragma once
#include <memory>
#include <vector>

#include "devices/video/frame_buffer.h"

namespace emu {

class Lk201;
class VsxxxMouse;

class SdlDisplay {
 public:
  // Throws UserError if SDL cannot open its windows (no display: try --display none or
  // SDL_VIDEODRIVER=offscreen). kbd / mouse may be nullptr (input is then dropped).
  SdlDisplay(const std::vector<FrameBuffer*>& screens, Lk201* kbd, VsxxxMouse* mouse);
  ~SdlDisplay();
  SdlDisplay(const SdlDisplay&) = delete;
  SdlDisplay& operator=(const SdlDisplay&) = delete;

  // Feed the host's input to the machine and redraw the windows (at most about 60 times a
  // host second; `force` redraws now). False once the user has closed a window.
  bool update(bool force = false);
  unsigned redraws() const { return redraws_; }

  // The LK201 key code of an SDL scancode (0: the LK201 has no such key).
  static u8 lk201_code(int sdl_scancode);

 private:
  struct Window;
  void redraw();
  std::vector<std::unique_ptr<Window>> windows_;
  Lk201* kbd_;
  VsxxxMouse* mouse_;
  u8 buttons_ = 0;
  u64 last_draw_ms_ = 0;
  unsigned redraws_ = 0;
};

}  // namespace emu
