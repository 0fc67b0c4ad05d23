// Something a monitor shows: a frame buffer with its colour map and cursor, seen from the
// host (screenshots, the SDL window). The guest reaches the same hardware through the bus
// (each frame buffer is also a Device); this interface only reads what the video output
// would put on the screen at this moment.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu {

class FrameBuffer {
 public:
  virtual ~FrameBuffer() = default;
  // Names the screen in window titles and messages ("pmag-ba in slot 0").
  virtual std::string screen_name() const = 0;
  // The visible raster in pixels (square pixels on DEC's monitors: 1024 x 864 is shown
  // at 4:3.375, the aspect the raster itself has).
  virtual unsigned width() const = 0;
  virtual unsigned height() const = 0;
  // The picture as 0x00RRGGBB pixels, row by row from the top left, width() * height()
  // of them: video RAM through the colour map, with the hardware cursor on top.
  virtual void render(std::vector<u32>& rgb) const = 0;
};

}  // namespace emu
