// What the command line asks of the screens (--display, --screenshot, --screenshot-at).
#pragma once
#include <string>

#include "emu/common/types.h"

namespace emu {

// When --screenshot is taken: at the end of the run (default), when the machine's clock
// first reaches a cycle count, or when the guest first ends marked region N
// (emu_ops.h region_end). "CYCLES" or "region:N"; throws UserError naming the option.
struct ScreenshotMoment {
  enum class Kind { End, Cycle, Region };
  Kind kind = Kind::End;
  Cycles cycle = 0;
  u32 region = 0;
  static ScreenshotMoment parse(const std::string& text);
  std::string describe() const;
};

struct DisplayConfig {
  bool sdl = false;           // --display sdl: a window per frame buffer
  std::string screenshot;     // --screenshot FILE.png (empty: none)
  ScreenshotMoment moment;    // --screenshot-at
  bool wanted() const { return sdl || !screenshot.empty(); }
};

}  // namespace emu
