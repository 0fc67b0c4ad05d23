// DECstation 5000/200 (KN02) system board registers in TURBOchannel slot 7: the 32-bit
// system CSR with the I/O interrupt cascade (phys 0x1ff00000), the memory error address
// register ERRADR (0x1fd80000) and the ECC check/syndrome register CHKSYN (0x1fd00000).
//
// Sources: shared/reference/decstation-memory-maps.md §2.3-§2.5; NetBSD kn02.h
// (from DEC's "DECstation 5000/200 KN02 System Module Functional Specification", 1990:
// bit names and r/w/ro/wz annotations), dec_3max.c (dispatch on csr & (csr >> 16) & 0xff,
// writes csr & 0x00ffff00 | enables, clears ERRADR and CHKSYN by writing 0), memc_3max.c
// (ERRADR decoding: word address, read addresses corrected by -5 for pipelining); Linux
// arch/mips/include/asm/dec/kn02.h and arch/mips/dec/ecc-berr.c (-5 for ECC reads only);
// GXemul dev_kn02.cc (pending AND enable cascade, writes to bits 7:0 do not touch pending
// state, NRMMOD set at reset).
//
// CSR bits: 31:28 reserved (read 0)  27 PSWARN ro  26 PRSVNVR ro  25 REFEVEN ro
//           24 NRMMOD ro  23:16 IOINTEN rw  15:14 ECCMD rw  13 CORRECT rw  12 LEDIAG rw
//           11 TXDIS rw  10 BNK32M rw  9 DIAGDN rw  8 BAUD38 rw
//           7:0 read: IOINT (raw pending sources)  7:0 write: LEDs (active low)
// Interrupt sources (bit n of IOINT, enabled by bit 16+n): 7 DZ, 6 LANCE, 5 SCSI,
// 4-3 unused, 2-0 option slots 2-0. CPU Int0 (IP2) is asserted while IOINT & IOINTEN != 0.
//
// Bus interface (all three registers). 32-bit registers; halfword and byte accesses read
// the addressed lanes and write only the lanes they enable (a byte write to CSR+0 changes
// only the LEDs, to CSR+2 only IOINTEN). Decision (UNCONFIRMED): each register repeats at
// every 4-byte step of its 512 KB sub-slot; nothing in the window raises a bus error.
//
// REFEVEN (decision): the bit is the refresh controller's even/odd bank phase, which
// changes far faster than software can sample it; we make it deterministic by toggling it
// on every read of the CSR, so a program that polls for a change always sees one.
#pragma once
#include <functional>

#include "devices/device.h"
#include "devices/irq_line.h"
#include "emu/common/types.h"

namespace emu {

class Kn02Csr : public Device {
 public:
  static constexpr u32 kIoint = 0x000000ff;     // read: pending sources
  static constexpr u32 kLeds = 0x000000ff;      // write: LEDs
  static constexpr u32 kBaud38 = 0x00000100;
  static constexpr u32 kDiagdn = 0x00000200;
  static constexpr u32 kBnk32m = 0x00000400;
  static constexpr u32 kTxdis = 0x00000800;
  static constexpr u32 kLediag = 0x00001000;
  static constexpr u32 kCorrect = 0x00002000;
  static constexpr u32 kEccmd = 0x0000c000;
  static constexpr u32 kIointen = 0x00ff0000;
  static constexpr unsigned kIointenShift = 16;
  static constexpr u32 kNrmmod = 0x01000000;
  static constexpr u32 kRefeven = 0x02000000;
  static constexpr u32 kPrsvnvr = 0x04000000;
  static constexpr u32 kPswarn = 0x08000000;
  static constexpr u32 kWritable = 0x00ffff00;  // bits 23:8: enables + ECC/DZ/memory controls

  // Interrupt source numbers (bit n of IOINT).
  enum Source : unsigned { kSlot0 = 0, kSlot1 = 1, kSlot2 = 2, kScsi = 5, kLance = 6, kDz = 7 };
  static constexpr unsigned kSources = 8;

  // io_irq: CPU Int0 (Cause IP2). preserve_nvram: the PRSVNVR jumper (true = NVRAM kept;
  // false tells the PROM to clear it). NRMMOD always reads 1 (normal mode: the 5000/200
  // PROM loops forever otherwise) and PSWARN 0 (power supply fine).
  explicit Kn02Csr(IrqLine& io_irq, bool preserve_nvram = true);

