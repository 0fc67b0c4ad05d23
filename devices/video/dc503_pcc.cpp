// DC503 PCC. See dc503_pcc.h.
#include "devices/video/dc503_pcc.h"

namespace emu {

void Dc503Pcc::reset() {
  regs_.fill(0);
  sprite_.fill(0);
  load_ptr_ = 0;
}

bool Dc503Pcc::read(u32 offset, unsigned size, u32& value) {
  const u32 word = regs_[(offset >> 2) & 15];
  value = (word >> (8 * (offset & 3))) & (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
  return true;
}

bool Dc503Pcc::write(u32 offset, unsigned size, u32 value) {
  if ((offset & 3) >= 2) return true;  // the upper half is not connected
  const unsigned n = (offset >> 2) & 15;
  u16 v = u16(value << (8 * (offset & 3)));
  if (size == 1) v = (regs_[n] & u16(~(0xffu << (8 * (offset & 3))))) | v;
  if (n == kCmdr && (v & kLodsa) && !(regs_[kCmdr] & kLodsa)) load_ptr_ = 0;
  if (n == kMemory && (regs_[kCmdr] & kLodsa)) {
    sprite_[load_ptr_ % 32] = v;
    ++load_ptr_;
  }
  regs_[n] = v;
  return true;
}

unsigned Dc503Pcc::overlay_at(int x, int y) const {
  const u16 cmd = regs_[kCmdr];
  if (cmd & kLodsa) return 0;
  const int col = x - (int(regs_[kXpos]) - kXOffset), row = y - (int(regs_[kYpos]) - kYOffset);
  if (col < 0 || col >= 16 || row < 0 || row >= 16) return 0;
  const unsigned a = (cmd & kFopa) ? 1 : (cmd & kEnpa) ? (sprite_[row] >> col) & 1 : 0;
  const unsigned b = (cmd & kFopb) ? 1 : (cmd & kEnpb) ? (sprite_[16 + row] >> col) & 1 : 0;
  return 8 * a + 4 * b;
}

void Dc503Pcc::state(StateIo& io) {
  io.pod(regs_);
  io.pod(sprite_);
  io.pod(load_ptr_);
  io.check(load_ptr_ <= sprite_.size(), "the PCC's sprite load pointer is out of range");
}

}  // namespace emu
