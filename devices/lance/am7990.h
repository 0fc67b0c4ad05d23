// AMD Am7990 LANCE (Local Area Network Controller for Ethernet), the 10 Mb/s Ethernet chip
// of the DECstation 2100/3100 (KN01, registers at phys 0x18000000) and of the PMAD-AA
// module / DECstation 5000/200 on-board Ethernet (slot + 0x100000).
//
// Sources: shared/reference/am7990-lance.md (whole: CSRs, init block, descriptors,
// ring walking, driver sequences, DECstation buffer layouts, 10 Mb/s timing), from NetBSD
// sys/dev/ic/lancereg.h, am7990reg.h, am7990.c, sys/dev/tc/if_le_dec.c; Linux
// drivers/net/ethernet/amd/declance.c; MAME src/devices/machine/am79c90.cpp (datasheet
// notes: CSR0 access rules, INEA writable only while running on the Am7990, STOP only acts
// when running, loopback FCS rule "check unless LOOP and not DTCR", ring look-ahead);
// GXemul src/devices/dev_le.cc. Wikipedia "AMD Lance Am7990" (48-byte FIFO); DEC VAX 4000
// IOCTL manual §9.5.2.3 (the LANCE bursts eight 16-bit words).
//
// Bus interface. Two 16-bit ports in bits 15:0 of 32-bit words: RDP at +0 (the CSR that
// RAP selects), RAP at +4 (bits 1:0). 16- and 32-bit accesses; bits 31:16 read 0 and are
// ignored on writes; the halfword at +2/+6 reads 0 and ignores writes. Byte accesses are
// not answered (decision: the chip's ports are 16 bits wide; no driver uses bytes). The
// chip has one address line, so the pair repeats every 8 bytes in the board's window.
// Decision: CSR1-CSR3 can be read and written at any time (the reference's recommendation:
// Ultrix writes them while running, GXemul and old MAME accept that); STOP clears CSR3 and
// keeps CSR1/CSR2; a hardware reset clears all three.
//
// Time. Everything is scheduled in the owning machine's CPU cycles (cpu_hz). Durations are
// exact picoseconds converted with net::ps_to_cycles_ceil relative to the cycle a step
// starts: after(t, d) = t + ceil(d * cpu_hz / 1e12). W is the memory adapter's word_ps().
//   INIT at t: the 12-word init block is read at t; IDON at after(t, 12 W).
//   Transmit poll at t (STRT, TDMD, the 1.6 ms poll timer, or a frame's completion):
//     TMD1 read (1 word); not owned: next poll at after(t, kTxPollPs). Owned with STP:
//     TMD0, TMD2 and the buffers are read at t; the preamble starts once the FIFO is full
//     (kTxStartBytes, or the whole frame if shorter): ready = after(t, n W) with n the
//     words moved until then (3 descriptor words + data words, plus any look-ahead for a
//     short first buffer). The transmitter also waits for its own previous frame's end +
//     96 bit inter-frame gap: start = max(ready, medium_free); if it had to wait, TMD1 DEF.
//     EthernetPort::transmit(frame, start) runs at start. End of frame
//     end = after(start, frame_wire_ps(bytes)); status write-back (TMD1, and TMD3 first if
//     an error) and TINT at after(end, k W), k = 1 or 2; then the next descriptor is
//     polled at once (back-to-back frames).
//   Receive: the machine calls receive() at the cycle the last bit arrives (T). The
//     descriptors are read and the data written at T (assumption: the LANCE streams data
//     to memory during reception, and DMA is faster than the wire, so by T only the last
//     burst remains); buffers of a chained frame other than the last are released at T.
//     The last descriptor (RMD3 MCNT, then RMD1 with OWN = 0) is written and RINT set at
//     after(max(T, previous receive done), (tail + 2) W), tail = words of the last
//     partial-or-full 16-byte burst: ceil((((bytes - 1) mod 16) + 1) / 2). A frame with
//     no owned descriptor sets MISS at after(T, W).
//   MERR: a transfer that fails is reported kMerrTimeoutPs after it started (bus timeout);
//     RXON and TXON drop.
// Decisions: TX and RX DMA do not contend for the bus; other stations' carrier is not
// sensed (links deliver whole frames at their end), so DEF arises only from the
// transmitter's own inter-frame gap, and collisions happen only in COLL loopback or
// through inject_tx_faults(). No memory is too slow for the FIFO, so OFLO and a UFLO
// without BUFF never occur; frames are whole bytes, so FRAM never occurs.
//
// Loopback. MODE.LOOP sends every transmitted frame to the LANCE's own receiver at the
// frame's end; INTL keeps it off the wire and disconnects the receiver from the wire.
// The receiver checks the FCS unless LOOP and not DTCR (MAME, after the data sheet: the
// one CRC unit either generates or checks). Decision: loopback frames skip the runt
// check and are not limited to the data sheet's 32 bytes.
#pragma once
#include <array>
#include <deque>
#include <vector>

