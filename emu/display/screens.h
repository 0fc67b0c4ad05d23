// The screens of a machine as one picture: every frame buffer rendered (FrameBuffer::
// render), side by side from left to right in slot order, top-aligned, black below a
// shorter one. A screenshot is this picture as a PNG.
#pragma once
#include <vector>

#include "devices/video/frame_buffer.h"

namespace emu {

struct Picture {
  unsigned width = 0, height = 0;
  std::vector<u32> rgb;  // 0x00RRGGBB, row by row
};

Picture capture_screens(const std::vector<FrameBuffer*>& screens);

}  // namespace emu
