// VSXXX-AA mouse. See vsxxx_mouse.h for the protocol, sources and decisions.
#include "devices/lk201/vsxxx_mouse.h"

#include <algorithm>
#include <cstdlib>

namespace emu {

void VsxxxMouse::reset() {
  out_.clear();
  dx_ = dy_ = 0;
  buttons_ = 0;
  incremental_ = false;
}

void VsxxxMouse::transmit(u8 c) {
  switch (c & 0x7f) {  // the odd parity bit is not part of the character the line delivers
    case 'T':
      out_.push_back(0xa0 | kRevision);
      out_.push_back(0x02);
      out_.push_back(0x00);
      out_.push_back(buttons_);
      break;
    case 'R': incremental_ = true; break;
    case 'D': incremental_ = false; break;
    case 'P': report(); break;
    default: break;
  }
}

bool VsxxxMouse::receive(u8& c) {
  if (out_.empty()) return false;
  c = out_.front();
  out_.pop_front();
  return true;
}

void VsxxxMouse::report() {
  do {
    const int sx = std::clamp(dx_, -127, 127), sy = std::clamp(dy_, -127, 127);
    dx_ -= sx;
    dy_ -= sy;
    out_.push_back(u8(0x80 | (sx > 0) << 4 | (sy > 0) << 3 | buttons_));
    out_.push_back(u8(std::abs(sx)));
    out_.push_back(u8(std::abs(sy)));
  } while (dx_ != 0 || dy_ != 0);
}

void VsxxxMouse::move(int dx, int dy) {
  dx_ += dx;
  dy_ += dy;
  if (incremental_ && (dx_ || dy_)) report();
}

void VsxxxMouse::set_buttons(u8 b) {
  b &= 7;
  if (b == buttons_) return;
  buttons_ = b;
  if (incremental_) report();
}

}  // namespace emu
