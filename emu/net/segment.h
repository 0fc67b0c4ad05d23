// One simulated 10 Mb/s Ethernet segment and the runner that advances the machines on it
// under conservative synchronisation, so that linked machines give the same cycle counts on
// every run, however the host schedules them. The machines may all be in this process (run
// round-robin in one thread), or split between this process and one peer process
// (link_setup.h), or be bridged to a host TAP interface (tap_device.h; not deterministic).
//
// Sources: emu/net/ethernet.h (wire timing, shared/reference/am7990-lance.md §11); conservative
// synchronisation with lookahead: Chandy & Misra, "Distributed simulation: a case study in
// design and verification of distributed programs", IEEE TSE 5(5), 1979.
//
// The wire. A frame whose transmission starts at `start` (first preamble bit) reaches every
// other station at arrival = start + frame_wire_ps(len) + propagation (arrival_ps(); runts
// count as minimum frames). The segment is shared and has no collisions: two stations that
// transmit at once are both delivered intact (KNOWN LIMIT: no CSMA/CD, no deferral — a
// controller that wants to honour the inter-frame gap or carrier sense must do so itself).
// A station does not receive its own frames. Sizes outside 64..1518 are carried as they are.
//
// Notation. Station j has time T_j = now_ps() and overshoot ov_j; LA = kLinkLookaheadPs +
// propagation. Each station (and the peer process, as one source) has a published time P:
// a station's is its T at the last return from run_until (kForever once finished), the peer's
// is the latest TIME it announced, ours to the peer is min over our live stations of P.
// Rule R1: a source publishes P only after handing over every frame that starts before P.
//   (Our stations transmit synchronously inside run_until, and Port::transmit checks that no
//   frame starts before the station's P — NetInternalError otherwise. Frames reach the peer
//   before the announcement that covers them: link_protocol.h, shm_channel.h.)
// Horizon of j: H_j = min over sources s other than j of (P_s + LA).
// Rule R2 (running): j is run with limit L_j = min(H_j - 2 ov_j, A_j - ov_j), where A_j is the
//   earliest arrival among frames already queued for j; not run if L_j <= T_j.
// Rule R3 (delivering): before computing L_j, every queued frame with arrival <= T_j + ov_j is
//   delivered, in (arrival, sender, sender's number) order.
//
// Claim 1 (known in time). When j is run with H_j, every frame with arrival < H_j is queued
//   for j. Proof: such a frame from source s has start <= arrival - LA < P_s, so by R1 it was
//   handed over, and so queued, before P_s was published or read.
// Claim 2 (never in the receiver's past). After the run, T_j < L_j + ov_j (the node's
//   guarantee). A frame still undelivered was then either queued, so arrival >= A_j >= L_j +
//   ov_j > T_j, or not, so by Claim 1 arrival >= H_j >= L_j + 2 ov_j > T_j. So every delivery
//   has arrival > now_ps() — asserted at run time (NetInternalError), never assumed.
// Claim 3 (deterministic). Let the node's possible stopping points be τ0 < τ1 < ... (they
//   depend only on what was delivered before; net_node.h). A frame F is delivered exactly at
//   the first τ >= F.arrival - ov_j. Proof: until F is delivered, no limit exceeds
//   F.arrival - ov_j (if F was queued, L_j <= A_j - ov_j <= F.arrival - ov_j; if not,
//   F.arrival >= H_j by Claim 1, and L_j <= H_j - 2 ov_j); so j first stops at or beyond
//   F.arrival - ov_j at exactly that τ; and at that stop T_j < L_j + ov_j <= H_j - ov_j, so
//   F.arrival <= T_j + ov_j < H_j: F is queued (Claim 1) and R3 delivers it there. Hence what
//   a node is given, and when in its own run, does not depend on host timing, nor on how the
//   stations are split between processes: in-process and two-process runs are identical.
// Claim 4 (progress). The station with the least published time among all sources can always
//   run when 2 ov < LA: H_j >= T_j + LA > T_j + 2 ov_j, and after R3 every queued arrival
//   exceeds T_j + ov_j. So the run never deadlocks; add_node refuses 2 ov >= LA.
// Cost. A station may run ~LA = 57.6 us of simulated time (~1,440 cycles at 25 MHz, a few
//   host microseconds) past the slowest peer's announcement. A station that is behind or level
//   with the peer process runs in slices of LA/4 (SegmentConfig::peer_slice_ps) and announces
//   after each: with whole windows the two processes fall into taking turns (measured: +70%).
//   The peer is looked at only when its horizon holds a station back, and announcements are
//   sent in steps of at least half a slice, which matters for the stream transport (system
//   calls). Measured with tests/emu/net/sync_bench_test.cpp ("[.netbench]": two synthetic
//   nodes burning ~3.4 ns of host time per cycle, 2 s simulated each, ~875 frames/s each way)
//   on the 2-core dev host shared with other builds, against the same two nodes unlinked:
//   shared memory +8..20% (wall and CPU) when a core is free for each side, +5% at 10 ns a
//   cycle, +46% with both processes pinned to one core, worse when other jobs take the cores
//   (then run the machines in one process: the round-robin runner costs ~0..4%). The stream
//   transport, meant for TCP between hosts, costs +100..200% over a Unix socket and +100..400%
//   over loopback TCP at 3.4 ns a cycle (+55% / +140% at 10 ns).
//
// Capture (pcap_writer.h) and the loss filter (loss_filter.h) sit here: the filter acts once,
// at transmission, on the sender's side; the capture gets every frame that was not dropped, in
// (start, sender, number) order, released once no earlier frame can still appear (start below
// every source's published time), so every process writes the same file.
#pragma once
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "emu/net/loss_filter.h"
#include "emu/net/net_node.h"
#include "emu/net/peer_link.h"
#include "emu/state/state_io.h"

