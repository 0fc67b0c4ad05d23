// Bt459 RAMDAC. See bt459.h for the register map, sources and decisions.
#include "devices/video/bt459.h"

namespace emu {

void Bt459::reset() {
  addr_ = 0;
  gun_ = 0;
  map_.fill(0xffffff);
  map_[0] = 0;
  overlay_.fill(0);
  cursor_colour_ = {0xffffff, 0x000000, 0xffffff};
  reg_.fill(0);
  reg_[0x1] = 0x40;
  reg_[0x3] = 0xc0;
  reg_[kPixelMask] = 0xff;
  cursor_.fill(0);
  cursor_ram_.fill(0);
}

// The colour register an address names in the register window, or nullptr.
u32* Bt459::rgb_register(u32 a) {
  if (a >= 0x100 && a <= 0x10f) return &overlay_[a - 0x100];
  if (a >= 0x181 && a <= 0x183) return &cursor_colour_[a - 0x181];
  return nullptr;
}

u8 Bt459::read(Port port) {
  switch (port) {
    case kAddrLow: return u8(addr_);
    case kAddrHigh: return u8(addr_ >> 8);
    case kRegister: return read_register();
    case kColourMap: {
      const u8 v = gun_of(map_[addr_ & 0xff], gun_);
      if (++gun_ == 3) gun_ = 0, step();
      return v;
    }
  }
  return 0;
}

void Bt459::write(Port port, u8 v) {
  switch (port) {
    case kAddrLow:
      addr_ = (addr_ & 0xf00) | v;
      gun_ = 0;
      break;
    case kAddrHigh:
      addr_ = (addr_ & 0x0ff) | u32(v & 0xf) << 8;
      gun_ = 0;
      break;
    case kRegister: write_register(v); break;
    case kColourMap:
      set_gun(map_[addr_ & 0xff], gun_, v);
      if (++gun_ == 3) gun_ = 0, step();
      break;
  }
}

u8 Bt459::read_register() {
  const u32 a = addr_;
  if (u32* c = rgb_register(a)) {
    const u8 v = gun_of(*c, gun_);
    if (++gun_ == 3) gun_ = 0, step();
    return v;
  }
  u8 v = 0;
  if (a == 0x200) v = kId;
  else if (a > 0x200 && a <= 0x20b) v = reg_[a - 0x200];
  else if (a >= 0x300 && a <= 0x30f) v = cursor_[a - 0x300];
  else if (a >= 0x400 && a <= 0x7ff) v = cursor_ram_[a - 0x400];
  step();
  return v;
}

void Bt459::write_register(u8 v) {
  const u32 a = addr_;
  if (u32* c = rgb_register(a)) {
    set_gun(*c, gun_, v);
    if (++gun_ == 3) gun_ = 0, step();
    return;
  }
  if (a > 0x200 && a <= 0x20b) reg_[a - 0x200] = v;  // 0x200 (ID) and the signatures are read-only
  else if (a >= 0x300 && a <= 0x30f) cursor_[a - 0x300] = v;
  else if (a >= 0x400 && a <= 0x7ff) cursor_ram_[a - 0x400] = v;
  step();
}

void Bt459::draw_cursor(u32* rgb, unsigned w, unsigned h) const {
  if ((cursor_[0] & 0xc0) == 0) return;
  const int x0 = int((cursor_[2] & 0xf) << 8 | cursor_[1]) - kCursorXOffset;
  const int y0 = int((cursor_[4] & 0xf) << 8 | cursor_[3]) - kCursorYOffset;
  for (unsigned row = 0; row < kCursorSize; ++row) {
    const int y = y0 + int(row);
    if (y < 0 || y >= int(h)) continue;
    for (unsigned col = 0; col < kCursorSize; ++col) {
      const int x = x0 + int(col);
      if (x < 0 || x >= int(w)) continue;
      const unsigned p = (cursor_ram_[row * 16 + col / 4] >> (6 - 2 * (col % 4))) & 3;
      if (p) rgb[unsigned(y) * w + unsigned(x)] = cursor_colour_[p - 1];
    }
  }
}

void Bt459::state(StateIo& io) {
  io.pod(addr_);
  io.pod(gun_);
  io.check(gun_ < 3, "a Bt459 colour index is out of range");
  io.pod(map_);
  io.pod(overlay_);
  io.pod(cursor_colour_);
  io.pod(reg_);
  io.pod(cursor_);
  io.pod(cursor_ram_);
}

}  // namespace emu
