// PMAG-BA colour frame buffer. See pmag_ba.h for the slot map, sources and decisions.
#include "devices/tc/pmag_ba.h"

#include <cstring>

namespace emu {

TcRomInfo PmagBa::rom_info() {
  TcRomInfo info;
  info.module = "PMAG-BA";  // Linux's pmagbafb matches vendor "DEC     " + "PMAG-BA "
  info.rom_size_8k = 1;
  info.slot_size_4m = 1;
  return info;
}

PmagBa::PmagBa(const TcSlot& slot)
    : slot_(slot.number),
      sched_(slot.sched),
      irq_(slot.irq),
      frame_cycles_(slot.cpu_hz * kFramePixelClocks * kPixelClockPs / 1000000000000ull),
      vram_(kVramBytes, 0),
      rom_(rom_info()),
      retrace_("pmag-ba retrace", [this] { retrace(); }) {}

PmagBa::~PmagBa() { sched_.cancel(retrace_); }

void PmagBa::reset() {
  std::fill(vram_.begin(), vram_.end(), 0);
  ramdac_.reset();
  irq_.set(false);
  sched_.schedule_in(retrace_, frame_cycles_);
}

void PmagBa::retrace() {
  irq_.set(true);
  sched_.schedule_in(retrace_, frame_cycles_);
}

bool PmagBa::read(u32 offset, unsigned size, u32& value) {
  value = 0;
  if (offset < kBt459) {
    const u32 a = offset & (kVramBytes - 1);
    std::memcpy(&value, &vram_[a], size);  // little-endian host, as the bus
  } else if (offset < kIrqAck) {
    if ((offset & 3) == 0) value = ramdac_.read(Bt459::Port((offset >> 2) & 3));
  } else if (offset >= kRom) {
    for (unsigned i = 0; i < size; ++i)
      if (((offset + i) & 3) == 0) value |= u32(rom_.lane0((offset - kRom) % kRomRepeat + i)) << (8 * i);
  }
  return true;
}

bool PmagBa::write(u32 offset, unsigned size, u32 value) {
  if (offset < kBt459) {
    const u32 a = offset & (kVramBytes - 1);
    std::memcpy(&vram_[a], &value, size);
  } else if (offset < kIrqAck) {
    if ((offset & 3) == 0) ramdac_.write(Bt459::Port((offset >> 2) & 3), u8(value));
  } else if (offset < kRom) {
    irq_.set(false);
  }
  return true;
}

std::string PmagBa::screen_name() const { return "pmag-ba in slot " + std::to_string(slot_); }

void PmagBa::render(std::vector<u32>& rgb) const {
  rgb.resize(size_t(kWidth) * kHeight);
  for (unsigned y = 0; y < kHeight; ++y)
    for (unsigned x = 0; x < kWidth; ++x) rgb[y * kWidth + x] = ramdac_.colour(vram_[y * kStride + x]);
  ramdac_.draw_cursor(rgb.data(), kWidth, kHeight);
}

void PmagBa::state(StateIo& io) {
  io.bytes(vram_.data(), vram_.size());
  ramdac_.state(io);
  sched_.event_state(io, retrace_);
}

}  // namespace emu
