// LANCE DMA into main memory through the physical bus. Layouts are in main_memory_dma.h.
#include "devices/lance/main_memory_dma.h"

namespace emu {

MainMemoryDma::MainMemoryDma(PhysicalBus& bus, u32 base, Layout layout, u64 word_ns)
    : bus_(bus), base_(base & ~1u), layout_(layout), word_ps_(word_ns * 1000) {}

u32 MainMemoryDma::physical(u32 laddr, LanceCycle kind) const {
  if (layout_ == Layout::kContiguous) return base_ + (laddr & 0xffffff);
  const u32 l = laddr & 0xffff;
  if (kind == LanceCycle::kControl) return base_ + 2 * (l & ~1u) + (l & 1);
  return base_ + ((2 * l) & ~0x1fu) + (l & 0xf);
}

bool MainMemoryDma::read16(u32 laddr, LanceCycle kind, u16& value) {
  u32 v = 0;
  if (!bus_.read(physical(laddr & ~1u, kind), 2, v)) return false;
  value = static_cast<u16>(v);
  return true;
}

bool MainMemoryDma::write16(u32 laddr, LanceCycle kind, u16 value, unsigned lanes) {
  const u32 pa = physical(laddr & ~1u, kind);
  // Byte-masked writes become byte stores so the untouched neighbour is not rewritten
  // (and the write observer is told only about the bytes that changed hands).
  if ((lanes & kLanesBoth) == kLanesBoth) return bus_.write(pa, 2, value);
  if (lanes & kLaneLow) return bus_.write(pa, 1, value & 0xffu);
  if (lanes & kLaneHigh) return bus_.write(pa + 1, 1, value >> 8);
  return true;
}

}  // namespace emu