#include "devices/device.h"
#include "devices/irq_line.h"
#include "devices/lance/lance_memory.h"
#include "emu/common/types.h"
#include "emu/net/ethernet.h"
#include "emu/sched/scheduler.h"

namespace emu {

class Am7990 : public Device {
 public:
  // Register window.
  static constexpr u32 kRdp = 0x0, kRap = 0x4, kPortMask = 0x7;
  static constexpr u16 kRapMask = 0x0003;

  // CSR0.
  static constexpr u16 kErr = 0x8000, kBabl = 0x4000, kCerr = 0x2000, kMiss = 0x1000,
                       kMerr = 0x0800, kRint = 0x0400, kTint = 0x0200, kIdon = 0x0100,
                       kIntr = 0x0080, kInea = 0x0040, kRxon = 0x0020, kTxon = 0x0010,
                       kTdmd = 0x0008, kStop = 0x0004, kStrt = 0x0002, kInit = 0x0001;
  static constexpr u16 kCsr0W1c = kBabl | kCerr | kMiss | kMerr | kRint | kTint | kIdon;
  static constexpr u16 kCsr0ErrSources = kBabl | kCerr | kMiss | kMerr;  // -> ERR
  static constexpr u16 kCsr0IntrSources = kBabl | kMiss | kMerr | kRint | kTint | kIdon;

  // CSR1 (IADR 15:1; bit 0 stored, ignored), CSR2 (IADR 23:16 in 7:0), CSR3.
  static constexpr u16 kCsr3Bswp = 0x0004, kCsr3Acon = 0x0002, kCsr3Bcon = 0x0001,
                       kCsr3Mask = 0x0007;

  // MODE (init block word 0).
  static constexpr u16 kModeProm = 0x8000, kModeIntl = 0x0040, kModeDrty = 0x0020,
                       kModeColl = 0x0010, kModeDtcr = 0x0008, kModeLoop = 0x0004,
                       kModeDtx = 0x0002, kModeDrx = 0x0001;

  // RMD1 / TMD1 (status byte and HADR).
  static constexpr u16 kOwn = 0x8000, kDescErr = 0x4000, kStp = 0x0200, kEnp = 0x0100,
                       kHadr = 0x00ff;
  static constexpr u16 kRmdFram = 0x2000, kRmdOflo = 0x1000, kRmdCrc = 0x0800,
                       kRmdBuff = 0x0400;
  static constexpr u16 kTmdMore = 0x1000, kTmdOne = 0x0800, kTmdDef = 0x0400;
  // TMD3.
  static constexpr u16 kTmd3Buff = 0x8000, kTmd3Uflo = 0x4000, kTmd3Lcol = 0x1000,
                       kTmd3Lcar = 0x0800, kTmd3Rtry = 0x0400, kTmd3Tdr = 0x03ff;
  // RMD2/TMD2 BCNT (two's complement), RMD3 MCNT.
  static constexpr u16 kCountMask = 0x0fff;

