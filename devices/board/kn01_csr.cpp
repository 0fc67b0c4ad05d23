// DECstation KN01 system CSR and ERRADR. See kn01_csr.h for the register map and sources.
#include "devices/board/kn01_csr.h"

namespace emu {

namespace {

bool valid_size(unsigned size) { return size == 1 || size == 2 || size == 4; }

// The `size` bytes at byte lane (offset & 3) of a 32-bit bus word, right-justified.
u32 lanes_of(u32 word, u32 offset, unsigned size) {
  const unsigned shift = 8 * (offset & 3);
  const u32 mask = size == 4 ? 0xffffffffu : ((1u << (8 * size)) - 1);
  return (word >> shift) & mask;
}

// Data and bit mask of the bus word that a write of `size` bytes at `offset` drives.
void drive_word(u32 offset, unsigned size, u32 value, u32& data, u32& mask) {
  const unsigned shift = 8 * (offset & 3);
  const u32 m = size == 4 ? 0xffffffffu : ((1u << (8 * size)) - 1);
  data = (value & m) << shift;
  mask = m << shift;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Kn01Csr

Kn01Csr::Kn01Csr(IrqLine& irq, bool mono, bool manufacturing_jumper)
    : irq_(irq),
      straps_(static_cast<u16>((manufacturing_jumper ? 0 : kMnfmod) | (mono ? kMono : 0))) {
  reset();
}

void Kn01Csr::reset() {
  const bool had_txdis = txdis();
  reg_ = 0;
  leds_ = 0xff;
  erradr_ = 0;
  update_irq();
  if (had_txdis && txdis_cb_) txdis_cb_(false);
}

u16 Kn01Csr::value() const {
  // Bits 7:0 read the video comparators (0 without a frame buffer), never the LEDs.
  return static_cast<u16>(straps_ | reg_);
}

bool Kn01Csr::read(u32 offset, unsigned size, u32& value) {
  if (!valid_size(size)) return false;
  value = lanes_of(this->value(), offset, size);
  return true;
}

bool Kn01Csr::write(u32 offset, unsigned size, u32 value) {
  if (!valid_size(size)) return false;
  u32 data = 0, mask = 0;
  drive_word(offset, size, value, data, mask);
  // Only lanes 0 and 1 reach the 16-bit register; lanes 2 and 3 are not connected.
  if (mask & 0xffff) write_bits(static_cast<u16>(data), static_cast<u16>(mask));
  return true;
}

void Kn01Csr::write_bits(u16 data, u16 lanes) {
  if (lanes & kLeds) leds_ = static_cast<u8>(data & kLeds);
  const bool had_txdis = txdis();
  const u16 stored = kStored & lanes;
  reg_ = static_cast<u16>((reg_ & ~stored) | (data & stored));
  // Writing 1 acknowledges; writing 0 leaves a pending MEMERR/VINT alone (Linux writes
  // its cached control bits with MEMERR set to clear the bus-error interrupt).
  reg_ = static_cast<u16>(reg_ & ~(data & kWriteOneToClear & lanes));
  update_irq();
  if (txdis() != had_txdis && txdis_cb_) txdis_cb_(txdis());
}

void Kn01Csr::memory_write_error(u32 pa) {
  erradr_ = pa;
  reg_ |= kMemerr;
  update_irq();
}

void Kn01Csr::video_interrupt() {
  reg_ |= kVint;
  update_irq();
}

// ---------------------------------------------------------------------------------------
// Kn01Erradr

bool Kn01Erradr::read(u32 offset, unsigned size, u32& value) {
  if (!valid_size(size)) return false;
  value = lanes_of(csr_.erradr(), offset, size);
  return true;
}

bool Kn01Erradr::write(u32 /*offset*/, unsigned size, u32 /*value*/) {
  return valid_size(size);
}


void Kn01Csr::state(StateIo& io) {
  io.pod(reg_);
  io.pod(leds_);
  io.pod(erradr_);
}

}  // namespace emu