namespace emu::net {

class PcapWriter;
class TapDevice;

struct SegmentConfig {
  Picos propagation_ps = 0;  // added to every frame's arrival; both processes must agree
  LossConfig loss;
  LinkOptions link;          // for attach(): timeouts, shared memory
  std::string label = "emu"; // this process's name in the peer's messages
  // With a peer process, stations are run at most this far (simulated) at a time, so that
  // each side hears of the other's progress several times per lookahead window. Without it
  // the two sides fall into taking turns (each runs two windows while the other waits);
  // with it they run side by side. It changes host timing only, never the result.
  // 0 = a quarter of the lookahead.
  Picos peer_slice_ps = 0;
  // With a TAP, stations are run at most this far (simulated) between looks at the TAP.
  Picos tap_slice_ps = 1'000'000'000;  // 1 ms
};

struct StationStats {
  u64 sent = 0;       // frames handed to the port
  u64 dropped = 0;    // of those, lost to the loss filter (or too long to carry)
  u64 corrupted = 0;  // of those, given a bit error by the loss filter
  u64 delivered = 0;  // frames delivered to this station
};

// How the synchronisation went, for --stats and tuning (host-dependent, unlike the run).
struct SyncStats {
  u64 rounds = 0;          // passes over the local stations
  u64 runs = 0;            // run_until calls
  u64 waits = 0;           // rounds in which no station could advance: waited for the peer
  double wait_seconds = 0; // host time spent in those waits
};

class Segment {
 public:
  static constexpr u32 kAutoId = ~0u;
  explicit Segment(SegmentConfig cfg = {});
  ~Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  // Adds a machine whose clock runs at `hz`. `id` orders simultaneous arrivals and seeds the
  // loss filter; kAutoId takes the next free one (0, 1, ...; after the peer's when we connect).
  // Returns the port its network controller transmits through (valid as long as the segment).
  EthernetPort& add_node(NetNode& node, u64 hz, std::string name, u32 id = kAutoId);
  // "listen=ADDR[,opt...]", "connect=ADDR[,opt...]" or "tap=IFNAME" (net_spec.h). Links
  // connect and handshake now, so add every node first. Throws NetError.
  void attach(const std::string& spec);
  void attach_peer(std::unique_ptr<PeerLink> peer);
  void attach_tap(std::unique_ptr<TapDevice> tap);
  void capture_to(PcapWriter* pcap) { pcap_ = pcap; }  // not owned; closed by the caller