  static constexpr u32 kInitAddrMask = 0xfffffe, kRingAddrMask = 0xfffff8,
                       kAddrMask = 0xffffff;
  static constexpr unsigned kInitBlockWords = 12;
  static constexpr unsigned kDescBytes = 8;

  // Timing (see the file comment).
  static constexpr net::Picos kTxPollPs = 1'600'000'000;  // 1.6 ms (MAME TX_POLL_PERIOD)
  // Decision (UNCONFIRMED): the preamble starts when the 48-byte FIFO is full.
  static constexpr unsigned kTxStartBytes = 48;
  // The receive FIFO is emptied in bursts of 8 words (DEC IOCTL manual).
  static constexpr unsigned kRxBurstBytes = 16;
  static constexpr net::Picos kMerrTimeoutPs = 25'600'000;  // 25.6 us (reference, UNCONFIRMED)
  static constexpr unsigned kSlotBits = 512, kJamBits = 32;
  static constexpr unsigned kMaxAttempts = 16, kBackoffLimit = 10;

  // Test hook for conditions that need physics the model lacks (collisions, carrier,
  // the transceiver's SQE test). They apply to the next frame the transmitter fetches.
  struct TxFaults {
    unsigned collisions = 0;     // the first n attempts collide (n >= 16: RTRY)
    bool late_collision = false; // collision after the slot time: LCOL, no retry
    bool lost_carrier = false;   // LCAR: the frame is still sent in full
    bool sqe_error = false;      // CERR after the frame (heartbeat missing)
  };

  // cpu_hz: the machine's CPU clock (scheduler cycles per second), > 0. The scheduler,
  // IRQ line, memory adapter and port must outlive the chip (the destructor cancels its
  // events). backoff_seed seeds the deterministic backoff generator. Construction is a
  // hardware reset.
  Am7990(Scheduler& sched, IrqLine& irq, u64 cpu_hz, LanceMemory& memory,
         u64 backoff_seed = 1);
  ~Am7990() override;
  Am7990(const Am7990&) = delete;
  Am7990& operator=(const Am7990&) = delete;

  const char* name() const override { return "am7990"; }
  // Hardware reset (/RESET pin): CSR0 = STOP, CSR1-3 = 0, RAP = 0, all activity dropped.
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override;

  // Where transmitted frames go (nullptr: nothing attached, frames vanish). Not owned.
  void attach_port(net::EthernetPort* port) { port_ = port; }
  // A frame (DA..FCS) whose last bit reaches this station now (the scheduler's now()).
  // The link must not hand a station its own transmissions.
  void receive(const net::Frame& frame);

  void inject_tx_faults(const TxFaults& faults) { pending_faults_ = faults; }
  void set_backoff_seed(u64 seed);

  // Inspection without side effects.
  u16 csr(unsigned n) const;
  u16 rap() const { return rap_; }
  u16 mode() const { return mode_; }
  const std::array<u8, 6>& padr() const { return padr_; }
  u64 ladrf() const { return ladrf_; }
  u32 rx_ring_base() const { return rdra_; }
  u32 tx_ring_base() const { return tdra_; }
  unsigned rx_ring_size() const { return rx_mask_ + 1; }
  unsigned tx_ring_size() const { return tx_mask_ + 1; }
  unsigned rx_index() const { return rx_idx_; }
  unsigned tx_index() const { return tx_idx_; }

  // Buffer size from a BCNT field (two's complement, 12 bits; 0 means 4096).
  static unsigned buffer_bytes(u16 bcnt);
  // True when a destination address passes a filter (PROM, physical, broadcast, LADRF).
  static bool address_match(const u8* da, u16 mode, const std::array<u8, 6>& padr, u64 ladrf);

