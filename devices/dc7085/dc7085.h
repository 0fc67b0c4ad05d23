// DEC DC7085 ("DZ") quad asynchronous serial line controller, as on the DECstation KN01
// (phys 0x1c000000) and KN02 (phys 0x1fe00000): line 0 keyboard, 1 mouse, 2 and 3
// communication ports (3 = serial console).
//
// Sources: shared/reference/dz-rtc-prom.md §1 (register map and bits, from NetBSD
// sys/arch/pmax/include/dc7085cons.h [DEC's own header via Sprite], sys/dev/dec/dzreg.h,
// sys/arch/pmax/ibus/dz_ibus.c, MAME src/mame/dec/dc7085.cpp, GXemul dev_dc7085.cc);
// 4.4BSD pmax dc.c (DEC/Sprite driver: waits for CSR.CLR to drop; which MSR bits are
// read on KN01 and KN02); SimH vax/vax4xx_dz.c (the same chip family in VAXstations:
// round-robin scan from the line after TLINE, 1.5 stop bits for 5-bit characters, master
// clear keeps the modem-control outputs); Rob Doyle's KS10 FPGA DZ11 (dzcsr.v: the
// scanner holds TLINE until TDR is written or the line is disabled; the DZ11 master clear
// is a 15 µs one-shot that DEC's DSDZA diagnostic measures).
//
// Bus interface. Four 16-bit registers in bits 15:0 of 32-bit words at an 8-byte stride:
//   +0x00 CSR (r/w)   +0x08 RBUF (r) / LPR (w)   +0x10 TCR (r/w)   +0x18 MSR (r) / TDR (w)
// Word, halfword and byte accesses are accepted. The byte at +1 of a register is bits
// 15:8 (NetBSD writes TCR and TDR bytewise: +0x10 line enables, +0x11 modem outputs,
// +0x18 character, +0x19 break bits). Every read of a byte of RBUF is a read of RBUF and
// pops the silo. Bytes +2..+7 of each 8-byte slot answer 0 and ignore writes. The chip
// decodes only address bits 4:0, so the registers repeat every 32 bytes across whatever
// window the board gives it (decision: mirror, no bus error inside the window).
//
// Time. A character written to TDR occupies its line's transmitter for start + data +
// parity + stop bits at the line's speed; it reaches the backend, and the line becomes
// ready again, at ceil(exact end) in CPU cycles. Ends are kept as exact rationals, so a
// stream written back to back (each TDR write in the cycle the previous character ended)
// accumulates no rounding drift. Each receiver that is enabled (LPR RXENAB, CSR MSE, no
// MAINT, something attached) asks its backend for a character once per character time,
// on cycles ceil(anchor + n * character time): input arrives at the programmed rate.
// Decision: each transmitter holds one character (TRDY returns for a line when its
// character has left), as the reference describes; NetBSD's dz.c remarks that the DZ11's
// UARTs are double-buffered, which would let a second character in one holding-register
// transfer after the first (same throughput, earlier first TRDY) — not modelled.
// Decision: MSE gates the scanner (TRDY, loading the silo from the receivers); what is
// already in the silo stays readable through RBUF/RDONE with MSE = 0, and a character
// already in a transmitter finishes.
#pragma once
#include <array>
#include <deque>
#include <memory>

#include "devices/device.h"
#include "devices/irq_line.h"
#include "devices/serial/serial_backend.h"
#include "emu/common/types.h"
#include "emu/sched/scheduler.h"

namespace emu {

class Dc7085 : public Device {
 public:
  static constexpr unsigned kLines = 4;
  // Decision: the DZ11's 64-character silo (DC7085 depth UNCONFIRMED; MAME also uses 64).
  static constexpr unsigned kSiloDepth = 64;

  // Register offsets inside the 32-byte block.
  enum Reg : u32 { kCsr = 0x00, kRbufLpr = 0x08, kTcr = 0x10, kMsrTdr = 0x18 };
  static constexpr u32 kBlockMask = 0x1f;  // mirror period
  static constexpr u32 kSlotMask = 0x07;   // byte within a register slot