  // Runs every station until all have finished. Throws NetError (a link failed: the message
  // names it) or NetInternalError (an emulator bug). The peer is told when we finish.
  void run();

  size_t node_count() const { return stations_.size(); }
  u32 station_id(size_t i) const { return stations_[i]->id; }
  const StationStats& stats(size_t i) const { return stations_[i]->stats; }
  const PeerLink* peer() const { return peer_.get(); }
  const SyncStats& sync_stats() const { return sync_; }
  // Checkpoints (emu/checkpoint): each station's published time, whether it runs, its frame
  // counter and counters, and the frames queued for it (in flight on the wire). Taken
  // between rounds of run() (on_round), where every station stands at a stop of its own;
  // the segment's rules (Claim 3) then make the restored run deliver every frame where the
  // uninterrupted one did. Not with a peer process or a TAP (their side is not in the
  // checkpoint) nor a capture: the caller refuses those. The synchronisation counters are
  // host measurements, not state.
  void state(StateIo& io);
  // Called once per round of run(): the status line (it must only read, and be cheap) and
  // checkpoints (which read every machine; rare).
  void on_round(std::function<void()> f) { on_round_ = std::move(f); }
  // The station id the TAP's frames carry (ordering and the loss filter do not see it).
  static constexpr u32 kTapStation = 0xfffffffeu;

 private:
  struct Pending {
    DeliveryKey key;
    Frame frame;
    friend bool operator>(const Pending& a, const Pending& b) { return b.key < a.key; }
  };
  class Port;
  struct Station {
    NetNode* node;
    u64 hz;
    u32 id;
    bool auto_id;
    std::string name;
    Picos overshoot;
    Picos published = 0;
    bool alive = true;
    u64 next_seq = 0;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> inbox;
    std::unique_ptr<Port> port;
    StationStats stats;
  };
  struct Captured {
    WireFrame f;
    friend bool operator>(const Captured& a, const Captured& b) {
      if (a.f.start != b.f.start) return a.f.start > b.f.start;
      if (a.f.sender != b.f.sender) return a.f.sender > b.f.sender;
      return a.f.seq > b.f.seq;
    }
  };

  void transmit(size_t from, const Frame& frame, Cycles start_cycle);
  // Hands a frame to everyone but its origin (a local station index, or kFromPeer/kFromTap).
  void route(WireFrame&& f, size_t origin);
  bool step(Station& s);
  void poll_peer();
  bool peer_needed() const;  // does the peer's horizon hold back a station now?
  void poll_tap();
  Picos horizon_for(const Station& s) const;
  Picos local_published() const;
  void flush_capture(Picos before);
  [[noreturn]] void internal(const std::string& what) const;

  static constexpr size_t kFromPeer = ~size_t(0), kFromTap = ~size_t(0) - 1;
  SegmentConfig cfg_;
  LossFilter loss_;
  Picos lookahead_;
  Picos peer_slice_;
  std::vector<std::unique_ptr<Station>> stations_;
  std::unique_ptr<PeerLink> peer_;
  Picos peer_time_ = 0;
  unsigned rounds_since_poll_ = 0;
  Picos announced_ = 0;
  bool announced_any_ = false;
  std::unique_ptr<TapDevice> tap_;
  u64 tap_seq_ = 0;
  PcapWriter* pcap_ = nullptr;
  std::priority_queue<Captured, std::vector<Captured>, std::greater<Captured>> capture_;
  std::vector<WireFrame> scratch_;
  bool running_ = false;
  SyncStats sync_;
  std::function<void()> on_round_;
};

}  // namespace emu::net
