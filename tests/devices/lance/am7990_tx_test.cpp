// Am7990 LANCE transmitter: single and chained frames, FCS, DTCR, start and TINT cycles,
// the 1.6 ms poll, TDMD, ring wrap, back-to-back frames and DEF, BABL, BUFF|UFLO, skipped
// descriptors. Expected cycles restate the model's documented rules with the constants of
// the reference: poll = TMD1 + TMD0 + TMD2 (3 words), then data words until 48 bytes are in
// the FIFO; wire time = (64 + 8 * bytes) bits at 100 ns; TMD1 write-back = 1 word.
#include "lance_rig.h"

using namespace lance_test;

namespace {

constexpr unsigned kFifoWords = 48 / 2;     // even-aligned buffer: 24 words fill the FIFO
constexpr unsigned kPollWords = 3;          // TMD1, TMD0, TMD2
constexpr net::Picos kPollPs = 1'600 * kUs;  // 1.6 ms
constexpr net::Picos kIfgPs = 96 * net::kBitPs;

net::Picos wire(std::size_t bytes) { return (64 + 8 * net::Picos(bytes)) * net::kBitPs; }

}  // namespace

TEST_CASE("am7990 tx: single buffer frame, FCS, start and TINT cycles", "[lance]") {
  Rig r;
  r.bring_up();
  r.run_to(5000);
  const std::vector<u8> data = payload(kPeer, 60);
  const Cycles t = r.sched.now();
  r.send(data);
  CHECK((r.csr0() & TDMD) != 0);  // until the demanded poll runs
  const Cycles start = after(t, (kPollWords + kFifoWords) * r.W());
  REQUIRE(start == t + 27 * 15);
  r.run_to(start - 1);
  CHECK((r.csr0() & TDMD) == 0);
  CHECK(r.port.sent.empty());
  r.run_to(start);
  REQUIRE(r.port.sent.size() == 1);
  CHECK(r.port.sent[0].start == start);
  const std::vector<u8>& f = r.port.sent[0].frame.bytes;
  REQUIRE(f.size() == 64);
  CHECK(std::vector<u8>(f.begin(), f.begin() + 60) == data);
  const u32 fcs = ref_fcs(data, 60);
  CHECK(f[60] == (fcs & 0xff));
  CHECK(f[61] == ((fcs >> 8) & 0xff));
  CHECK(f[62] == ((fcs >> 16) & 0xff));
  CHECK(f[63] == (fcs >> 24));
  // TINT after the last bit and the TMD1 write-back; OWN cleared only then.
  const Cycles end = after(start, wire(64));
  REQUIRE(end == start + 1440);  // 576 bits * 100 ns = 57.6 us
  const Cycles tint = after(end, r.W());
  r.run_to(tint - 1);
  CHECK((r.csr0() & TINT) == 0);
  CHECK((r.tmd(0, 1) & OWN) != 0);
  CHECK_FALSE(r.irq.level());
  r.run_to(tint);
  CHECK((r.csr0() & (TINT | INTR)) == (TINT | INTR));
  CHECK(r.irq.level());
  CHECK(r.irq_edges.back() == tint);
  CHECK(r.tmd(0, 1) == (STP | ENP));  // no error bits, HADR 0
  CHECK(r.tmd(0, 3) == 0);
  CHECK(r.lance->tx_index() == 1);
}

TEST_CASE("am7990 tx: chained buffers STP..ENP make one frame", "[lance]") {
  Rig r;
  r.bring_up();
  const std::vector<u8> all = payload(kPeer, 600, 9);
  const std::vector<u8> a(all.begin(), all.begin() + 100), b(all.begin() + 100, all.begin() + 300),
      c(all.begin() + 300, all.end());
  // Driver order: later descriptors first, OWN of the STP descriptor last.
  r.queue_tx(2, c, ENP);
  r.queue_tx(1, b, 0);
  r.queue_tx(0, a, STP);
  const Cycles t = r.sched.now();
  r.wr(RDP, INEA | TDMD);
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  REQUIRE(r.port.sent.size() == 1);
  const Cycles start = after(t, (kPollWords + kFifoWords) * r.W());  // first buffer >= 48
  CHECK(r.port.sent[0].start == start);
  std::vector<u8> expect = all;
  append_fcs(expect);
  CHECK(r.port.sent[0].frame.bytes == expect);
  CHECK(r.sched.now() == after(after(start, wire(604)), r.W()));
  CHECK(r.tmd(0, 1) == STP);
  CHECK(r.tmd(1, 1) == 0);
  CHECK(r.tmd(2, 1) == ENP);
  CHECK(r.lance->tx_index() == 3);
}