  // CSR
  static constexpr u16 kCsrTrdy = 0x8000;   // RO transmitter ready (line in TLINE)
  static constexpr u16 kCsrTie = 0x4000;    // RW transmit interrupt enable
  static constexpr u16 kCsrSa = 0x2000;     // RO silo alarm: not modelled, reads 0
  static constexpr u16 kCsrSae = 0x1000;    // RW silo alarm enable: stored only
  static constexpr u16 kCsrTline = 0x0300;  // RO line of TRDY
  static constexpr unsigned kCsrTlineShift = 8;
  static constexpr u16 kCsrRdone = 0x0080;  // RO silo not empty
  static constexpr u16 kCsrRie = 0x0040;    // RW receive interrupt enable
  static constexpr u16 kCsrMse = 0x0020;    // RW master scan enable
  static constexpr u16 kCsrClr = 0x0010;    // W master clear; reads 1 while it lasts
  static constexpr u16 kCsrMaint = 0x0008;  // RW loop transmitters back to receivers
  static constexpr u16 kCsrWritable = kCsrTie | kCsrSae | kCsrRie | kCsrMse | kCsrMaint;

  // RBUF
  static constexpr u16 kRbufDval = 0x8000, kRbufOerr = 0x4000, kRbufFerr = 0x2000,
                       kRbufPerr = 0x1000, kRbufLine = 0x0300, kRbufChar = 0x00ff;
  static constexpr unsigned kRbufLineShift = 8;

  // LPR
  static constexpr u16 kLprRxenab = 0x1000, kLprSpeed = 0x0f00, kLprOddParity = 0x0080,
                       kLprParity = 0x0040, kLprTwoStop = 0x0020, kLprCharLen = 0x0018,
                       kLprLine = 0x0003;
  static constexpr unsigned kLprSpeedShift = 8, kLprCharLenShift = 3;

  // TCR: line enables and the modem-control outputs (NetBSD dc7085cons.h names; MAME
  // calls bits 11:8 DTR3..DTR0 — they are stored, not interpreted).
  static constexpr u16 kTcrEnables = 0x000f, kTcrModem = 0x0f00;
  static constexpr u16 kTcrDtr3 = 0x0100, kTcrRts3 = 0x0200, kTcrDtr2 = 0x0400,
                       kTcrRts2 = 0x0800;

  // TDR
  static constexpr u16 kTdrChar = 0x00ff, kTdrBreak = 0x0f00;

  // MSR (NetBSD/DEC dc7085cons.h; MAME's KN01 puts DSR3 at 0x0001 instead — see .cpp).
  static constexpr u16 kMsrCts3 = 0x0001, kMsrDsr3 = 0x0002, kMsrCd3 = 0x0004,
                       kMsrRi3 = 0x0008, kMsrCts2 = 0x0100, kMsrDsr2 = 0x0200,
                       kMsrCd2 = 0x0400, kMsrRi2 = 0x0800;

  // Master clear lasts 15 µs (DZ11 one-shot; DC7085 duration UNCONFIRMED).
  static constexpr u64 kClearMicroseconds = 15;

  // cpu_hz: the machine's CPU clock (scheduler cycles per second), > 0. The scheduler,
  // the IRQ line and attached backends must outlive the device (the destructor cancels
  // its events). Construction is power-on reset.
  Dc7085(Scheduler& sched, IrqLine& irq, u64 cpu_hz);
  ~Dc7085() override;
  Dc7085(const Dc7085&) = delete;
  Dc7085& operator=(const Dc7085&) = delete;

  const char* name() const override { return "dc7085"; }
  // Power-on / board reset: all registers 0 (including TCR's modem outputs), silo empty,
  // characters in flight lost, CLR not active.
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override;

