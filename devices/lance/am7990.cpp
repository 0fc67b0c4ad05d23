// AMD Am7990 LANCE: register interface, initialization, start/stop, interrupts and packet
// data movement. The transmitter is in am7990_tx.cpp, the receiver in am7990_rx.cpp.
// Sources and the timing model are in am7990.h; "Decision:" marks choices where the
// hardware is undefined or the sources disagree.
#include "devices/lance/am7990.h"

#include "emu/common/error.h"

namespace emu {

Am7990::Am7990(Scheduler& sched, IrqLine& irq, u64 cpu_hz, LanceMemory& memory, u64 backoff_seed)
    : sched_(sched),
      irq_(irq),
      hz_(cpu_hz),
      mem_(memory),
      init_event_("am7990.init", [this] { on_init_done(); }),
      tx_event_("am7990.tx", [this] { on_tx_event(); }),
      loop_event_("am7990.loopback", [this] { on_loopback(); }),
      rx_event_("am7990.rx", [this] { on_rx_event(); }) {
  if (hz_ == 0) throw EmulatorError("am7990: the CPU clock frequency must be non-zero");
  seed_ = backoff_seed;
  reset();
}

Am7990::~Am7990() {
  sched_.cancel(init_event_);
  sched_.cancel(tx_event_);
  sched_.cancel(loop_event_);
  sched_.cancel(rx_event_);
}

void Am7990::reset() {
  stop();
  csr1_ = csr2_ = 0;
  rap_ = 0;
  mode_ = 0;
  padr_ = {};
  ladrf_ = 0;
  rdra_ = tdra_ = 0;
  rx_mask_ = tx_mask_ = 0;
  rx_idx_ = tx_idx_ = 0;
  medium_free_ = 0;
  rx_last_done_ = 0;
  pending_faults_ = TxFaults();
  set_backoff_seed(seed_);
  update_irq();
}

// STOP: "acts as a reset of the chip state". Everything in flight is abandoned (a frame
// whose start was already handed to the port stays sent). Decision: the init-block state
// (mode, addresses, rings, ring indices) is kept until the next INIT; CSR3 is cleared
// (MAME), CSR1/CSR2 are kept.
void Am7990::stop() {
  sched_.cancel(init_event_);
  sched_.cancel(tx_event_);
  sched_.cancel(loop_event_);
  sched_.cancel(rx_event_);
  rx_done_.clear();
  tx_phase_ = TxPhase::kIdle;
  job_ = TxJob();
  start_after_init_ = false;
  csr0_ = kStop;
  csr3_ = 0;
}

void Am7990::set_backoff_seed(u64 seed) {
  seed_ = seed;
  // splitmix64 of the seed: any seed (also 0) gives a non-zero xorshift state.
  u64 z = seed + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  rng_ = (z ^ (z >> 31)) | 1;
}

// ---------------------------------------------------------------------------------------
// Bus side

bool Am7990::read(u32 offset, unsigned size, u32& value) {
  if (size != 2 && size != 4) return false;
  switch (offset & kPortMask) {
    case kRdp: value = csr(rap_); break;
    case kRap: value = rap_; break;
    default: value = 0; break;  // upper halfword of a port: nothing drives it
  }
  return true;
}

bool Am7990::write(u32 offset, unsigned size, u32 value) {
  if (size != 2 && size != 4) return false;
  switch (offset & kPortMask) {
    case kRdp: write_rdp(static_cast<u16>(value)); break;
    case kRap: rap_ = static_cast<u16>(value & kRapMask); break;
    default: break;
  }
  return true;
}

u16 Am7990::csr(unsigned n) const {
  switch (n & kRapMask) {
    case 0: return csr0_value();
    case 1: return csr1_;
    case 2: return csr2_;
    default: return csr3_;
  }
}

u16 Am7990::csr0_value() const {
  u16 v = csr0_;
  if (v & kCsr0ErrSources) v |= kErr;
  if (v & kCsr0IntrSources) v |= kIntr;
  return v;
}

void Am7990::write_rdp(u16 v) {
  switch (rap_) {
    case 0: write_csr0(v); break;
    case 1: csr1_ = v; break;  // bit 0 is stored but the init address ignores it (MAME)
    case 2: csr2_ = v; break;  // Am7990 keeps the reserved high byte (MAME, RS2030 diags)
    default: csr3_ = v & kCsr3Mask; break;
  }
}

void Am7990::write_csr0(u16 v) {
  // STOP takes precedence over everything else written with it.
  if (v & kStop) {
    stop();
    update_irq();
    return;
  }
  csr0_ &= static_cast<u16>(~(v & kCsr0W1c));
  // INIT is valid only while stopped; it clears STOP at once and stays readable as 1.
  if ((v & kInit) && (csr0_ & kStop)) begin_init();
  // STRT: drivers set it after IDON; when written during (or together with) INIT it takes
  // effect when the initialization completes (decision, as later AMD parts document).
  if ((v & kStrt) && !(csr0_ & kStrt)) {
    if (init_event_.scheduled())
      start_after_init_ = true;
    else
      start();
  }
  if ((v & kTdmd) && (csr0_ & kTxon)) {
    csr0_ |= kTdmd;
    if (tx_phase_ == TxPhase::kIdle || tx_phase_ == TxPhase::kPoll) schedule_poll(sched_.now());
  }
  // Am7990: INEA is writable only while not stopped — evaluated after INIT/STRT in the same
  // write, so NetBSD's INIT|INEA sets it (MAME).
  if (!(csr0_ & kStop)) csr0_ = static_cast<u16>((csr0_ & ~kInea) | (v & kInea));
  update_irq();
}

void Am7990::begin_init() {
  csr0_ = static_cast<u16>((csr0_ & ~kStop) | kInit);
  const u32 iadr = ((u32(csr2_ & 0xff) << 16) | csr1_) & kInitAddrMask;
  Dma d{mem_};
  pending_init_ = InitBlock();
  for (unsigned i = 0; i < kInitBlockWords && !d.failed; ++i)
    pending_init_.w[i] = d.rd(iadr + 2 * i, LanceCycle::kControl);
  pending_init_.failed = d.failed;
  net::Picos cost = words_ps(d.words);
  if (d.failed) cost += kMerrTimeoutPs;
  sched_.schedule_at(init_event_, after(sched_.now(), cost));
}

void Am7990::on_init_done() {
  if (pending_init_.failed) {
    start_after_init_ = false;
    merr();  // decision: no IDON when the init block could not be read
    return;
  }
  const auto& w = pending_init_.w;
  mode_ = w[0];
  for (unsigned i = 0; i < 3; ++i) {
    padr_[2 * i] = static_cast<u8>(w[1 + i]);
    padr_[2 * i + 1] = static_cast<u8>(w[1 + i] >> 8);
  }
  ladrf_ = u64(w[4]) | (u64(w[5]) << 16) | (u64(w[6]) << 32) | (u64(w[7]) << 48);
  rdra_ = ((u32(w[9] & 0xff) << 16) | w[8]) & kRingAddrMask;
  tdra_ = ((u32(w[11] & 0xff) << 16) | w[10]) & kRingAddrMask;
  rx_mask_ = (1u << ((w[9] >> 13) & 7)) - 1;
  tx_mask_ = (1u << ((w[11] >> 13) & 7)) - 1;
  rx_idx_ = tx_idx_ = 0;
  csr0_ |= kIdon;
  if (start_after_init_) {
    start_after_init_ = false;
    start();
  }
  update_irq();
}

void Am7990::start() {
  csr0_ = static_cast<u16>((csr0_ & ~kStop) | kStrt);
  if (!(mode_ & kModeDrx)) csr0_ |= kRxon;
  if (!(mode_ & kModeDtx)) {
    csr0_ |= kTxon;
    schedule_poll(sched_.now());
  }
}

// A bus-master transfer timed out: the chip turns its receiver and transmitter off and the
// driver has to re-initialize it.
void Am7990::merr() {
  csr0_ = static_cast<u16>((csr0_ | kMerr) & ~(kRxon | kTxon | kTdmd));
  sched_.cancel(tx_event_);
  sched_.cancel(loop_event_);
  tx_phase_ = TxPhase::kIdle;
  update_irq();
}

void Am7990::update_irq() { irq_.set((csr0_value() & kIntr) && (csr0_ & kInea)); }

// ---------------------------------------------------------------------------------------
// DMA

u16 Am7990::Dma::rd(u32 laddr, LanceCycle kind) {
  if (failed) return 0;
  ++words;
  u16 v = 0;
  if (!mem.read16(laddr & kAddrMask & ~1u, kind, v)) failed = true;
  return v;
}

void Am7990::Dma::wr(u32 laddr, LanceCycle kind, u16 value, unsigned lanes) {
  if (failed) return;
  ++words;
  if (!mem.write16(laddr & kAddrMask & ~1u, kind, value, lanes)) failed = true;
}

// Packet bytes in LANCE order (first byte at the lowest address). With BSWP = 0 the byte at
// an even address is bits 7:0 of its word; BSWP = 1 swaps the two (big-endian hosts).
void Am7990::read_data(Dma& d, u32 laddr, u8* dst, unsigned n) const {
  unsigned i = 0;
  while (i < n && !d.failed) {
    const u32 a = (laddr + i) & kAddrMask;
    u16 w = d.rd(a, LanceCycle::kData);
    if (bswp()) w = static_cast<u16>((w << 8) | (w >> 8));
    if (a & 1) {
      dst[i++] = static_cast<u8>(w >> 8);
    } else {
      dst[i++] = static_cast<u8>(w);
      if (i < n) dst[i++] = static_cast<u8>(w >> 8);
    }
  }
}

void Am7990::write_data(Dma& d, u32 laddr, const u8* src, unsigned n) const {
  unsigned i = 0;
  while (i < n && !d.failed) {
    const u32 a = (laddr + i) & kAddrMask;
    u16 w = 0;
    unsigned lanes = 0;
    if (a & 1) {
      w = static_cast<u16>(src[i++] << 8);
      lanes = kLaneHigh;
    } else {
      w = src[i++];
      lanes = kLaneLow;
      if (i < n) {
        w = static_cast<u16>(w | (src[i++] << 8));
        lanes = kLanesBoth;
      }
    }
    if (bswp()) {
      w = static_cast<u16>((w << 8) | (w >> 8));
      lanes = ((lanes & kLaneLow) ? kLaneHigh : 0u) | ((lanes & kLaneHigh) ? kLaneLow : 0u);
    }
    d.wr(a, LanceCycle::kData, w, lanes);
  }
}

unsigned Am7990::buffer_bytes(u16 bcnt) {
  const unsigned n = (0x1000u - (bcnt & kCountMask)) & kCountMask;
  return n ? n : 0x1000u;
}


namespace {
void frame_state(StateIo& io, net::Frame& f) { io.vec(f.bytes, 1u << 16); }
void faults_state(StateIo& io, Am7990::TxFaults& f) {
  io.pod(f.collisions);
  io.boolean(f.late_collision);
  io.boolean(f.lost_carrier);
  io.boolean(f.sqe_error);
}
}  // namespace

// The port (the cable) is wiring: a restored machine is attached to its own link.
void Am7990::state(StateIo& io) {
  io.pod(csr0_);
  io.pod(csr1_);
  io.pod(csr2_);
  io.pod(csr3_);
  io.pod(rap_);
  io.pod(mode_);
  io.pod(padr_);
  io.pod(ladrf_);
  io.pod(rdra_);
  io.pod(tdra_);
  io.pod(rx_mask_);
  io.pod(tx_mask_);
  io.pod(rx_idx_);
  io.pod(tx_idx_);
  io.check(rx_mask_ < 128 && tx_mask_ < 128 && rx_idx_ <= rx_mask_ && tx_idx_ <= tx_mask_,
           "a LANCE ring index is out of range");
  sched_.event_state(io, init_event_);
  io.pod(pending_init_.w);
  io.boolean(pending_init_.failed);
  io.boolean(start_after_init_);
  sched_.event_state(io, tx_event_);
  io.pod(tx_phase_);
  io.check(tx_phase_ <= TxPhase::kMerr, "the LANCE transmit phase is unknown");
  frame_state(io, job_.frame);
  io.pod(job_.desc);
  io.pod(job_.tmd1);
  io.pod(job_.tmd3);
  io.boolean(job_.buffer_error);
  io.boolean(job_.deferred);
  io.pod(job_.collisions);
  faults_state(io, job_.faults);
  io.boolean(job_.cerr);
  io.boolean(job_.sent);
  io.pod(medium_free_);
  faults_state(io, pending_faults_);
  io.pod(seed_);
  io.pod(rng_);
  sched_.event_state(io, loop_event_);
  frame_state(io, loop_frame_);
  sched_.event_state(io, rx_event_);
  io.deque(rx_done_, 1u << 16, [&](RxDone& d) {
    io.pod(d.when);
    io.boolean(d.write);
    io.pod(d.desc);
    io.pod(d.rmd1);
    io.pod(d.rmd3);
    io.pod(d.flags);
    io.boolean(d.merr);
  });
  io.pod(rx_last_done_);
}

}  // namespace emu