  const char* name() const override { return "kn02-csr"; }
  // Board reset: bits 23:8 and REFEVEN clear, LEDs 0xff. The pending sources are inputs
  // (wires from devices that keep their own state), so they survive a reset.
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override;

  // --- Inputs: interrupt request wires of sources 0..7 (level-sensitive) -------------
  void set_source(unsigned n, bool level);
  // A sink for IrqLine::connect: `dz_line.connect(csr.source(Kn02Csr::kDz))`.
  std::function<void(bool)> source(unsigned n);

  // --- Outputs ----------------------------------------------------------------------
  u32 value() const;  // what a read returns, without the REFEVEN toggle
  u8 pending() const { return pending_; }
  u8 enables() const { return static_cast<u8>((reg_ & kIointen) >> kIointenShift); }
  u8 leds() const { return leds_; }
  bool baud38() const { return (reg_ & kBaud38) != 0; }
  bool txdis() const { return (reg_ & kTxdis) != 0; }
  bool bnk32m() const { return (reg_ & kBnk32m) != 0; }
  // Called with the new level whenever BAUD38 / TXDIS changes (machine -> DC7085).
  void on_baud38_change(std::function<void(bool)> cb) { baud38_cb_ = std::move(cb); }
  void on_txdis_change(std::function<void(bool)> cb) { txdis_cb_ = std::move(cb); }

 private:
  void write_word(u32 data, u32 mask);
  void update_irq() { irq_.set((pending_ & enables()) != 0); }
  void notify(u32 before);

  IrqLine& irq_;
  const u32 straps_;  // NRMMOD, PRSVNVR, PSWARN
  u32 reg_ = 0;       // bits 23:8
  u8 pending_ = 0;
  u8 leds_ = 0xff;
  bool refeven_ = false;
  std::function<void(bool)> baud38_cb_, txdis_cb_;
};

// KN02 ERRADR: the memory controller's error latch.
//   31 VALID  30 CPU (1) / DMA (0)  29 WRITE (1) / read (0)  28 ECCERR (1) / timeout (0)
//   27 unused  26:0 physical word address (byte address >> 2)
// Any write clears the register (software writes 0) and drops the IP5 request.
// Decisions (UNCONFIRMED): the first error is kept while VALID is set (later errors are
// not latched until software clears it); for an ECC error on a read the word address is
// latched 5 words ahead within its 4 KB page (low 12 bits + 5, wrapping), the pipelining
// offset that software subtracts. Timeouts latch the exact address: Linux ecc-berr.c
// corrects only ECC read errors ("For ECC errors on reads adjust for MT pipelining");
// NetBSD memc_3max.c corrects every read error, so it prints a read timeout's address
// 5 words low (a diagnostic message only). No ECC error is modelled yet.
class Kn02Erradr : public Device {
 public:
  static constexpr u32 kValid = 0x80000000;
  static constexpr u32 kCpu = 0x40000000;
  static constexpr u32 kWrite = 0x20000000;
  static constexpr u32 kEccErr = 0x10000000;
  static constexpr u32 kAddress = 0x07ffffff;
  static constexpr u32 kReadPipelineWords = 5;

  // irq: CPU Int3 (Cause IP5), asserted while VALID is set.
  explicit Kn02Erradr(IrqLine& irq) : irq_(irq) {}
  const char* name() const override { return "kn02-erradr"; }
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override;

  // An error at physical byte address pa: a bus timeout (ecc = false) or an ECC error;
  // on a write or a read; by the CPU or a DMA master.
  void memory_error(u32 pa, bool write, bool cpu, bool ecc = false);
  u32 value() const { return value_; }

 private:
  IrqLine& irq_;
  u32 value_ = 0;
};

// KN02 CHKSYN: ECC check bits and syndromes of the last ECC error (even bank in 15:0, odd
// bank in 31:16: syndrome 6:0, single-bit 7, check bits 14:8, valid 15). No ECC error is
// ever modelled, so it reads 0 unless the machine sets it; any write clears it (software
// writes 0).
class Kn02Chksyn : public Device {
 public:
  Kn02Chksyn() = default;
  const char* name() const override { return "kn02-chksyn"; }
  void reset() override { value_ = 0; }
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override { io.pod(value_); }

  void set(u32 v) { value_ = v; }
  u32 value() const { return value_; }

 private:
  u32 value_ = 0;
};

}  // namespace emu
