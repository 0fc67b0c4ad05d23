// KN01 LANCE buffer RAM ("gap2"). Layout and decisions are in kn01_lance_buffer.h.
#include "devices/lance/kn01_lance_buffer.h"

namespace emu {

Kn01LanceBuffer::Kn01LanceBuffer(u64 word_ns) : ram_(kWords, 0), word_ps_(word_ns * 1000) {}

bool Kn01LanceBuffer::read(u32 offset, unsigned size, u32& value) {
  if (offset >= kWindowBytes) return false;
  const u16 w = ram_[(offset >> 2) & (kWords - 1)];
  const u32 lane = offset & 3;
  value = 0;
  if (lane >= 2) return true;  // upper halfword: no RAM behind it
  if (size == 1)
    value = lane == 0 ? (w & 0xffu) : (w >> 8);
  else
    value = w;  // halfword at +0, or a longword whose upper half reads 0
  return true;
}

bool Kn01LanceBuffer::write(u32 offset, unsigned size, u32 value) {
  if (offset >= kWindowBytes) return false;
  u16& w = ram_[(offset >> 2) & (kWords - 1)];
  const u32 lane = offset & 3;
  if (lane >= 2) return true;  // ignored
  if (size == 1) {
    const u16 b = static_cast<u16>(value & 0xff);
    w = lane == 0 ? static_cast<u16>((w & 0xff00) | b) : static_cast<u16>((w & 0x00ff) | (b << 8));
  } else {
    w = static_cast<u16>(value);  // bits 31:16 of a longword have nowhere to go
  }
  return true;
}

bool Kn01LanceBuffer::read16(u32 laddr, LanceCycle, u16& value) {
  value = ram_[index(laddr)];
  return true;
}

bool Kn01LanceBuffer::write16(u32 laddr, LanceCycle, u16 value, unsigned lanes) {
  u16& w = ram_[index(laddr)];
  if (lanes & kLaneLow) w = static_cast<u16>((w & 0xff00) | (value & 0x00ff));
  if (lanes & kLaneHigh) w = static_cast<u16>((w & 0x00ff) | (value & 0xff00));
  return true;
}


void Kn01LanceBuffer::state(StateIo& io) {
  io.vec(ram_, kWords);
  io.check(ram_.size() == kWords, "the LANCE buffer has the wrong size");
}

}  // namespace emu