TEST_CASE("am7990 tx: a short first buffer fills the FIFO across the chain", "[lance]") {
  Rig r;
  r.bring_up();
  const std::vector<u8> all = payload(kPeer, 114, 3);
  r.queue_tx(1, std::vector<u8>(all.begin() + 14, all.end()), ENP);
  r.queue_tx(0, std::vector<u8>(all.begin(), all.begin() + 14), STP);  // a 14-byte header
  const Cycles t = r.sched.now();
  r.wr(RDP, INEA | TDMD);
  r.run_until([&] { return !r.port.sent.empty(); });
  // 3 descriptor words, 7 header words, look-ahead TMD1, release of TMD1, TMD0+TMD2 of
  // the next, then 17 words for the remaining 34 of the 48 FIFO bytes.
  CHECK(r.port.sent[0].start == after(t, (3 + 7 + 1 + 1 + 2 + 17) * r.W()));
  std::vector<u8> expect = all;
  append_fcs(expect);
  CHECK(r.port.sent[0].frame.bytes == expect);
}

TEST_CASE("am7990 tx: without TDMD a frame waits for the 1.6 ms poll", "[lance]") {
  Rig r;
  r.build(Config());
  const Cycles t0 = r.init();
  r.run_to(after(t0, 12 * r.W()));
  r.wr(RDP, IDON);
  const Cycles p0 = r.sched.now();
  r.wr(RDP, STRT | INEA);  // STRT polls at once, finds nothing
  const Cycles p1 = after(p0, kPollPs), p2 = after(p1, kPollPs);
  REQUIRE(p1 == p0 + 40'000);
  r.run_to(p1 + 100);
  r.queue_tx(0, payload(kPeer, 60));  // OWN set, no TDMD
  r.run_to(p2 - 1);
  CHECK(r.port.sent.empty());
  r.run_until([&] { return !r.port.sent.empty(); });
  CHECK(r.port.sent[0].start == after(p2, (kPollWords + kFifoWords) * r.W()));
}

TEST_CASE("am7990 tx: DTCR sends the buffer as is", "[lance]") {
  Rig r;
  Config c;
  c.mode = DTCR;
  r.bring_up(c);
  std::vector<u8> data = payload(kPeer, 60);
  append_fcs(data);  // software supplies the FCS
  r.send(data);
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  REQUIRE(r.port.sent.size() == 1);
  CHECK(r.port.sent[0].frame.bytes == data);
}

TEST_CASE("am7990 tx: ring wrap-around", "[lance]") {
  Rig r;
  Config c;
  c.tx_log2 = 1;  // two descriptors
  r.bring_up(c);
  for (unsigned n = 0; n < 5; ++n) {
    r.send(payload(kPeer, 60, static_cast<u8>(n)));
    r.run_until([&] { return (r.csr0() & TINT) != 0; });
    r.wr(RDP, INEA | TINT);
    CHECK(r.tmd(n & 1, 1) == (STP | ENP));
    CHECK(r.lance->tx_index() == ((n + 1) & 1));
  }
  REQUIRE(r.port.sent.size() == 5);
  for (unsigned n = 0; n < 5; ++n)
    CHECK(r.port.sent[n].frame.bytes[20] == payload(kPeer, 60, static_cast<u8>(n))[20]);
}

TEST_CASE("am7990 tx: back-to-back frames; DEF when the inter-frame gap holds one back", "[lance]") {
  SECTION("600 ns memory: the next frame is ready after the gap, no DEF") {
    Rig r;
    r.bring_up();
    r.queue_tx(0, payload(kPeer, 60, 1));
    r.queue_tx(1, payload(kPeer, 60, 2));
    const Cycles t = r.sched.now();
    r.wr(RDP, INEA | TDMD);
    r.run_until([&] { return r.port.sent.size() == 2; });
    const Cycles s1 = after(t, 27 * r.W());
    const Cycles tint1 = after(after(s1, wire(64)), r.W());
    CHECK(r.port.sent[0].start == s1);
    // The completion polls the next descriptor at once.
    CHECK(r.port.sent[1].start == after(tint1, 27 * r.W()));
    r.run_until([&] { return (r.tmd(1, 1) & OWN) == 0; });
    CHECK(r.tmd(0, 1) == (STP | ENP));
    CHECK(r.tmd(1, 1) == (STP | ENP));
  }
  SECTION("100 ns memory: the second frame waits for end + 9.6 us and reports DEF") {
    Rig r(Board::kPmad, kHz, 1, 100);
    r.bring_up();
    r.queue_tx(0, payload(kPeer, 60, 1));
    r.queue_tx(1, payload(kPeer, 60, 2));
    const Cycles t = r.sched.now();
    r.wr(RDP, INEA | TDMD);
    r.run_until([&] { return r.port.sent.size() == 2; });
    const Cycles s1 = after(t, 27 * r.W());
    const Cycles end1 = after(s1, wire(64));
    REQUIRE(after(after(end1, r.W()), 27 * r.W()) < after(end1, kIfgPs));  // ready early
    CHECK(r.port.sent[1].start == after(end1, kIfgPs));
    r.run_until([&] { return (r.tmd(1, 1) & OWN) == 0; });
    CHECK(r.tmd(0, 1) == (STP | ENP));
    CHECK(r.tmd(1, 1) == (STP | ENP | DEF));
  }
}

TEST_CASE("am7990 tx: BABL for a frame longer than 1518 bytes", "[lance]") {
  Rig r;
  r.bring_up();
  r.queue_tx(0, payload(kPeer, 1600), STP | ENP, 0xc000);
  r.next_tx = 1;
  r.wr(RDP, INEA | TDMD);
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  CHECK((r.csr0() & (BABL | ERR | INTR)) == (BABL | ERR | INTR));
  REQUIRE(r.port.sent.size() == 1);
  CHECK(r.port.sent[0].frame.bytes.size() == 1604);  // still sent in full
  r.wr(RDP, INEA | BABL | TINT);
  CHECK((r.csr0() & (BABL | ERR | INTR)) == 0);
  // 1514 + FCS = 1518 is legal.
  r.send(payload(kPeer, 1514));
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  CHECK((r.csr0() & BABL) == 0);
}

TEST_CASE("am7990 tx: BUFF|UFLO when ENP is missing; the transmitter stops", "[lance]") {
  Rig r;
  r.bring_up();
  r.queue_tx(0, payload(kPeer, 100), STP);  // no ENP, descriptor 1 not owned
  const Cycles t = r.sched.now();
  r.wr(RDP, INEA | TDMD);
  // 3 descriptor words + 50 data words + the look-ahead TMD1; then TMD3 and TMD1.
  const Cycles tint = after(after(t, (3 + 50 + 1) * r.W()), 2 * r.W());
  r.run_to(tint - 1);
  CHECK((r.csr0() & TINT) == 0);
  r.run_to(tint);
  CHECK((r.csr0() & (TINT | TXON | RXON)) == (TINT | RXON));
  CHECK(r.tmd(0, 3) == (TBUFF | UFLO));
  CHECK(r.tmd(0, 1) == (DERR | STP));
  CHECK(r.port.sent.empty());
  // TXON stays off: a later TDMD does nothing.
  r.queue_tx(1, payload(kPeer, 60));
  r.wr(RDP, INEA | TINT | TDMD);
  r.run_for(after(0, 2 * kPollPs));
  CHECK(r.port.sent.empty());
}

TEST_CASE("am7990 tx: an owned descriptor without STP is released and skipped", "[lance]") {
  Rig r;
  r.bring_up();
  r.queue_tx(1, payload(kPeer, 60, 5));
  r.queue_tx(0, payload(kPeer, 60, 4), ENP);  // OWN but no STP
  const Cycles t = r.sched.now();
  r.wr(RDP, INEA | TDMD);
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  REQUIRE(r.port.sent.size() == 1);
  CHECK(r.port.sent[0].frame.bytes[30] == payload(kPeer, 60, 5)[30]);
  // TMD1 read + release write for descriptor 0, then the usual 3 + 24 for descriptor 1.
  CHECK(r.port.sent[0].start == after(t, (2 + 3 + 24) * r.W()));
  CHECK(r.tmd(0, 1) == ENP);
  CHECK(r.tmd(1, 1) == (STP | ENP));
}
