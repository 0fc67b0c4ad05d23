// KN01 on-board frame buffer. See kn01_fb.h.
#include "devices/video/kn01_fb.h"

#include <cstring>

namespace emu {

Kn01Fb::Kn01Fb(bool colour, Scheduler& sched, u64 cpu_hz, std::function<void()> vint)
    : colour_(colour),
      sched_(sched),
      frame_cycles_(cpu_hz * kFramePixelClocks / kPixelHz),
      vint_(std::move(vint)),
      vram_(colour ? kColourBytes : kMonoBytes, 0),
      frame_("kn01-fb frame", [this] { frame(); }) {}

Kn01Fb::~Kn01Fb() { sched_.cancel(frame_); }

// The plane mask, PCC and VDAC are mapped as windows of their own but belong to this
// board function: reset here.
void Kn01Fb::reset() {
  std::fill(vram_.begin(), vram_.end(), 0);
  plane_mask_.reset();
  pcc_.reset();
  vdac_.reset();
  sched_.schedule_in(frame_, frame_cycles_);
}

void Kn01Fb::frame() {
  if (pcc_.region2_enabled() && vint_) vint_();
  sched_.schedule_in(frame_, frame_cycles_);
}

bool Kn01Fb::read(u32 offset, unsigned size, u32& value) {
  if (offset + size > vram_.size()) return false;
  value = 0;
  std::memcpy(&value, &vram_[offset], size);
  return true;
}

bool Kn01Fb::write(u32 offset, unsigned size, u32 value) {
  if (offset + size > vram_.size()) return false;
  const u8 m = plane_mask_.mask();
  for (unsigned i = 0; i < size; ++i) {
    u8& b = vram_[offset + i];
    b = u8((b & ~m) | (u8(value >> (8 * i)) & m));
  }
  return true;
}

void Kn01Fb::render(std::vector<u32>& rgb) const {
  rgb.resize(size_t(kWidth) * kHeight);
  for (unsigned y = 0; y < kHeight; ++y)
    for (unsigned x = 0; x < kWidth; ++x) {
      const u8 p = colour_ ? vram_[y * 1024 + x] : ((vram_[y * 256 + x / 8] >> (x % 8)) & 1) ? 0x80 : 0x00;
      const unsigned ov = pcc_.overlay_at(int(x), int(y));
      rgb[y * kWidth + x] = ov ? vdac_.overlay(ov) : vdac_.colour(p);
    }
}

void Kn01Fb::state(StateIo& io) {
  io.bytes(vram_.data(), vram_.size());
  plane_mask_.state(io);
  pcc_.state(io);
  vdac_.state(io);
  sched_.event_state(io, frame_);
}

}  // namespace emu