  // Connect line 0..3 to a backend (nullptr: no cable). Not owned.
  void attach(unsigned line, SerialBackend* backend);
  // KN02 system CSR BAUD38: speed code 15 means 38400 instead of 19200 baud.
  void set_baud38(bool on);
  // System CSR TXDIS: the line drivers are off, transmitted characters vanish (the
  // transmitters still take their character time; MAINT loopback still works).
  void set_tx_disabled(bool on) { tx_disabled_ = on; }
  // Decision (off by default = hardware behaviour): with pacing on, a receiver whose
  // character could not enter the full silo does not ask its backend for more, so scripted
  // input from a file is delayed instead of lost to overruns while the guest is not
  // reading. Loopback characters still overrun.
  void set_receive_pacing(bool on) { pacing_ = on; }

  // Inspection without side effects (tests, debugger).
  u16 peek_csr() const;
  u16 peek_msr() const;
  u16 tcr() const { return tcr_; }
  // Last LPR value written for a line (line number in bits 1:0; parameters 0 after a clear).
  u16 lpr(unsigned line) const { return lines_.at(line).lpr; }
  unsigned silo_count() const { return static_cast<unsigned>(silo_.size()); }

  // Line speed in tenths of a baud (134.5 baud has a half) for a 4-bit speed code.
  static u32 baud_x10(unsigned speed_code, bool baud38);
  // Length of one character frame in half bits (1.5 stop bits exist), from an LPR value.
  static unsigned frame_half_bits(u16 lpr);

 private:
  __extension__ typedef unsigned __int128 u128;

  struct Line {
    SerialBackend* backend = nullptr;
    u16 lpr = 0;
    // Transmitter: a character in flight ends at tx_end / tx_den cycles (exact).
    bool tx_busy = false;
    u8 tx_char = 0;
    u128 tx_end = 0;
    u32 tx_den = 1;
    Cycles tx_done = 0;  // ceil(tx_end / tx_den): when it completes
    bool tx_chain = false;
    std::unique_ptr<Event> tx_event;
    // Receiver polling: the n-th poll is at ceil((rx_anchor + n * frame) / rx_den).
    bool rx_armed = false;
    u128 rx_anchor = 0;
    u32 rx_den = 1;
    u64 rx_count = 0;
    std::unique_ptr<Event> rx_event;
    // The line's receive buffer, used only while the silo is full.
    bool hold_valid = false;
    u16 hold = 0;
    u64 hold_seq = 0;
  };

  u16 read_reg(u32 reg);
  void write_reg(u32 reg, u16 data, u16 lanes);
  void write_csr(u16 value, bool clear);
  void write_lpr(u16 value);
  void write_tdr_char(u8 c);

  void master_clear();
  bool clearing() const { return sched_.now() < clear_until_; }

  // Per-line timing, in units of 1/den cycles: a frame is frame_units(lpr) / den cycles.
  u32 den(const Line& l) const;
  u64 frame_units(u16 lpr) const;
  static u8 char_mask(u16 lpr);

  bool tx_ready(unsigned line) const;
  void scan();  // recompute TRDY/TLINE
  void on_tx_done(unsigned line);

  bool rx_should_run(const Line& l) const;
  void rearm_rx(unsigned line);        // (re)start or stop polling from now
  void schedule_rx(unsigned line);
  void on_rx_poll(unsigned line);
  void receive_char(unsigned line, u8 c);  // a complete character reached the receiver
  void refill_silo();

  void update_irq();

  Scheduler& sched_;
  IrqLine& irq_;
  u64 cpu_hz_;

  std::array<Line, kLines> lines_;
  u16 csr_ = 0;  // only kCsrWritable bits
  u16 tcr_ = 0;
  u16 last_lpr_ = 0;  // latch for byte writes to LPR
  u16 breaks_ = 0;    // TDR 11:8, stored (break is not sent to backends)
  bool trdy_ = false;
  unsigned tline_ = 0;
  unsigned scan_start_ = 0;
  Cycles clear_until_ = 0;
  std::deque<u16> silo_;
  u64 hold_seq_ = 0;
  bool baud38_ = false;
  bool tx_disabled_ = false;
  bool pacing_ = false;
};

}  // namespace emu
