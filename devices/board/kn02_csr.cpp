// DECstation KN02 system CSR, ERRADR and CHKSYN. See kn02_csr.h for the register maps,
// sources and decisions.
#include "devices/board/kn02_csr.h"

#include <string>

#include "emu/common/error.h"

namespace emu {

namespace {

bool valid_size(unsigned size) { return size == 1 || size == 2 || size == 4; }

u32 size_mask(unsigned size) { return size == 4 ? 0xffffffffu : ((1u << (8 * size)) - 1); }

// The `size` bytes at byte lane (offset & 3) of a 32-bit register, right-justified.
u32 lanes_of(u32 word, u32 offset, unsigned size) {
  return (word >> (8 * (offset & 3))) & size_mask(size);
}

void check_source(unsigned n) {
  if (n >= Kn02Csr::kSources)
    throw EmulatorError("kn02-csr: interrupt source " + std::to_string(n) +
                        " does not exist (0..7)");
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Kn02Csr

Kn02Csr::Kn02Csr(IrqLine& io_irq, bool preserve_nvram)
    : irq_(io_irq), straps_(kNrmmod | (preserve_nvram ? kPrsvnvr : 0)) {
  reset();
}

void Kn02Csr::reset() {
  const u32 before = reg_;
  reg_ = 0;
  leds_ = 0xff;
  refeven_ = false;
  update_irq();
  notify(before);
}

u32 Kn02Csr::value() const {
  return straps_ | (refeven_ ? kRefeven : 0) | reg_ | pending_;
}

bool Kn02Csr::read(u32 offset, unsigned size, u32& value) {
  if (!valid_size(size)) return false;
  value = lanes_of(this->value(), offset, size);
  refeven_ = !refeven_;
  return true;
}

bool Kn02Csr::write(u32 offset, unsigned size, u32 value) {
  if (!valid_size(size)) return false;
  const unsigned shift = 8 * (offset & 3);
  write_word((value & size_mask(size)) << shift, size_mask(size) << shift);
  return true;
}

void Kn02Csr::write_word(u32 data, u32 mask) {
  // Bits 7:0 are the LED latch (the pending bits are read-only), 31:24 are read-only or
  // "write zero" (NetBSD WRESERVED): ignored.
  if (mask & kLeds) leds_ = static_cast<u8>(data & kLeds);
  const u32 before = reg_;
  const u32 m = mask & kWritable;
  reg_ = (reg_ & ~m) | (data & m);
  update_irq();
  notify(before);
}

void Kn02Csr::notify(u32 before) {
  const u32 changed = before ^ reg_;
  if ((changed & kBaud38) && baud38_cb_) baud38_cb_(baud38());
  if ((changed & kTxdis) && txdis_cb_) txdis_cb_(txdis());
}

void Kn02Csr::set_source(unsigned n, bool level) {
  check_source(n);
  const u8 bit = static_cast<u8>(1u << n);
  pending_ = static_cast<u8>(level ? (pending_ | bit) : (pending_ & ~bit));
  update_irq();
}

std::function<void(bool)> Kn02Csr::source(unsigned n) {
  check_source(n);
  return [this, n](bool level) { set_source(n, level); };
}

// ---------------------------------------------------------------------------------------
// Kn02Erradr

void Kn02Erradr::reset() {
  value_ = 0;
  irq_.set(false);
}

bool Kn02Erradr::read(u32 offset, unsigned size, u32& value) {
  if (!valid_size(size)) return false;
  value = lanes_of(value_, offset, size);
  return true;
}

bool Kn02Erradr::write(u32 /*offset*/, unsigned size, u32 /*value*/) {
  if (!valid_size(size)) return false;
  value_ = 0;
  irq_.set(false);
  return true;
}

void Kn02Erradr::memory_error(u32 pa, bool write, bool cpu, bool ecc) {
  if (value_ & kValid) return;  // the first error stays latched until software clears it
  u32 word = (pa >> 2) & kAddress;
  if (ecc && !write) word = (word & ~0xfffu) | ((word + kReadPipelineWords) & 0xfffu);
  value_ = kValid | (cpu ? kCpu : 0) | (write ? kWrite : 0) | (ecc ? kEccErr : 0) | word;
  irq_.set(true);
}

// ---------------------------------------------------------------------------------------
// Kn02Chksyn

bool Kn02Chksyn::read(u32 offset, unsigned size, u32& value) {
  if (!valid_size(size)) return false;
  value = lanes_of(value_, offset, size);
  return true;
}

bool Kn02Chksyn::write(u32 /*offset*/, unsigned size, u32 /*value*/) {
  if (!valid_size(size)) return false;
  value_ = 0;
  return true;
}


void Kn02Csr::state(StateIo& io) {
  io.pod(reg_);
  io.pod(pending_);
  io.pod(leds_);
  io.boolean(refeven_);
}

void Kn02Erradr::state(StateIo& io) { io.pod(value_); }

}  // namespace emu
