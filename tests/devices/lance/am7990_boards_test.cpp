// Am7990 LANCE on each buffer adapter, end to end: the KN01 gap2 RAM (driver copies with
// halfwords at 2L), main memory through the physical bus (every LANCE store reaches the
// write observer), a clock whose cycle is not a whole number of nanoseconds, and
// determinism (the same inputs give the same cycles and bytes).
#include "lance_rig.h"

using namespace lance_test;

namespace {

net::Picos wire(std::size_t bytes) { return (64 + 8 * net::Picos(bytes)) * net::kBitPs; }

}  // namespace

TEST_CASE("am7990 kn01: frames through the gap2 buffer", "[lance]") {
  Rig r(Board::kKn01);
  r.bring_up();
  const std::vector<u8> data = payload(kPeer, 60, 3);
  r.send(data);
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  REQUIRE(r.port.sent.size() == 1);
  std::vector<u8> expect = data;
  append_fcs(expect);
  CHECK(r.port.sent[0].frame.bytes == expect);
  const net::Frame f = wire_frame(kStation, 80, 4);
  r.deliver_at(r.sched.now() + 100, f);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.rmd(0, 1) == (STP | ENP));
  // CPU view: LANCE byte L of the buffer at 0x19000000 + 2L (even) / + 2L - 1 (odd),
  // nothing in the upper halfwords.
  const u32 buf = Rig::rx_buf(0);
  for (u32 i = 0; i < 80; ++i) {
    u32 v = 0;
    REQUIRE(r.kn01.read(2 * (buf + i) - (i & 1), 1, v));
    CHECK(v == f.bytes[i]);
  }
  u32 v = 1;
  REQUIRE(r.kn01.read(2 * buf + 2, 2, v));
  CHECK(v == 0);
}

TEST_CASE("am7990 main memory: every LANCE store goes through the bus observer", "[lance]") {
  Rig r(Board::kMainMemory);
  r.bring_up();
  std::vector<std::pair<u32, unsigned>> seen;
  r.bus.set_write_observer([&](u32 pa, unsigned len) { seen.emplace_back(pa, len); });
  const net::Frame f = wire_frame(kStation, 65);  // odd length: a one-byte store at the end
  r.deliver_at(1000, f);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.copy_from(Rig::rx_buf(0), 65) == f.bytes);
  const u32 base = Rig::kDmaBase + Rig::rx_buf(0);
  unsigned data_bytes = 0;
  bool desc_written = false;
  for (const auto& [pa, len] : seen) {
    if (pa >= base && pa < base + 65) data_bytes += len;
    if (pa == Rig::kDmaBase + Rig::rx_desc(0) + 2) desc_written = true;
  }
  CHECK(data_bytes == 65);
  CHECK(seen.back() == std::make_pair(Rig::kDmaBase + Rig::rx_desc(0) + 2, 2u));  // OWN last
  CHECK(desc_written);
}

TEST_CASE("am7990: cycle rounding on a 16.67 MHz KN01 clock", "[lance]") {
  const u64 hz = 16'666'667;  // DS3100
  Rig r(Board::kKn01, hz);
  r.bring_up();
  const Cycles t = r.sched.now();
  r.send(payload(kPeer, 60));
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  // 27 words * 600 ns = 16.2 us = 270.0000054 cycles -> 271.
  const Cycles start = after(t, 27 * r.W(), hz);
  REQUIRE(start == t + 271);
  CHECK(r.port.sent[0].start == start);
  CHECK(r.sched.now() == after(after(start, wire(64), hz), r.W(), hz));
}

namespace {

struct Trace {
  std::vector<Cycles> starts, irq;
  std::vector<u16> status;  // CSR0 at each interrupt
  std::vector<std::vector<u8>> frames;
  std::vector<u16> descs;
  bool operator==(const Trace&) const = default;
};

// A mixed run: transmissions (one with injected collisions, so the backoff generator is
// used), receptions close to them, a CRC error and a MISS, with a driver that takes every
// interrupt at once and acknowledges its causes (NetBSD am7990_intr: write back the bits).
Trace scenario(u64 seed) {
  Rig r(Board::kPmad, 16'666'667, seed);
  Config c;
  c.rx_log2 = 1;
  r.bring_up(c);
  Trace t;
  const u16 causes = BABL | CERR | MISS | MERR | RINT | TINT | IDON;
  auto step_to = [&](Cycles end) {
    for (;;) {
      if (r.irq.level()) {
        const u16 v = r.csr0();
        t.irq.push_back(r.sched.now());
        t.status.push_back(v);
        r.wr(RDP, static_cast<u16>((v & causes) | INEA));
      }
      if (r.sched.next_event() > end) break;
      r.sched.advance_to(std::max(r.sched.now(), r.sched.next_event()));
      r.sched.run_due();
    }
    r.sched.advance_to(end);
  };
  Am7990::TxFaults f;
  f.collisions = 5;
  r.lance->inject_tx_faults(f);
  const Cycles t0 = r.sched.now();
  r.send(payload(kPeer, 200, 1));
  r.send(payload(kPeer, 60, 2));
  step_to(t0 + 3000);
  r.lance->receive(wire_frame(kStation, 300, 3));
  net::Frame bad = wire_frame(kBroadcast, 90, 4);
  bad.bytes[50] ^= 4;
  step_to(t0 + 10'000);
  r.lance->receive(bad);
  step_to(t0 + 17'000);
  r.lance->receive(wire_frame(kStation, 64, 5));  // both RX buffers used: MISS
  step_to(t0 + 200'000);
  for (const auto& s : r.port.sent) {
    t.starts.push_back(s.start);
    t.frames.push_back(s.frame.bytes);
  }
  for (unsigned i = 0; i < 2; ++i)
    for (unsigned w = 1; w < 4; ++w) {
      t.descs.push_back(r.rmd(i, w));
      t.descs.push_back(r.tmd(i, w));
    }
  return t;
}

}  // namespace

TEST_CASE("am7990: same inputs, same cycles", "[lance]") {
  const Trace a = scenario(7), b = scenario(7);
  CHECK(a.starts.size() == 2);
  CHECK(a.irq.size() >= 4);  // TINT, RINT, RINT (CRC error), MISS, TINT - some may merge
  u16 seen = 0;
  for (u16 v : a.status) seen |= v;
  CHECK((seen & (TINT | RINT | MISS)) == (TINT | RINT | MISS));
  CHECK((a.descs[0] & CRC) == 0);  // RMD1 of buffer 0: the good 300-byte frame
  CHECK((a.descs[6] & CRC) != 0);  // RMD1 of buffer 1: the damaged broadcast
  CHECK(a == b);
}