 private:
  // Counts the 16-bit transfers of one step; after a failure it does nothing more.
  struct Dma {
    LanceMemory& mem;
    unsigned words = 0;
    bool failed = false;
    u16 rd(u32 laddr, LanceCycle kind);
    void wr(u32 laddr, LanceCycle kind, u16 value, unsigned lanes = kLanesBoth);
  };
  struct InitBlock {
    std::array<u16, kInitBlockWords> w{};
    bool failed = false;
  };
  enum class TxPhase { kIdle, kPoll, kAttempt, kDone, kMerr };
  struct TxJob {
    net::Frame frame;
    u32 desc = 0;       // descriptor that gets the status
    u16 tmd1 = 0;       // status to write (OWN still set here)
    u16 tmd3 = 0;
    bool buffer_error = false;
    bool deferred = false;
    unsigned collisions = 0;
    TxFaults faults;
    bool cerr = false;
    bool sent = false;  // the whole frame went out (BABL is judged on it)
  };
  struct RxDone {
    Cycles when = 0;
    bool write = false;  // descriptor write-back
    u32 desc = 0;
    u16 rmd1 = 0, rmd3 = 0;
    u16 flags = 0;       // CSR0 bits to set
    bool merr = false;
  };

  Cycles after(Cycles t, net::Picos ps) const { return t + net::ps_to_cycles_ceil(ps, hz_); }
  net::Picos words_ps(unsigned n) const { return net::Picos(n) * mem_.word_ps(); }
  u32 tx_desc(unsigned i) const { return (tdra_ + i * kDescBytes) & kAddrMask; }
  u32 rx_desc(unsigned i) const { return (rdra_ + i * kDescBytes) & kAddrMask; }
  bool bswp() const { return csr3_ & kCsr3Bswp; }

  // Registers (am7990.cpp).
  u16 csr0_value() const;
  void write_csr0(u16 v);
  void write_rdp(u16 v);
  void stop();
  void begin_init();
  void on_init_done();
  void start();
  void merr();
  void update_irq();

  // Packet data with BSWP (am7990.cpp).
  void read_data(Dma& d, u32 laddr, u8* dst, unsigned n) const;
  void write_data(Dma& d, u32 laddr, const u8* src, unsigned n) const;

  // Transmitter (am7990_tx.cpp).
  void schedule_poll(Cycles when);
  void on_tx_event();
  void tx_poll();
  void tx_attempt();
  void tx_finish(Cycles end);
  void tx_complete();
  u64 next_random();

  // Receiver (am7990_rx.cpp).
  void on_loopback();
  void accept(const std::vector<u8>& bytes);
  void queue_rx(RxDone done, Cycles earliest, net::Picos cost);
  void on_rx_event();

  Scheduler& sched_;
  IrqLine& irq_;
  u64 hz_;
  LanceMemory& mem_;
  net::EthernetPort* port_ = nullptr;

  u16 csr0_ = kStop;  // without ERR and INTR, which are derived
  u16 csr1_ = 0, csr2_ = 0, csr3_ = 0, rap_ = 0;

  // Loaded by INIT.
  u16 mode_ = 0;
  std::array<u8, 6> padr_{};
  u64 ladrf_ = 0;
  u32 rdra_ = 0, tdra_ = 0;
  unsigned rx_mask_ = 0, tx_mask_ = 0;
  unsigned rx_idx_ = 0, tx_idx_ = 0;

  Event init_event_;
  InitBlock pending_init_;
  bool start_after_init_ = false;

  Event tx_event_;
  TxPhase tx_phase_ = TxPhase::kIdle;
  TxJob job_;
  Cycles medium_free_ = 0;
  TxFaults pending_faults_;
  u64 seed_ = 1, rng_ = 0;

  Event loop_event_;
  net::Frame loop_frame_;

  Event rx_event_;
  std::deque<RxDone> rx_done_;
  Cycles rx_last_done_ = 0;
};

}  // namespace emu
