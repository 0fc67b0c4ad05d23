// Bt478 RAMDAC. See bt478.h.
#include "devices/video/bt478.h"

namespace emu {

void Bt478::reset() {
  map_.fill(0xffffff);
  map_[0] = 0;
  overlay_.fill(0);
  mask_ = 0xff;
  addr_ = 0;
  gun_ = 0;
  overlay_sel_ = false;
}

bool Bt478::read(u32 offset, unsigned size, u32& value) {
  value = 0;
  if (offset & 3) return true;  // lanes 1-3 are not driven
  switch ((offset >> 2) & 7) {
    case 0: case 3: case 4: case 7: value = addr_; break;
    case 1: case 5: {
      const u32 rgb = overlay_sel_ ? overlay_[addr_ & 15] : map_[addr_];
      value = (rgb >> (16 - 8 * gun_)) & 0xff;
      if (++gun_ == 3) gun_ = 0, ++addr_;
      break;
    }
    case 2: value = mask_; break;
    default: break;
  }
  return true;
}

bool Bt478::write(u32 offset, unsigned size, u32 value) {
  if (offset & 3) return true;
  const u8 v = u8(value);
  switch ((offset >> 2) & 7) {
    case 0: case 3: addr_ = v, gun_ = 0, overlay_sel_ = false; break;
    case 4: case 7: addr_ = v, gun_ = 0, overlay_sel_ = true; break;
    case 1: case 5:
      set_gun(((offset >> 2) & 7) == 5 ? overlay_[addr_ & 15] : map_[addr_], gun_, v);
      if (++gun_ == 3) gun_ = 0, ++addr_;
      break;
    case 2: mask_ = v; break;
    default: break;
  }
  return true;
}

void Bt478::state(StateIo& io) {
  io.pod(map_);
  io.pod(overlay_);
  io.pod(mask_);
  io.pod(addr_);
  io.pod(gun_);
  io.check(gun_ < 3, "a Bt478 colour index is out of range");
  io.boolean(overlay_sel_);
}

}  // namespace emu
