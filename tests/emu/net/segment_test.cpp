// The segment runner in one process: exact wire timing, round trips derived from the
// constants, determinism (order of adding, repeated runs, different clocks), three
// stations with simultaneous transmissions, and the run-time checks of its own rules.
#include <catch2/catch.hpp>

#include "tests/emu/net/net_test_util.h"

using namespace emu;
using namespace emu::net;
using namespace emu::net::test;

namespace {

// The first received record with this tag.
const Record* find_rx(const std::vector<Record>& rs, u32 tag) {
  for (auto& r : rs)
    if (r.kind == 'R' && r.tag == tag) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("net: a frame arrives at start + wire time, exactly", "[net]") {
  for (size_t len : {size_t(64), size_t(65), size_t(1518), size_t(2000)}) {
    FakeConfig ca;
    ca.sends = {{1001, 7, len}};
    ca.end_cycle = 100'000;
    FakeConfig cb = ca;
    cb.sends.clear();
    cb.mac = 2;
    FakeNode a(ca), b(cb);
    Segment seg;
    a.set_port(&seg.add_node(a, ca.hz, "a"));
    b.set_port(&seg.add_node(b, cb.hz, "b"));
    seg.run();
    const Record* r = find_rx(b.records(), 7);
    REQUIRE(r);
    Picos expect = cycles_to_ps(1001, ca.hz) + frame_wire_ps(len);
    CHECK(r->arrival == expect);
    CHECK(r->cycle == ps_to_cycles_ceil(expect, cb.hz));
    CHECK(r->fcs_ok);
    CHECK(find_rx(a.records(), 7) == nullptr);  // no station hears itself
  }
  // 1518 bytes: 1214.4 us of frame plus 6.4 us of preamble (reference §11).
  CHECK(frame_wire_ps(1518) == 1'220'800'000ull);
}

TEST_CASE("net: runts take a minimum frame's time; propagation delay adds", "[net]") {
  FakeConfig ca;
  ca.sends = {{2000, 3, 24}};  // a runt (tag and FCS still fit)
  ca.end_cycle = 50'000;
  FakeConfig cb = ca;
  cb.sends.clear();
  cb.mac = 2;
  FakeNode a(ca), b(cb);
  SegmentConfig cfg;
  cfg.propagation_ps = 2'500'000;  // 2.5 us (about 500 m of coax)
  Segment seg(cfg);
  a.set_port(&seg.add_node(a, ca.hz, "a"));
  b.set_port(&seg.add_node(b, cb.hz, "b"));
  seg.run();
  const Record* r = find_rx(b.records(), 3);
  REQUIRE(r);
  CHECK(r->arrival == cycles_to_ps(2000, ca.hz) + kLinkLookaheadPs + cfg.propagation_ps);
}

TEST_CASE("net: ping-pong round trips follow from the constants", "[net]") {
  for (auto [ha, hb] : {std::pair{kHz25, kHz25}, std::pair{kHz16, kHz25}, std::pair{kHz25, kHz16}}) {
    Scenario sc = ping_pong(ha, hb);
    Result res = run_in_process(sc);
    // Chain 0: A sends tag 0 (64 bytes) at cycle 5000; B answers tag 1 (90 bytes) 500 of its
    // cycles after it received it; A answers tag 2 (128 bytes) 300 cycles after that.
    Picos t0 = cycles_to_ps(5000, ha);
    Picos x1 = t0 + frame_wire_ps(64);
    Cycles rb = ps_to_cycles_ceil(x1, hb);
    Picos x2 = cycles_to_ps(rb + 500, hb) + frame_wire_ps(90);
    Cycles ra = ps_to_cycles_ceil(x2, ha);
    Picos x3 = cycles_to_ps(ra + 300, ha) + frame_wire_ps(128);
    const Record* r1 = find_rx(res.b, 0);
    const Record* r2 = find_rx(res.a, 1);
    const Record* r3 = find_rx(res.b, 2);
    REQUIRE(r1);
    REQUIRE(r2);
    REQUIRE(r3);
    CHECK(r1->arrival == x1);
    CHECK(r1->cycle == rb);
    CHECK(r2->arrival == x2);
    CHECK(r2->cycle == ra);
    CHECK(r3->arrival == x3);
    // The round trip A sees, in its own cycles.
    Cycles rtt = ra - 5000;
    if (ha == hb) {
      // Same clock: 64-byte + 90-byte frames (576 + 784 bits = 136 us = 3400 cycles at 25 MHz)
      // plus B's 500-cycle turnaround, rounded up to whole cycles at each end.
      CHECK(rtt == 3400 + 500);
    }
    // Every chain completes: 7 frames each (tags k*1000 .. k*1000+6).
    size_t chains = sc.a.sends.size(), frames = 0;
    for (auto& r : res.a) frames += r.kind == 'R';
    for (auto& r : res.b) frames += r.kind == 'R';
    CHECK(frames == chains * 7);
  }
}

TEST_CASE("net: in-process runs are deterministic whatever the order of stations", "[net]") {
  Scenario sc = ping_pong(kHz16, kHz25);
  Result r1 = run_in_process(sc);
  Result r2 = run_in_process(sc);
  Result r3 = run_in_process(sc, {}, /*b_first=*/true);
  CHECK(r1 == r2);
  CHECK(r1 == r3);
  // A different block size (overshoot) changes where runs stop but not what happens.
  Scenario sc2 = sc;
  sc2.a.block = 7;
  sc2.b.block = 200;
  Result r4 = run_in_process(sc2);
  CHECK(r4.a == r1.a);
  CHECK(r4.b == r1.b);
}

TEST_CASE("net: three stations; simultaneous frames are all delivered, in station order", "[net]") {
  FakeConfig base;
  base.end_cycle = 200'000;
  FakeConfig c1 = base, c2 = base, c3 = base;
  c1.mac = 1;
  c2.mac = 2;
  c3.mac = 3;
  // 1 and 2 start at the same instant (no collision model: both get through).
  c1.sends = {{10'000, 100, 64}};
  c2.sends = {{10'000, 200, 64}};
  c3.sends = {{50'000, 300, 1518}};
  FakeNode n1(c1), n2(c2), n3(c3);
  Segment seg;
  n3.set_port(&seg.add_node(n3, base.hz, "n3", 2));
  n1.set_port(&seg.add_node(n1, base.hz, "n1", 0));
  n2.set_port(&seg.add_node(n2, base.hz, "n2", 1));
  seg.run();
  const auto& r3 = n3.records();
  REQUIRE(r3.size() >= 2);
  CHECK(r3[0].tag == 100);  // same arrival: station 0's first
  CHECK(r3[1].tag == 200);
  CHECK(r3[0].arrival == r3[1].arrival);
  CHECK(find_rx(n1.records(), 200));
  CHECK(find_rx(n1.records(), 300));
  CHECK(find_rx(n2.records(), 100));
  CHECK(find_rx(n2.records(), 300));
  CHECK(seg.stats(0).sent == 1);
  CHECK(seg.stats(0).delivered == 2);
}

namespace {

// A node that breaks the contract in a chosen way.
class BadNode : public NetNode {
 public:
  enum Mode { TransmitInPast, Overshoot };
  BadNode(Mode m) : mode_(m) {}
  EthernetPort* port = nullptr;
  Picos now_ps() const override { return now_; }
  Picos max_overshoot_ps() const override { return 1000; }
  bool run_until(Picos limit) override {
    if (mode_ == Overshoot) {
      now_ = limit + 5000;
      return true;
    }
    Picos old = now_;
    now_ = limit;
    if (old > 2'000'000) port->transmit(test::make_frame(1, 2, 1), 0);  // cycle 0: long published
    return true;
  }
  void deliver(const Frame&, Picos) override {}

 private:
  Mode mode_;
  Picos now_ = 0;
};

}  // namespace

TEST_CASE("net: contract violations are reported as internal errors, never silently", "[net]") {
  for (auto mode : {BadNode::TransmitInPast, BadNode::Overshoot}) {
    BadNode bad(mode);
    FakeConfig c;
    c.end_cycle = 10'000'000;
    FakeNode ok(c);
    Segment seg;
    bad.port = &seg.add_node(bad, kHz25, "bad");
    ok.set_port(&seg.add_node(ok, kHz25, "ok"));
    CHECK_THROWS_AS(seg.run(), NetInternalError);
  }
}

TEST_CASE("net: a node that may overshoot half the lookahead is refused", "[net]") {
  FakeConfig c;
  c.block = 800;  // 32 us at 25 MHz: 2 x 32 > 57.6
  FakeNode n(c);
  Segment seg;
  CHECK_THROWS_AS(seg.add_node(n, c.hz, "slowstop"), NetError);
}

TEST_CASE("net: a station that finishes early holds no one back", "[net]") {
  FakeConfig c1, c2;
  c1.end_cycle = 10'000;      // finishes at 0.4 ms
  c1.sends = {{20'000, 1, 64}};  // never sent: after its end
  c2.mac = 2;
  c2.end_cycle = 5'000'000;   // 200 ms
  c2.sends = {{1'000'000, 2, 64}};
  FakeNode n1(c1), n2(c2);
  Segment seg;
  n1.set_port(&seg.add_node(n1, c1.hz, "early"));
  n2.set_port(&seg.add_node(n2, c2.hz, "late"));
  seg.run();
  CHECK(n1.cycles() == 10'016);  // the first block boundary at or after its end
  CHECK(n2.cycles() == 5'000'000);
  CHECK(seg.stats(1).sent == 1);
  CHECK(seg.stats(0).delivered == 0);  // sent after it had finished: dropped
  CHECK(seg.sync_stats().waits == 0);
}
