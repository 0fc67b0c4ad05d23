// Screens side by side. See screens.h.
#include "emu/display/screens.h"

#include <algorithm>

namespace emu {

Picture capture_screens(const std::vector<FrameBuffer*>& screens) {
  Picture p;
  for (const FrameBuffer* fb : screens) {
    p.width += fb->width();
    p.height = std::max(p.height, fb->height());
  }
  p.rgb.assign(size_t(p.width) * p.height, 0);
  unsigned left = 0;
  std::vector<u32> one;
  for (const FrameBuffer* fb : screens) {
    fb->render(one);
    for (unsigned y = 0; y < fb->height(); ++y)
      std::copy_n(one.begin() + size_t(y) * fb->width(), fb->width(), p.rgb.begin() + size_t(y) * p.width + left);
    left += fb->width();
  }
  return p;
}

}  // namespace emu
