// DEC DC7085 ("DZ") quad serial line controller. Sources and the bus/timing model are in
// dc7085.h; decisions where the hardware is undefined or the sources disagree are marked
// "Decision:".
#include "devices/dc7085/dc7085.h"

#include <string>

#include "emu/common/error.h"

namespace emu {

namespace {

// Speed codes 0..15 in tenths of a baud (reference §1.4, NetBSD LPR_Bxxx, SimH table).
constexpr u32 kBaudX10[16] = {500,   750,   1100,  1345,  1500,  3000,  6000,  12000,
                              18000, 20000, 24000, 36000, 48000, 72000, 96000, 192000};
constexpr u32 kBaud38X10 = 384000;

}  // namespace

Dc7085::Dc7085(Scheduler& sched, IrqLine& irq, u64 cpu_hz)
    : sched_(sched), irq_(irq), cpu_hz_(cpu_hz) {
  if (cpu_hz_ == 0) throw EmulatorError("dc7085: the CPU clock frequency must be non-zero");
  for (unsigned i = 0; i < kLines; ++i) {
    const std::string n = std::to_string(i);
    lines_[i].tx_event = std::make_unique<Event>("dc7085.tx" + n, [this, i] { on_tx_done(i); });
    lines_[i].rx_event = std::make_unique<Event>("dc7085.rx" + n, [this, i] { on_rx_poll(i); });
  }
  reset();
}

Dc7085::~Dc7085() {
  for (Line& l : lines_) {
    sched_.cancel(*l.tx_event);
    sched_.cancel(*l.rx_event);
  }
}

void Dc7085::reset() {
  master_clear();
  tcr_ = 0;          // power-on also drops the modem-control outputs
  clear_until_ = 0;  // and no CLR pulse is in progress
  update_irq();
}

void Dc7085::attach(unsigned line, SerialBackend* backend) {
  if (line >= kLines) throw EmulatorError("dc7085: no line " + std::to_string(line));
  lines_[line].backend = backend;
  rearm_rx(line);
}

void Dc7085::set_baud38(bool on) {
  if (on == baud38_) return;
  baud38_ = on;
  // Receivers at speed code 15 change rate now; a character already being sent keeps the
  // end time it was given (decision: the clock switch is not modelled mid-character).
  for (unsigned i = 0; i < kLines; ++i)
    if (((lines_[i].lpr & kLprSpeed) >> kLprSpeedShift) == 15) rearm_rx(i);
}

// ---------------------------------------------------------------------------------------
// Bus side

bool Dc7085::read(u32 offset, unsigned size, u32& value) {
  if (size != 1 && size != 2 && size != 4) return false;
  const u32 off = offset & kBlockMask;
  const u32 reg = off & ~kSlotMask;
  const u32 byte = off & kSlotMask;
  value = 0;
  if (byte == 0) {
    const u16 v = read_reg(reg);
    value = size == 1 ? (v & 0xffu) : v;
  } else if (byte == 1 && size == 1) {
    value = read_reg(reg) >> 8;
  }
  // Bytes 2..7 of a slot: nothing drives them (decision: 0, no side effects).
  update_irq();
  return true;
}

bool Dc7085::write(u32 offset, unsigned size, u32 value) {
  if (size != 1 && size != 2 && size != 4) return false;
  const u32 off = offset & kBlockMask;
  const u32 reg = off & ~kSlotMask;
  const u32 byte = off & kSlotMask;
  if (byte == 0)
    write_reg(reg, static_cast<u16>(size == 1 ? (value & 0xff) : (value & 0xffff)),
              size == 1 ? 0x00ff : 0xffff);
  else if (byte == 1 && size == 1)
    write_reg(reg, static_cast<u16>((value & 0xff) << 8), 0xff00);
  update_irq();
  return true;
}

u16 Dc7085::peek_csr() const {
  u16 v = csr_;
  if (trdy_) v |= kCsrTrdy;
  v |= static_cast<u16>(tline_ << kCsrTlineShift);
  if (!silo_.empty()) v |= kCsrRdone;
  if (clearing()) v |= kCsrClr;
  return v;
}

u16 Dc7085::peek_msr() const {
  // Decision: NetBSD/DEC dc7085cons.h bit positions, which 4.4BSD's DEC-derived driver
  // reads on KN02 (CD/DSR for lines 2 and 3) and KN01 (DSR2). They come from DEC's own
  // header, so they are better evidenced than MAME's KN01 wiring (DSR3 at 0x0001, which
  // dc7085cons.h calls CTS3). Host backends have no modem signals: a line with something
  // attached has its modem "present" (CTS, DSR and CD on, as GXemul reports); a line with
  // nothing attached has none. Ring is never reported.
  u16 v = 0;
  if (lines_[2].backend) v |= kMsrCts2 | kMsrDsr2 | kMsrCd2;
  if (lines_[3].backend) v |= kMsrCts3 | kMsrDsr3 | kMsrCd3;
  return v;
}

u16 Dc7085::read_reg(u32 reg) {
  switch (reg) {
    case kCsr: return peek_csr();
    case kRbufLpr: {
      // Reading RBUF pops the silo. Empty silo: DVAL = 0 and, decision, the other bits 0
      // (as MAME); drivers loop "while DVAL" so only DVAL matters.
      if (silo_.empty()) return 0;
      const u16 w = silo_.front();
      silo_.pop_front();
      refill_silo();
      return w;
    }
    case kTcr: return tcr_;
    default: return peek_msr();  // kMsrTdr
  }
}

void Dc7085::write_reg(u32 reg, u16 data, u16 lanes) {
  switch (reg) {
    case kCsr: {
      const u16 v = static_cast<u16>((csr_ & ~lanes) | (data & lanes));
      write_csr(v & kCsrWritable, (lanes & 0x00ff) && (data & kCsrClr));
      break;
    }
    case kRbufLpr:
      // Decision: LPR is write-only and meant for word writes; a byte write is combined
      // with the other byte of the last value written, as if LPR were a 16-bit latch.
      last_lpr_ = static_cast<u16>((last_lpr_ & ~lanes) | (data & lanes));
      write_lpr(last_lpr_);
      break;
    case kTcr:
      // Decision: bits 7:4 and 15:12 (line enables / modem bits of lines 4..7 on a DZ11)
      // do not exist on a 4-line chip and read 0.
      tcr_ = static_cast<u16>(((tcr_ & ~lanes) | (data & lanes)) & (kTcrEnables | kTcrModem));
      scan();
      break;
    default:  // kMsrTdr
      if (lanes & 0xff00) breaks_ = data & kTdrBreak;
      if (lanes & 0x00ff) write_tdr_char(static_cast<u8>(data & kTdrChar));
      break;
  }
}

void Dc7085::write_csr(u16 value, bool clear) {
  if (clear) {
    // The bits written together with CLR are cleared with everything else (the DZ11 holds
    // its CSR in clear for the whole pulse).
    master_clear();
    return;
  }
  const u16 old = csr_;
  csr_ = value;
  if ((old ^ value) & (kCsrMse | kCsrMaint))
    for (unsigned i = 0; i < kLines; ++i) rearm_rx(i);
  scan();
}

void Dc7085::write_lpr(u16 value) {
  value &= static_cast<u16>(kLprRxenab | kLprSpeed | kLprOddParity | kLprParity | kLprTwoStop |
                            kLprCharLen | kLprLine);
  const unsigned line = value & kLprLine;
  Line& l = lines_[line];
  const u16 old = l.lpr;
  l.lpr = value;
  // Rewriting the same parameters does not restart a running receiver.
  if (((old ^ value) & ~kLprLine) != 0 || !l.rx_armed) rearm_rx(line);
}

void Dc7085::write_tdr_char(u8 c) {
  // Decision: a character written while TRDY is clear has no ready transmitter to go to
  // and is dropped (on the chip it would clobber a busy UART's buffer).
  if (!trdy_) return;
  Line& l = lines_[tline_];
  const u32 d = den(l);
  const Cycles now = sched_.now();
  u128 start = static_cast<u128>(now) * d;
  // Written in the very cycle the previous character ended: continue from its exact end,
  // so back-to-back streams do not gain a rounding cycle per character.
  if (l.tx_chain && l.tx_done == now && l.tx_den == d) start = l.tx_end;
  l.tx_end = start + frame_units(l.lpr);
  l.tx_den = d;
  l.tx_done = static_cast<Cycles>((l.tx_end + d - 1) / d);
  l.tx_busy = true;
  l.tx_char = static_cast<u8>(c & char_mask(l.lpr));
  sched_.schedule_at(*l.tx_event, l.tx_done);
  scan();
}

// ---------------------------------------------------------------------------------------
// Master clear

void Dc7085::master_clear() {
  // Decision (DZ11 behaviour, SimH dz_clear): CSR, silo, every LPR (receivers off, 50
  // baud 5 bits), the transmit line enables and break bits clear; TCR's modem-control
  // outputs survive so a clear does not hang up modems. Characters in the UARTs are lost.
  csr_ = 0;
  silo_.clear();
  for (unsigned i = 0; i < kLines; ++i) {
    Line& l = lines_[i];
    l.lpr = static_cast<u16>(i);  // parameters 0; the stored value keeps its line number
    sched_.cancel(*l.tx_event);
    l.tx_busy = false;
    l.tx_chain = false;
    l.hold_valid = false;
    rearm_rx(i);
  }
  tcr_ &= kTcrModem;
  breaks_ = 0;
  last_lpr_ = 0;
  trdy_ = false;
  tline_ = 0;
  scan_start_ = 0;
  // Decision: the state above is cleared at once; CLR then reads 1 for the DZ11's 15 µs
  // (DEC's driver spins until it drops). Register writes during the pulse are accepted,
  // so software that does not wait still works.
  clear_until_ = sched_.now() + (kClearMicroseconds * cpu_hz_ + 999'999) / 1'000'000;
}

// ---------------------------------------------------------------------------------------
// Timing

u32 Dc7085::baud_x10(unsigned speed_code, bool baud38) {
  speed_code &= 15;
  return speed_code == 15 && baud38 ? kBaud38X10 : kBaudX10[speed_code];
}

unsigned Dc7085::frame_half_bits(u16 lpr) {
  const unsigned data = 5 + ((lpr & kLprCharLen) >> kLprCharLenShift);
  const unsigned parity = (lpr & kLprParity) ? 1 : 0;
  // "Two" stop bits are 1.5 with 5-bit characters (DZ11; SimH and MAME agree).
  const unsigned stop_half = !(lpr & kLprTwoStop) ? 2 : (data == 5 ? 3 : 4);
  return 2 * (1 + data + parity) + stop_half;
}

u32 Dc7085::den(const Line& l) const {
  return baud_x10((l.lpr & kLprSpeed) >> kLprSpeedShift, baud38_);
}

u64 Dc7085::frame_units(u16 lpr) const {
  // half_bits / 2 bits * (10 / baud_x10) s * cpu_hz = half_bits * 5 * cpu_hz / baud_x10.
  return static_cast<u64>(frame_half_bits(lpr)) * 5 * cpu_hz_;
}

u8 Dc7085::char_mask(u16 lpr) {
  const unsigned data = 5 + ((lpr & kLprCharLen) >> kLprCharLenShift);
  return static_cast<u8>((1u << data) - 1);
}

// ---------------------------------------------------------------------------------------
// Transmit scanner

bool Dc7085::tx_ready(unsigned line) const {
  return ((tcr_ >> line) & 1) && !lines_[line].tx_busy;
}

void Dc7085::scan() {
  if (!(csr_ & kCsrMse)) {
    trdy_ = false;  // MSE = 0 stops the scanner (TLINE keeps its last value)
    return;
  }
  if (trdy_) {
    // The scanner holds the line it found until TDR is written or the line is disabled
    // (KS10 DZ11 reimplementation); then it moves on from the next line.
    if (tx_ready(tline_)) return;
    scan_start_ = (tline_ + 1) % kLines;
    trdy_ = false;
  }
  // Decision: round-robin from the line after the last one serviced (SimH, GXemul, the
  // DZ11's rotating scan counter); MAME always prefers the lowest line.
  for (unsigned i = 0; i < kLines; ++i) {
    const unsigned line = (scan_start_ + i) % kLines;
    if (tx_ready(line)) {
      trdy_ = true;
      tline_ = line;
      return;
    }
  }
}

void Dc7085::on_tx_done(unsigned line) {
  Line& l = lines_[line];
  l.tx_busy = false;
  l.tx_chain = true;
  if (csr_ & kCsrMaint) {
    // Decision (as SimH): in maintenance mode the character goes only to the line's own
    // receiver, not out to the backend; the loop is inside the chip, so TXDIS (line
    // drivers) does not affect it.
    receive_char(line, l.tx_char);
  } else if (!tx_disabled_ && l.backend) {
    l.backend->transmit(l.tx_char);
  }
  scan();
  update_irq();
}

// ---------------------------------------------------------------------------------------
// Receivers and silo

bool Dc7085::rx_should_run(const Line& l) const {
  return l.backend && (csr_ & kCsrMse) && !(csr_ & kCsrMaint) && (l.lpr & kLprRxenab);
}

void Dc7085::rearm_rx(unsigned line) {
  Line& l = lines_[line];
  sched_.cancel(*l.rx_event);
  l.rx_armed = rx_should_run(l);
  if (!l.rx_armed) return;
  // The first character can complete one character time after the receiver starts.
  l.rx_den = den(l);
  l.rx_anchor = static_cast<u128>(sched_.now()) * l.rx_den;
  l.rx_count = 0;
  schedule_rx(line);
}

void Dc7085::schedule_rx(unsigned line) {
  Line& l = lines_[line];
  const u128 end = l.rx_anchor + static_cast<u128>(l.rx_count + 1) * frame_units(l.lpr);
  sched_.schedule_at(*l.rx_event, static_cast<Cycles>((end + l.rx_den - 1) / l.rx_den));
}

void Dc7085::on_rx_poll(unsigned line) {
  Line& l = lines_[line];
  ++l.rx_count;
  u8 c = 0;
  if (!(pacing_ && l.hold_valid) && l.backend->receive(c)) receive_char(line, c);
  schedule_rx(line);
  update_irq();
}

void Dc7085::receive_char(unsigned line, u8 c) {
  Line& l = lines_[line];
  // The silo is only loaded while the scanner runs, from enabled receivers.
  if (!(csr_ & kCsrMse) || !(l.lpr & kLprRxenab)) return;
  u16 w = static_cast<u16>(kRbufDval | (line << kRbufLineShift) | (c & char_mask(l.lpr)));
  if (!l.hold_valid && silo_.size() < kSiloDepth) {
    silo_.push_back(w);
    return;
  }
  // Silo full: the character waits in the line's UART buffer. If one is already waiting
  // it is lost, and the newcomer carries OERR ("a character was lost before this one").
  if (l.hold_valid) w |= kRbufOerr;
  l.hold = w;
  l.hold_valid = true;
  l.hold_seq = hold_seq_++;
}

void Dc7085::refill_silo() {
  // Waiting UART buffers move into freed silo places, oldest arrival first.
  while (silo_.size() < kSiloDepth) {
    Line* oldest = nullptr;
    for (Line& l : lines_)
      if (l.hold_valid && (!oldest || l.hold_seq < oldest->hold_seq)) oldest = &l;
    if (!oldest) return;
    silo_.push_back(oldest->hold);
    oldest->hold_valid = false;
  }
}

void Dc7085::update_irq() {
  // SA/SAE are not modelled (DEC's dc7085cons.h and MAME define neither): SAE is plain
  // storage and receive interrupts stay per character, which only ever gives a driver
  // that sets SAE (NetBSD under heavy input) more interrupts than it asked for.
  irq_.set(((csr_ & kCsrTie) && trdy_) || ((csr_ & kCsrRie) && !silo_.empty()));
}


// The serial backends are connections, not state: a restored run prints to and reads from
// whatever its own command line attaches. Receive pacing follows the console's input kind.
void Dc7085::state(StateIo& io) {
  for (Line& l : lines_) {
    io.pod(l.lpr);
    io.boolean(l.tx_busy);
    io.pod(l.tx_char);
    io.pod(l.tx_end);
    io.pod(l.tx_den);
    io.pod(l.tx_done);
    io.boolean(l.tx_chain);
    sched_.event_state(io, *l.tx_event);
    io.boolean(l.rx_armed);
    io.pod(l.rx_anchor);
    io.pod(l.rx_den);
    io.pod(l.rx_count);
    sched_.event_state(io, *l.rx_event);
    io.boolean(l.hold_valid);
    io.pod(l.hold);
    io.pod(l.hold_seq);
    io.check(l.tx_den && l.rx_den, "a DZ line's baud divisor is zero");
  }
  io.pod(csr_);
  io.pod(tcr_);
  io.pod(last_lpr_);
  io.pod(breaks_);
  io.boolean(trdy_);
  io.pod(tline_);
  io.pod(scan_start_);
  io.pod(clear_until_);
  io.deque(silo_, kSiloDepth, [&](u16& c) { io.pod(c); });
  io.pod(hold_seq_);
  io.boolean(baud38_);
  io.boolean(tx_disabled_);
  io.check(tline_ < kLines && scan_start_ < kLines, "a DZ line number is out of range");
}

}  // namespace emu
