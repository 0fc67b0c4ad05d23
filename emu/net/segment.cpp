// The segment runner: see segment.h for the rules (R1-R3) and why they are safe,
// deterministic and live.
#include "emu/net/segment.h"

#include <algorithm>
#include <chrono>

#include "emu/net/link_setup.h"
#include "emu/net/net_spec.h"
#include "emu/net/pcap_writer.h"
#include "emu/net/tap_device.h"

namespace emu::net {

class Segment::Port : public EthernetPort {
 public:
  Port(Segment& seg, size_t index) : seg_(seg), index_(index) {}
  void transmit(const Frame& frame, Cycles start_cycle) override { seg_.transmit(index_, frame, start_cycle); }

 private:
  Segment& seg_;
  size_t index_;
};

Segment::Segment(SegmentConfig cfg)
    : cfg_(std::move(cfg)),
      loss_(cfg_.loss),
      lookahead_(kLinkLookaheadPs + cfg_.propagation_ps),
      peer_slice_(cfg_.peer_slice_ps ? cfg_.peer_slice_ps : lookahead_ / 4) {}

// A segment destroyed without run() finishing (an error) just drops the link: the peer sees a
// disconnect, not a finished run.
Segment::~Segment() = default;

void Segment::internal(const std::string& what) const { throw NetInternalError("emu/net internal error: " + what); }

EthernetPort& Segment::add_node(NetNode& node, u64 hz, std::string name, u32 id) {
  if (running_) throw NetError("network: cannot add machine '" + name + "' while the segment runs");
  if (peer_) throw NetError("network: add machine '" + name + "' before attaching a link");
  if (hz == 0) throw NetError("network: machine '" + name + "' has a 0 Hz clock");
  Picos ov = node.max_overshoot_ps();
  if (ov >= lookahead_ / 2)
    throw NetError("network: machine '" + name + "' may overshoot a run by " + std::to_string(ov) +
                   " ps; linked machines need less than half the link lookahead (" + std::to_string(lookahead_ / 2) +
                   " ps)");
  bool auto_id = id == kAutoId;
  if (auto_id) {
    id = 0;
    for (auto& s : stations_) id = std::max(id, s->id + 1);
  }
  for (auto& s : stations_)
    if (s->id == id) throw NetError("network: station id " + std::to_string(id) + " is used twice");
  if (id == kTapStation) throw NetError("network: station id " + std::to_string(id) + " is reserved");
  auto st = std::make_unique<Station>();
  st->node = &node;
  st->hz = hz;
  st->id = id;
  st->auto_id = auto_id;
  st->name = std::move(name);
  st->overshoot = ov;
  st->published = node.now_ps();
  st->port = std::make_unique<Port>(*this, stations_.size());
  stations_.push_back(std::move(st));
  return *stations_.back()->port;
}

void Segment::attach(const std::string& spec) {
  NetSpec n = parse_net_spec(spec, cfg_.link);
  if (n.kind == NetSpec::Kind::Tap) {
    attach_tap(std::make_unique<TapDevice>(n.target));
    return;
  }
  if (peer_) throw NetError("network: only one link to another process is supported (got '" + spec + "')");
  if (tap_) throw NetError("network: a segment bridged to a TAP cannot also link to another process");
  LocalIdentity me;
  me.label = cfg_.label;
  me.propagation_ps = cfg_.propagation_ps;
  for (auto& s : stations_) me.stations.push_back({s->id, s->auto_id, s->hz, s->overshoot, s->name});
  SocketAddress addr = parse_socket_address(n.target);
  std::unique_ptr<PeerLink> link;
  if (n.kind == NetSpec::Kind::Listen) {
    LinkListener l(addr);
    link = l.accept(me, n.options);
  } else {
    link = connect_link(addr, me, n.options);
  }
  for (size_t i = 0; i < stations_.size(); i++) stations_[i]->id = me.stations[i].id;  // maybe renumbered
  attach_peer(std::move(link));
}

void Segment::attach_peer(std::unique_ptr<PeerLink> peer) {
  if (peer_) throw NetError("network: only one link to another process is supported");
  if (tap_) throw NetError("network: a segment bridged to a TAP cannot also link to another process");
  for (const auto& ps : peer->peer_hello().stations) {
    if (2 * ps.max_overshoot_ps >= lookahead_)
      throw NetError("link " + peer->who() + ": peer's machine '" + ps.name + "' may overshoot too far");
  }
  peer_ = std::move(peer);
}

void Segment::attach_tap(std::unique_ptr<TapDevice> tap) {
  if (peer_) throw NetError("network: a segment linked to another process cannot also bridge to a TAP");
  if (tap_) throw NetError("network: only one TAP per segment");
  if (cfg_.tap_slice_ps <= 2 * lookahead_) cfg_.tap_slice_ps = 2 * lookahead_ + 1;
  tap_ = std::move(tap);
}

void Segment::transmit(size_t from, const Frame& frame, Cycles start_cycle) {
  Station& s = *stations_[from];
  Picos start = cycles_to_ps(start_cycle, s.hz);
  if (!s.alive) internal("machine '" + s.name + "' transmitted after it had finished");
  if (start < s.published)
    internal("machine '" + s.name + "' started a frame at " + std::to_string(start) + " ps, before the time it had already published (" +
             std::to_string(s.published) + " ps)");
  s.stats.sent++;
  u64 seq = s.next_seq++;
  if (frame.bytes.size() > kMaxCarriedBytes) {  // the guest built a chain no link can carry
    s.stats.dropped++;
    return;
  }
  WireFrame f{frame, start, s.id, seq};
  switch (loss_.apply(s.id, seq, f.frame)) {
    case LossFilter::Verdict::Drop: s.stats.dropped++; return;
    case LossFilter::Verdict::Corrupt: s.stats.corrupted++; break;
    case LossFilter::Verdict::Pass: break;
  }
  route(std::move(f), from);
}

void Segment::route(WireFrame&& f, size_t origin) {
  Picos arrival = arrival_ps(f, cfg_.propagation_ps);
  for (size_t j = 0; j < stations_.size(); j++) {
    Station& r = *stations_[j];
    if (j == origin || !r.alive) continue;
    r.inbox.push(Pending{{arrival, f.sender, f.seq}, f.frame});
  }
  if (peer_ && origin != kFromPeer) peer_->send_frame(f);
  if (tap_ && origin != kFromTap) tap_->write(f.frame);
  if (pcap_) capture_.push(Captured{std::move(f)});
}

Picos Segment::local_published() const {
  Picos t = kForever;
  for (auto& s : stations_) t = std::min(t, s->published);
  return t;
}

Picos Segment::horizon_for(const Station& me) const {
  Picos h = peer_ ? sat_add(peer_time_, lookahead_) : kForever;
  for (auto& s : stations_)
    if (s.get() != &me) h = std::min(h, sat_add(s->published, lookahead_));
  if (tap_) h = std::min(h, sat_add(me.node->now_ps(), cfg_.tap_slice_ps));
  return h;
}

bool Segment::peer_needed() const {
  if (!peer_) return false;
  Picos h = sat_add(peer_time_, lookahead_);
  for (auto& s : stations_)
    if (s->alive && sat_sub(h, 2 * s->overshoot) < sat_add(s->node->now_ps(), peer_slice_)) return true;
  return false;
}

void Segment::poll_peer() {
  if (!peer_) return;
  rounds_since_poll_ = 0;
  scratch_.clear();
  peer_time_ = peer_->poll(scratch_);
  for (auto& f : scratch_) route(std::move(f), kFromPeer);
}

void Segment::poll_tap() {
  if (!tap_) return;
  std::vector<Frame> frames;
  tap_->read_frames(frames);
  if (frames.empty()) return;
  // Start at the latest local station's time: after everything any station has published,
  // so it is in no one's past (segment.h, Claim 2, with the TAP as a source).
  Picos start = 0;
  for (auto& s : stations_)
    if (s->alive) start = std::max(start, s->node->now_ps());
  for (auto& fr : frames) route(WireFrame{std::move(fr), start, kTapStation, tap_seq_++}, kFromTap);
}

bool Segment::step(Station& s) {
  NetNode& node = *s.node;
  Picos t = node.now_ps();
  bool did = false;
  // R3: deliver what is due at this stop.
  while (!s.inbox.empty() && s.inbox.top().key.arrival <= sat_add(t, s.overshoot)) {
    const Pending& p = s.inbox.top();
    if (p.key.arrival < t)
      internal("a frame from station " + std::to_string(p.key.sender) + " would arrive at machine '" + s.name + "' at " +
               std::to_string(p.key.arrival) + " ps, in its past (now " + std::to_string(t) + " ps)");
    node.deliver(p.frame, p.key.arrival);
    s.stats.delivered++;
    s.inbox.pop();
    did = true;
  }
  // R2: how far it may run.
  Picos limit = sat_sub(horizon_for(s), 2 * s.overshoot);
  if (!s.inbox.empty()) limit = std::min(limit, sat_sub(s.inbox.top().key.arrival, s.overshoot));
  // Behind (or level with) the peer, which may be waiting for us: report progress often.
  if (peer_ && peer_time_ < kFinishedListening && t < sat_add(peer_time_, peer_slice_) && peer_->runs_alongside())
    limit = std::min(limit, sat_add(t, peer_slice_));
  if (limit <= t) return did;
  sync_.runs++;
  bool alive = node.run_until(limit);
  Picos t2 = node.now_ps();
  if (t2 < t) internal("machine '" + s.name + "' went back in time from " + std::to_string(t) + " to " + std::to_string(t2) + " ps");
  if (alive && t2 < limit) internal("machine '" + s.name + "' stopped short of its limit without finishing");
  if (limit != kForever && t2 >= sat_add(limit, s.overshoot))
    internal("machine '" + s.name + "' overshot its limit " + std::to_string(limit) + " ps by " +
             std::to_string(t2 - limit) + " ps (announced at most " + std::to_string(s.overshoot) + ")");
  if (alive) {
    s.published = t2;
  } else {
    s.alive = false;
    s.published = kForever;
    while (!s.inbox.empty()) s.inbox.pop();
  }
  return true;
}

void Segment::flush_capture(Picos before) {
  while (!capture_.empty() && capture_.top().f.start < before) {
    pcap_->write(capture_.top().f.start, capture_.top().f.frame);
    capture_.pop();
  }
}

void Segment::run() {
  running_ = true;
  struct Done {
    Segment& s;
    ~Done() { s.running_ = false; }
  } done{*this};
  auto any_alive = [&] {
    for (auto& s : stations_)
      if (s->alive) return true;
    return false;
  };
  while (any_alive()) {
    // Looking at the peer costs a system call on a stream: do it when its horizon is what
    // holds a station back (or now and then, to keep its ring drained). A stale peer time is
    // safe (it only lowers horizons; segment.h Claim 1 holds for whatever time was read).
    if (peer_needed() || ++rounds_since_poll_ >= 16) poll_peer();
    poll_tap();
    bool progressed = false;
    sync_.rounds++;
    for (auto& s : stations_)
      if (s->alive) progressed |= step(*s);
    Picos mine = local_published();
    // All finished: "finished, still reading" until finish() below says we are gone.
    Picos say = std::min(mine, kFinishedListening);
    // Announce when it changed by half a slice, or before waiting (the peer may be waiting
    // for exactly this), or at the end; smaller steps would only cost system calls.
    bool worth = !announced_any_ || !progressed || say >= kFinishedListening ||
                 say >= sat_add(announced_, peer_slice_ / 2);
    if (peer_ && say != announced_ && worth) {
      peer_->announce(say);
      announced_ = say;
      announced_any_ = true;
    }
    if (pcap_) flush_capture(std::min(mine, peer_ ? peer_time_ : kForever));
    if (on_round_) on_round_();
    if (!progressed && any_alive()) {
      if (!peer_) internal("no machine on the segment can advance (deadlock)");
      auto w0 = std::chrono::steady_clock::now();
      peer_->wait(peer_time_, std::chrono::microseconds(10'000));
      sync_.waits++;
      sync_.wait_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    }
  }
  // A capture is of the whole segment: with one, we keep recording (the peer has been told
  // kFinishedListening, so it keeps sending) until the peer has finished too, so both
  // processes write the same file.
  if (peer_ && pcap_) {
    peer_->announce(kFinishedListening);
    while (peer_time_ < kFinishedListening) {
      peer_->wait(peer_time_, std::chrono::microseconds(10'000));
      poll_peer();
      flush_capture(peer_time_);
    }
  }
  if (peer_) peer_->finish();
  if (pcap_) flush_capture(kForever);
}

void Segment::state(StateIo& io) {
  io.section("segment");
  const size_t n = io.count(stations_.size(), 64);
  io.check(n == stations_.size(), "the checkpoint's segment has another number of stations");
  for (auto& sp : stations_) {
    Station& s = *sp;
    u32 id = s.id;
    io.pod(id);
    io.check(id == s.id, "a station of the checkpoint's segment has another id");
    io.pod(s.published);
    io.boolean(s.alive);
    io.pod(s.next_seq);
    io.pod(s.stats);
    std::vector<Pending> queued;
    for (auto copy = s.inbox; !copy.empty(); copy.pop()) queued.push_back(copy.top());
    const size_t q = io.count(queued.size(), 1u << 20);
    if (io.loading()) queued.assign(q, Pending{});
    for (Pending& p : queued) {
      io.pod(p.key.arrival);
      io.pod(p.key.sender);
      io.pod(p.key.seq);
      io.vec(p.frame.bytes, 1u << 16);
    }
    if (!io.loading()) continue;
    while (!s.inbox.empty()) s.inbox.pop();
    for (Pending& p : queued) s.inbox.push(std::move(p));
  }
}

}  // namespace emu::net
