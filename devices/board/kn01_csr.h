// DECstation 2100/3100 (KN01) system board registers: the 16-bit system control/status
// register (CSR, phys 0x1e000000) and the write-error address register (ERRADR, phys
// 0x17000000).
//
// Sources: shared/reference/decstation-memory-maps.md §1.3-§1.5; NetBSD kn01.h
// (from DEC's "DECstation 3100 Desktop Workstation Functional Specification"); Linux
// arch/mips/include/asm/dec/kn01.h and arch/mips/dec/kn01-berr.c (keeps a software copy of
// the write-only LED bits, acknowledges MEMERR by writing it back as 1, uses ERRADR as the
// physical byte address of the failed write); MAME src/mame/dec/kn01.cpp (status_r /
// control_w / memerr_w, from the functional spec rev 1.3).
//
// CSR bits (read):  15 MNFMOD  14 STATUS  13 PARDIS  12 CRSRTST  11 MONO  10 MEMERR
//                    9 VINT     8 TXDIS    7:3 -      2 VBGTRG    1 VRGTRG 0 VRGTRB
// CSR bits (write): 14 STATUS, 13 PARDIS, 8 TXDIS are stored; 10 MEMERR and 9 VINT are
// write-1-to-clear; 7:0 drive the diagnostic LEDs (active low) and are not readable.
//
// Bus interface. The register is 16 bits wide in bits 15:0 of a 32-bit word: a word read
// returns it in bits 15:0 (31:16 read 0), halfword/byte reads return the addressed lanes of
// that word, and writes only touch the byte lanes they enable (a byte write to +0 changes
// only the LEDs; a byte write to +1 only bits 15:8). Decision (UNCONFIRMED): the board
// decodes only the 16 MB slot select, so the register repeats at every 4-byte step of
// whatever window the machine maps (the same for ERRADR); nothing in the window raises a
// bus error.
//
// Read-only inputs with no model behind them read as constants: CRSRTST (PCC test output)
// and the video DAC comparator bits 2:0 read 0 (MAME's reset state without a frame buffer).
#pragma once
#include <functional>

#include "devices/device.h"
#include "devices/irq_line.h"
#include "emu/common/types.h"

namespace emu {

class Kn01Csr : public Device {
 public:
  static constexpr u16 kMnfmod = 0x8000;   // RO: 1 = manufacturing jumper out (normal)
  static constexpr u16 kStatus = 0x4000;   // RW: self-test passed output
  static constexpr u16 kPardis = 0x2000;   // RW: 1 = memory parity checking disabled
  static constexpr u16 kCrsrtst = 0x1000;  // RO: PCC test output (reads 0 here)
  static constexpr u16 kMono = 0x0800;     // RO: 1 = monochrome frame buffer or none
  static constexpr u16 kMemerr = 0x0400;   // R/W1C: write timeout, address in ERRADR
  static constexpr u16 kVint = 0x0200;     // R/W1C: PCC area-detect-2 (video) interrupt
  static constexpr u16 kTxdis = 0x0100;    // RW: DZ transmit drivers disabled
  static constexpr u16 kLeds = 0x00ff;     // WO: diagnostic LEDs, active low

  static constexpr u16 kStored = kStatus | kPardis | kTxdis;  // plain read/write bits
  static constexpr u16 kWriteOneToClear = kMemerr | kVint;

  // irq: CPU Int4 (Cause IP6), asserted while MEMERR or VINT is set.
  // mono: the MONO strap (true for a monochrome frame buffer or none — our machines have
  // no frame buffer). manufacturing_jumper: true reads MNFMOD = 0 (the PROM's
  // manufacturing self-test mode); false is the normal configuration.
  Kn01Csr(IrqLine& irq, bool mono, bool manufacturing_jumper = false);

  const char* name() const override { return "kn01-csr"; }
  // Board reset: STATUS, PARDIS, TXDIS, MEMERR, VINT clear, ERRADR 0, LEDs 0xff (all off;
  // decision — the LED latch's power-on value is undocumented).
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override;

  // --- Inputs from the machine -----------------------------------------------------
  // A CPU write timed out (nothing answered at physical byte address pa): MEMERR is set,
  // ERRADR latches pa and IP6 is raised. Decision (UNCONFIRMED, as MAME): a later error
  // overwrites ERRADR even while MEMERR is still pending.
  void memory_write_error(u32 pa);
  // The PCC's area-detect-2 output (vertical interrupt): sets VINT. Nothing drives it
  // while no frame buffer is modelled.
  void video_interrupt();

  // --- Outputs ----------------------------------------------------------------------
  u16 value() const;                  // what a read returns, without side effects
  u8 leds() const { return leds_; }   // last value written to bits 7:0 (active low)
  bool txdis() const { return (reg_ & kTxdis) != 0; }
  bool parity_disabled() const { return (reg_ & kPardis) != 0; }
  u32 erradr() const { return erradr_; }
  // Called with the new TXDIS level whenever it changes (machine -> DC7085).
  void on_txdis_change(std::function<void(bool)> cb) { txdis_cb_ = std::move(cb); }

 private:
  void write_bits(u16 data, u16 lanes);
  void update_irq() { irq_.set((reg_ & (kMemerr | kVint)) != 0); }

  IrqLine& irq_;
  const u16 straps_;  // MNFMOD and MONO as wired
  u16 reg_ = 0;       // STATUS, PARDIS, MEMERR, VINT, TXDIS
  u8 leds_ = 0xff;
  u32 erradr_ = 0;
  std::function<void(bool)> txdis_cb_;
};

// KN01 ERRADR (phys 0x17000000): read-only view of the address the CSR latched on the
// last write timeout. Format (decision): the full 32-bit physical byte address of the
// failed write, as Linux kn01-berr.c prints it; for byte and aligned halfword writes this
// equals MAME's (word address << 2 | byte lane). Byte/halfword reads return the addressed
// lanes of the word; writes are ignored (no bus error; UNCONFIRMED).
class Kn01Erradr : public Device {
 public:
  explicit Kn01Erradr(const Kn01Csr& csr) : csr_(csr) {}
  const char* name() const override { return "kn01-erradr"; }
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo&) override {}  // no state: a view of the CSR's latch

 private:
  const Kn01Csr& csr_;
};

}  // namespace emu
