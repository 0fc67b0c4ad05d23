// AMD Am7990 LANCE receiver: address filter, runt and FCS checks, ring walking with
// chained buffers, MISS and BUFF, and the descriptor write-back. The timing model (what is
// written when) is described in am7990.h.
//
// Sources: shared/reference/am7990-lance.md §6 (RMD fields: MCNT includes the FCS),
// §7 "Receive" steps 1-5 (MISS leaves the ring index, BUFF when the next buffer is not
// owned, CRC via the residue, LADRF hash); MAME am79c90.cpp (runt check and internal
// loopback only for frames from the wire, look-ahead only to a different descriptor,
// BUFF without OFLO as the C-LANCE data sheet describes).
#include <algorithm>

#include "devices/lance/am7990.h"
#include "devices/lance/ether_crc.h"

namespace emu {

bool Am7990::address_match(const u8* da, u16 mode, const std::array<u8, 6>& padr, u64 ladrf) {
  if (mode & kModeProm) return true;
  if (!(da[0] & 1)) return std::equal(padr.begin(), padr.end(), da);
  if (std::all_of(da, da + 6, [](u8 b) { return b == 0xff; })) return true;  // broadcast
  return (ladrf >> lance::multicast_hash(da)) & 1;
}

void Am7990::receive(const net::Frame& frame) {
  // Internal loopback disconnects the receiver from the wire.
  if ((mode_ & kModeLoop) && (mode_ & kModeIntl)) return;
  // Runts (collision fragments) are dropped without any trace.
  if (frame.bytes.size() < net::kMinFrameBytes) return;
  accept(frame.bytes);
}

void Am7990::on_loopback() { accept(loop_frame_.bytes); }

void Am7990::accept(const std::vector<u8>& bytes) {
  if (!(csr0_ & kRxon)) return;
  if (bytes.size() < 6 || !address_match(bytes.data(), mode_, padr_, ladrf_)) return;
  const Cycles t = sched_.now();
  Dma d{mem_};
  auto fail = [&] {
    RxDone e;
    e.merr = true;
    queue_rx(e, t, words_ps(d.words) + kMerrTimeoutPs);
  };

  unsigned idx = rx_idx_;
  u32 desc = rx_desc(idx);
  u16 rmd1 = d.rd(desc + 2, LanceCycle::kControl);
  if (d.failed) return fail();
  if (!(rmd1 & kOwn)) {
    // No buffer: the frame is missed and the ring index stays where it is.
    RxDone e;
    e.flags = kMiss;
    queue_rx(e, t, words_ps(d.words));
    return;
  }
  rmd1 |= kStp;
  std::size_t off = 0;
  bool buffer_error = false;
  for (;;) {
    const u16 rmd0 = d.rd(desc + 0, LanceCycle::kControl);
    const u16 rmd2 = d.rd(desc + 4, LanceCycle::kControl);
    if (d.failed) return fail();
    const u32 buf = (u32(rmd1 & kHadr) << 16) | rmd0;
    const unsigned n =
        static_cast<unsigned>(std::min<std::size_t>(buffer_bytes(rmd2), bytes.size() - off));
    write_data(d, buf, bytes.data() + off, n);
    if (d.failed) return fail();
    off += n;
    if (off == bytes.size()) break;
    // More data than this buffer: chain into the next one if the driver gave it to us.
    const unsigned next = (idx + 1) & rx_mask_;
    const u16 next_rmd1 = next == idx ? 0 : d.rd(rx_desc(next) + 2, LanceCycle::kControl);
    if (d.failed) return fail();
    if (!(next_rmd1 & kOwn)) {
      rmd1 |= kDescErr | kRmdBuff;  // the rest of the frame is dropped
      buffer_error = true;
      break;
    }
    d.wr(desc + 2, LanceCycle::kControl, static_cast<u16>(rmd1 & ~kOwn));
    if (d.failed) return fail();
    idx = next;
    desc = rx_desc(idx);
    rmd1 = next_rmd1;
  }
  rx_idx_ = (idx + 1) & rx_mask_;

  RxDone e;
  e.write = true;
  e.desc = desc;
  e.flags = kRint;
  if (!buffer_error) {
    rmd1 |= kEnp;
    const bool check_fcs = !(mode_ & kModeLoop) || (mode_ & kModeDtcr);
    if (check_fcs && !lance::fcs_ok(bytes.data(), bytes.size())) rmd1 |= kDescErr | kRmdCrc;
    e.rmd3 = static_cast<u16>(bytes.size() & kCountMask);  // MCNT, FCS included
  }
  e.rmd1 = static_cast<u16>(rmd1 & ~kOwn);
  // After the last bit: the last burst of data, then RMD3 and RMD1.
  const unsigned tail_bytes = static_cast<unsigned>((bytes.size() - 1) % kRxBurstBytes) + 1;
  queue_rx(e, t, words_ps((tail_bytes + 1) / 2 + 2));
}

// Receive completions happen in arrival order, each after the previous one.
void Am7990::queue_rx(RxDone done, Cycles earliest, net::Picos cost) {
  done.when = after(std::max(earliest, rx_last_done_), cost);
  rx_last_done_ = done.when;
  rx_done_.push_back(done);
  if (!rx_event_.scheduled()) sched_.schedule_at(rx_event_, rx_done_.front().when);
}

void Am7990::on_rx_event() {
  while (!rx_done_.empty() && rx_done_.front().when <= sched_.now()) {
    const RxDone e = rx_done_.front();
    rx_done_.pop_front();
    if (e.merr) {
      merr();
      continue;
    }
    if (e.write) {
      Dma d{mem_};
      d.wr(e.desc + 6, LanceCycle::kControl, e.rmd3);
      d.wr(e.desc + 2, LanceCycle::kControl, e.rmd1);  // OWN cleared last
      if (d.failed) {
        merr();
        continue;
      }
    }
    csr0_ |= e.flags;
  }
  update_irq();
  if (!rx_done_.empty()) sched_.schedule_at(rx_event_, rx_done_.front().when);
}

}  // namespace emu
