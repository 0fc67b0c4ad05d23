// PMAD-AA buffer SRAM. Layout and decisions are in pmad_buffer.h.
#include "devices/lance/pmad_buffer.h"

namespace emu {

PmadBuffer::PmadBuffer(u64 word_ns) : sram_(kBytes, 0), word_ps_(word_ns * 1000) {}

bool PmadBuffer::read(u32 offset, unsigned size, u32& value) {
  if (offset >= kWindowBytes) return false;
  const u32 o = offset & (kBytes - 1);  // aligned to size, so never crosses the wrap
  value = 0;
  for (unsigned i = 0; i < size; ++i) value |= u32(sram_[o + i]) << (8 * i);
  return true;
}

bool PmadBuffer::write(u32 offset, unsigned size, u32 value) {
  if (offset >= kWindowBytes) return false;
  const u32 o = offset & (kBytes - 1);
  for (unsigned i = 0; i < size; ++i) sram_[o + i] = static_cast<u8>(value >> (8 * i));
  return true;
}

bool PmadBuffer::read16(u32 laddr, LanceCycle, u16& value) {
  const u32 o = laddr & (kBytes - 2);
  value = static_cast<u16>(sram_[o] | (sram_[o + 1] << 8));
  return true;
}

bool PmadBuffer::write16(u32 laddr, LanceCycle, u16 value, unsigned lanes) {
  const u32 o = laddr & (kBytes - 2);
  if (lanes & kLaneLow) sram_[o] = static_cast<u8>(value);
  if (lanes & kLaneHigh) sram_[o + 1] = static_cast<u8>(value >> 8);
  return true;
}


void PmadBuffer::state(StateIo& io) {
  io.vec(sram_, kBytes);
  io.check(sram_.size() == kBytes, "the LANCE buffer has the wrong size");
}

}  // namespace emu
