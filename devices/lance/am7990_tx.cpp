// AMD Am7990 LANCE transmitter: ring polling, buffer gathering, deferral, collisions and
// backoff, status write-back. The timing model is described in am7990.h.
//
// Sources: shared/reference/am7990-lance.md §6 (TMD fields), §7 "Transmit" (poll,
// skip of owned descriptors without STP, chaining and BUFF|UFLO, FCS unless DTCR, BABL
// above 1518 bytes, completion), §11 (slot time, jam, truncated binary exponential
// backoff, 16 attempts); MAME am79c90.cpp (look-ahead and release order, RTRY for a forced
// collision in internal loopback, immediate re-poll after a frame for back-to-back
// transmission).
#include <algorithm>

#include "devices/lance/am7990.h"
#include "devices/lance/ether_crc.h"

namespace emu {

void Am7990::schedule_poll(Cycles when) {
  tx_phase_ = TxPhase::kPoll;
  sched_.schedule_at(tx_event_, when);
}

void Am7990::on_tx_event() {
  switch (tx_phase_) {
    case TxPhase::kPoll: tx_poll(); break;
    case TxPhase::kAttempt: tx_attempt(); break;
    case TxPhase::kDone: tx_complete(); break;
    case TxPhase::kMerr: merr(); break;
    case TxPhase::kIdle: break;
  }
}

void Am7990::tx_poll() {
  tx_phase_ = TxPhase::kIdle;
  csr0_ &= static_cast<u16>(~kTdmd);
  if (!(csr0_ & kTxon)) return;
  const Cycles t0 = sched_.now();
  Dma d{mem_};
  auto fail = [&] {
    tx_phase_ = TxPhase::kMerr;
    sched_.schedule_at(tx_event_, after(t0, words_ps(d.words) + kMerrTimeoutPs));
  };

  // Find an owned descriptor that starts a frame. Owned ones without STP are handed back
  // unused (MAME); the loop ends because each release clears an OWN bit.
  u16 tmd1 = 0;
  for (;;) {
    const u32 desc = tx_desc(tx_idx_);
    tmd1 = d.rd(desc + 2, LanceCycle::kControl);
    if (d.failed) return fail();
    if (!(tmd1 & kOwn)) {
      schedule_poll(after(t0, kTxPollPs));
      return;
    }
    if (tmd1 & kStp) break;
    d.wr(desc + 2, LanceCycle::kControl, static_cast<u16>(tmd1 & ~kOwn));
    if (d.failed) return fail();
    tx_idx_ = (tx_idx_ + 1) & tx_mask_;
  }

  // Gather the frame. Reads happen now; `ready_words` counts the transfers until the FIFO
  // holds kTxStartBytes (or the whole frame).
  job_ = TxJob();
  job_.faults = pending_faults_;
  pending_faults_ = TxFaults();
  std::vector<u8>& data = job_.frame.bytes;
  unsigned ready_words = 0;
  bool ready_known = false;
  for (;;) {
    const u32 desc = tx_desc(tx_idx_);
    const u16 tmd0 = d.rd(desc + 0, LanceCycle::kControl);
    const u16 tmd2 = d.rd(desc + 4, LanceCycle::kControl);
    if (d.failed) return fail();
    const u32 buf = (u32(tmd1 & kHadr) << 16) | tmd0;
    const unsigned n = buffer_bytes(tmd2);
    const std::size_t before = data.size();
    if (!ready_known && before + n >= kTxStartBytes) {
      const unsigned need = static_cast<unsigned>(kTxStartBytes - before);
      // words touched by the first `need` bytes of this buffer
      ready_words = d.words + ((buf + need + 1) / 2 - buf / 2);
      ready_known = true;
    }
    data.resize(before + n);
    read_data(d, buf, data.data() + before, n);
    if (d.failed) return fail();
    job_.desc = desc;
    job_.tmd1 = tmd1;
    if (tmd1 & kEnp) break;
    // Look ahead: the next descriptor must already be ours to continue the frame.
    const unsigned next = (tx_idx_ + 1) & tx_mask_;
    const u16 next_tmd1 = next == tx_idx_ ? 0 : d.rd(tx_desc(next) + 2, LanceCycle::kControl);
    if (d.failed) return fail();
    if (!(next_tmd1 & kOwn)) {
      // No ENP and nothing to chain to: BUFF|UFLO, the transmitter turns itself off.
      job_.buffer_error = true;
      job_.tmd1 |= kDescErr;
      job_.tmd3 = kTmd3Buff | kTmd3Uflo;
      break;
    }
    d.wr(desc + 2, LanceCycle::kControl, static_cast<u16>(tmd1 & ~kOwn));
    if (d.failed) return fail();
    tx_idx_ = next;
    tmd1 = next_tmd1;
  }

  if (job_.buffer_error) {
    // Decision: the aborted frame is not handed to the port (on a real wire its truncated,
    // bad-FCS fragment would be discarded by every receiver).
    tx_finish(after(t0, words_ps(d.words)));
    return;
  }
  if (!(mode_ & kModeDtcr)) {
    const u32 crc = lance::fcs(data.data(), data.size());
    for (int i = 0; i < 4; ++i) data.push_back(static_cast<u8>(crc >> (8 * i)));
  }
  if (!ready_known) ready_words = d.words;
  const Cycles ready = after(t0, words_ps(ready_words));
  job_.deferred = medium_free_ > ready;
  tx_phase_ = TxPhase::kAttempt;
  sched_.schedule_at(tx_event_, std::max(ready, medium_free_));
}

// One attempt to put the frame on the wire, starting now with the preamble.
void Am7990::tx_attempt() {
  const Cycles s = sched_.now();
  const bool forced = (mode_ & (kModeLoop | kModeIntl | kModeColl)) ==
                      (kModeLoop | kModeIntl | kModeColl);
  if (forced || job_.faults.collisions > job_.collisions) {
    // Collision at the start: the preamble is cut short by the 32-bit jam.
    ++job_.collisions;
    const Cycles jam_end = after(s, net::Picos(net::kPreambleBits + kJamBits) * net::kBitPs);
    medium_free_ = after(jam_end, net::kInterFrameGapPs);
    if ((mode_ & kModeDrty) || job_.collisions >= kMaxAttempts) {
      job_.tmd1 |= kDescErr;
      job_.tmd3 |= kTmd3Rtry;  // TDR: 0 (cable faults are not modelled)
      tx_finish(jam_end);
      return;
    }
    // Truncated binary exponential backoff: r slot times, r in [0, 2^min(n,10) - 1];
    // never less than the inter-frame gap after the jam.
    const unsigned k = std::min(job_.collisions, kBackoffLimit);
    const u64 r = next_random() & ((u64(1) << k) - 1);
    const net::Picos wait = std::max<net::Picos>(r * kSlotBits * net::kBitPs, net::kInterFrameGapPs);
    sched_.schedule_at(tx_event_, after(jam_end, wait));
    return;
  }
  if (job_.collisions == 1) job_.tmd1 |= kTmdOne;
  if (job_.collisions > 1) job_.tmd1 |= kTmdMore;
  if (job_.deferred) job_.tmd1 |= kTmdDef;

  if (job_.faults.late_collision) {
    // Collision after the slot time: jam, no retry; the frame is lost.
    const Cycles end =
        after(s, net::Picos(net::kPreambleBits + kSlotBits + kJamBits) * net::kBitPs);
    medium_free_ = after(end, net::kInterFrameGapPs);
    job_.tmd1 |= kDescErr;
    job_.tmd3 |= kTmd3Lcol;
    tx_finish(end);
    return;
  }
  const bool internal = (mode_ & kModeLoop) && (mode_ & kModeIntl);
  if (!internal && port_) port_->transmit(job_.frame, s);
  const Cycles end = after(s, net::frame_wire_ps(job_.frame.bytes.size()));
  if (mode_ & kModeLoop) {
    loop_frame_ = job_.frame;
    sched_.schedule_at(loop_event_, end);
  }
  if (job_.faults.lost_carrier) {
    job_.tmd1 |= kDescErr;
    job_.tmd3 |= kTmd3Lcar;
  }
  job_.cerr = job_.faults.sqe_error;
  job_.sent = true;
  medium_free_ = after(end, net::kInterFrameGapPs);
  tx_finish(end);
}

// The frame has left (or was given up) at `end`: write the status back after it.
void Am7990::tx_finish(Cycles end) {
  const unsigned words = job_.tmd3 ? 2 : 1;
  tx_phase_ = TxPhase::kDone;
  sched_.schedule_at(tx_event_, after(end, words_ps(words)));
}

void Am7990::tx_complete() {
  tx_phase_ = TxPhase::kIdle;
  Dma d{mem_};
  if (job_.tmd3) d.wr(job_.desc + 6, LanceCycle::kControl, job_.tmd3);
  d.wr(job_.desc + 2, LanceCycle::kControl, static_cast<u16>(job_.tmd1 & ~kOwn));
  if (d.failed) {
    merr();
    return;
  }
  tx_idx_ = (tx_idx_ + 1) & tx_mask_;
  csr0_ |= kTint;
  if (job_.sent && job_.frame.bytes.size() > net::kMaxFrameBytes) csr0_ |= kBabl;
  if (job_.cerr) csr0_ |= kCerr;
  if (job_.buffer_error) csr0_ &= static_cast<u16>(~kTxon);
  const bool more = csr0_ & kTxon;
  update_irq();
  // Back-to-back: look at the next descriptor at once.
  if (more) tx_poll();
}

// xorshift64*: deterministic, seeded by set_backoff_seed().
u64 Am7990::next_random() {
  rng_ ^= rng_ >> 12;
  rng_ ^= rng_ << 25;
  rng_ ^= rng_ >> 27;
  return (rng_ * 0x2545f4914f6cdd1dull) >> 32;
}

}  // namespace emu
