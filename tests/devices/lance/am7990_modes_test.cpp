// Am7990 LANCE modes and error paths: internal and external loopback (and its FCS rule),
// forced collisions (COLL) with DRTY and backoff, the collision/carrier/SQE test hooks,
// MERR from main-memory DMA, BSWP, and whole frames through the KN01 and main-memory
// adapters. Bit-time constants restate the reference (§11): preamble 64 bits, jam 32,
// slot 512, gap 96, 100 ns per bit.
#include "lance_rig.h"

using namespace lance_test;

namespace {

constexpr net::Picos kBit = net::kBitPs;
constexpr net::Picos kIfgPs = 96 * kBit, kSlotPs = 512 * kBit, kJamEndPs = (64 + 32) * kBit;
constexpr net::Picos kMerrPs = 25'600'000;  // 25.6 us bus timeout

net::Picos wire(std::size_t bytes) { return (64 + 8 * net::Picos(bytes)) * kBit; }
unsigned tail_words(std::size_t bytes) { return static_cast<unsigned>(((bytes - 1) % 16 + 1 + 1) / 2) + 2; }

}  // namespace

TEST_CASE("am7990 loopback: internal, FCS appended and not checked; wire ignored", "[lance]") {
  Rig r;
  Config c;
  c.mode = LOOP | INTL;
  r.bring_up(c);
  const std::vector<u8> data = payload(kStation, 20);  // short loopback frame, DA = us
  const Cycles t = r.sched.now();
  r.send(data);
  // 20 bytes < 48: the whole frame (10 words) is fetched before the preamble.
  const Cycles start = after(t, (3 + 10) * r.W());
  const Cycles end = after(start, wire(24));
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.sched.now() == after(end, tail_words(24) * r.W()));
  CHECK(r.port.sent.empty());  // nothing on the wire
  std::vector<u8> expect = data;
  append_fcs(expect);
  CHECK(r.copy_from(Rig::rx_buf(0), 24) == expect);
  CHECK(r.rmd(0, 1) == (STP | ENP));
  CHECK(r.rmd(0, 3) == 24);
  CHECK(r.tmd(0, 1) == (STP | ENP));
  // Frames from the wire do not reach an internally looped receiver.
  r.wr(RDP, INEA | RINT | TINT);
  r.deliver_at(r.sched.now() + 100, wire_frame(kStation, 64));
  r.run_for(10'000);
  CHECK((r.csr0() & (RINT | MISS)) == 0);
}

TEST_CASE("am7990 loopback: with DTCR the receiver checks the software FCS", "[lance]") {
  Rig r;
  Config c;
  c.mode = LOOP | INTL | DTCR;
  r.bring_up(c);
  std::vector<u8> good = payload(kStation, 28);
  append_fcs(good);
  r.send(good);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.rmd(0, 1) == (STP | ENP));
  r.wr(RDP, INEA | RINT);
  std::vector<u8> bad = good;
  bad[31] ^= 0xff;
  r.send(bad);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.rmd(1, 1) == (DERR | CRC | STP | ENP));
}

TEST_CASE("am7990 loopback: external sends on the wire and receives its own frame", "[lance]") {
  Rig r;
  Config c;
  c.mode = LOOP;
  r.bring_up(c);
  const std::vector<u8> data = payload(kStation, 60);
  r.send(data);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  REQUIRE(r.port.sent.size() == 1);
  CHECK(r.copy_from(Rig::rx_buf(0), 64) == r.port.sent[0].frame.bytes);
  CHECK(r.sched.now() == after(after(r.port.sent[0].start, wire(64)), tail_words(64) * r.W()));
  // LOOP without DTCR gives the CRC unit to the transmitter: nothing is checked on
  // receive, not even a damaged frame from the wire.
  r.wr(RDP, INEA | RINT | TINT);
  net::Frame bad = wire_frame(kStation, 64, 9);
  bad.bytes[20] ^= 1;
  r.deliver_at(r.sched.now() + 100, bad);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.rmd(1, 1) == (STP | ENP));
}

TEST_CASE("am7990 collisions: COLL with DRTY gives up after one attempt", "[lance]") {
  Rig r;
  Config c;
  c.mode = LOOP | INTL | COLL | DRTY;
  r.bring_up(c);
  const Cycles t = r.sched.now();
  r.send(payload(kStation, 40));
  const Cycles start = after(t, (3 + 20) * r.W());
  const Cycles tint = after(after(start, kJamEndPs), 2 * r.W());  // TMD3 + TMD1
  r.run_to(tint - 1);
  CHECK((r.csr0() & TINT) == 0);
  r.run_to(tint);
  CHECK((r.csr0() & TINT) != 0);
  CHECK(r.tmd(0, 3) == RTRY);
  CHECK(r.tmd(0, 1) == (DERR | STP | ENP));
  CHECK((r.csr0() & RINT) == 0);  // nothing got through
}

namespace {

// COLL without DRTY: 16 attempts with seeded backoff; returns the TINT cycle.
Cycles coll_retries(u64 seed, Cycles* first_start) {
  Rig r(Board::kPmad, kHz, seed);
  Config c;
  c.mode = LOOP | INTL | COLL;
  r.bring_up(c);
  const Cycles t = r.sched.now();
  r.send(payload(kStation, 40));
  *first_start = after(t, (3 + 20) * r.W());
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  CHECK(r.tmd(0, 3) == RTRY);
  CHECK(r.tmd(0, 1) == (DERR | STP | ENP));
  return r.sched.now();
}

}  // namespace

TEST_CASE("am7990 collisions: COLL retries 16 times with seeded backoff", "[lance]") {
  Cycles s1 = 0, s2 = 0;
  const Cycles a = coll_retries(1, &s1), b = coll_retries(1, &s2);
  CHECK(a == b);  // same seed, same cycles
  CHECK(s1 == s2);
  // Bounds: 16 jams, 15 waits of at least the gap and at most (2^min(n,10) - 1) slots.
  net::Picos lo = 16 * kJamEndPs + 15 * kIfgPs, hi = 16 * kJamEndPs;
  for (unsigned n = 1; n <= 15; ++n)
    hi += std::max<net::Picos>(((1ull << std::min(n, 10u)) - 1) * kSlotPs, kIfgPs);
  CHECK(a >= after(s1, lo));
  CHECK(a <= s1 + net::ps_to_cycles_ceil(hi, kHz) + 16 * 3 + 2 * 15);  // +rounding per step
  Cycles s3 = 0;
  CHECK(coll_retries(12345, &s3) != a);  // another seed draws other slots
}

TEST_CASE("am7990 collisions: injected collisions give ONE, MORE and RTRY", "[lance]") {
  auto run = [](unsigned collisions, Rig& r) {
    r.bring_up();
    Am7990::TxFaults f;
    f.collisions = collisions;
    r.lance->inject_tx_faults(f);
    const Cycles t = r.sched.now();
    r.send(payload(kPeer, 60));
    r.run_until([&] { return (r.csr0() & TINT) != 0; });
    return t;
  };
  {
    Rig r;
    const Cycles t = run(1, r);
    REQUIRE(r.port.sent.size() == 1);  // only the successful attempt reaches the wire
    const Cycles jam_end = after(after(t, 27 * r.W()), kJamEndPs);
    const Cycles s = r.port.sent[0].start;
    CHECK((s == after(jam_end, kIfgPs) || s == after(jam_end, kSlotPs)));  // r = 0 or 1
    CHECK(r.tmd(0, 1) == (ONE | STP | ENP));
    CHECK(r.tmd(0, 3) == 0);
  }
  {
    Rig r;
    run(3, r);
    CHECK(r.port.sent.size() == 1);
    CHECK(r.tmd(0, 1) == (MORE | STP | ENP));
  }
  {
    Rig r;
    run(15, r);  // the 16th and last attempt gets through
    CHECK(r.port.sent.size() == 1);
    CHECK(r.tmd(0, 1) == (MORE | STP | ENP));
    CHECK(r.tmd(0, 3) == 0);
  }
  {
    Rig r;
    run(16, r);
    CHECK(r.port.sent.empty());
    CHECK(r.tmd(0, 1) == (DERR | STP | ENP));
    CHECK(r.tmd(0, 3) == RTRY);
    // The next frame is not affected by the hook any more.
    r.wr(RDP, INEA | TINT);
    r.send(payload(kPeer, 60));
    r.run_until([&] { return (r.csr0() & TINT) != 0; });
    CHECK(r.port.sent.size() == 1);
    CHECK(r.tmd(1, 1) == (STP | ENP));
  }
}

TEST_CASE("am7990 faults: LCOL, LCAR and CERR through the test hook", "[lance]") {
  SECTION("late collision: frame lost, no retry") {
    Rig r;
    r.bring_up();
    Am7990::TxFaults f;
    f.late_collision = true;
    r.lance->inject_tx_faults(f);
    const Cycles t = r.sched.now();
    r.send(payload(kPeer, 60));
    r.run_until([&] { return (r.csr0() & TINT) != 0; });
    const Cycles s = after(t, 27 * r.W());
    CHECK(r.sched.now() == after(after(s, (64 + 512 + 32) * kBit), 2 * r.W()));
    CHECK(r.port.sent.empty());
    CHECK(r.tmd(0, 3) == LCOL);
    CHECK(r.tmd(0, 1) == (DERR | STP | ENP));
  }
  SECTION("loss of carrier: sent in full, reported") {
    Rig r;
    r.bring_up();
    Am7990::TxFaults f;
    f.lost_carrier = true;
    r.lance->inject_tx_faults(f);
    r.send(payload(kPeer, 60));
    r.run_until([&] { return (r.csr0() & TINT) != 0; });
    CHECK(r.port.sent.size() == 1);
    CHECK(r.tmd(0, 3) == LCAR);
    CHECK(r.tmd(0, 1) == (DERR | STP | ENP));
    CHECK((r.csr0() & CERR) == 0);
  }
  SECTION("SQE test failure: CERR in CSR0 only") {
    Rig r;
    r.bring_up();
    Am7990::TxFaults f;
    f.sqe_error = true;
    r.lance->inject_tx_faults(f);
    r.send(payload(kPeer, 60));
    r.run_until([&] { return (r.csr0() & TINT) != 0; });
    CHECK(r.port.sent.size() == 1);
    CHECK(r.tmd(0, 1) == (STP | ENP));
    CHECK((r.csr0() & (CERR | ERR)) == (CERR | ERR));
  }
}

TEST_CASE("am7990 merr: main-memory DMA to nothing stops the chip", "[lance]") {
  SECTION("receive ring behind an unmapped address") {
    Rig r(Board::kMainMemory);
    r.build(Config());
    r.w16(kInitAddr + 18, static_cast<u16>((3u << 13) | 0x20));  // RX ring at LANCE 0x200100
    r.init();
    r.run_until([&] { return (r.rd(RDP) & IDON) != 0; });
    r.wr(RDP, IDON);
    r.wr(RDP, STRT | INEA);
    const Cycles t = 10'000;
    r.deliver_at(t, wire_frame(kStation, 64));
    const Cycles merr = after(t, r.W() + kMerrPs);  // the RMD1 read times out
    r.run_to(merr - 1);
    CHECK((r.csr0() & MERR) == 0);
    r.run_to(merr);
    CHECK(r.csr0() == (ERR | MERR | INTR | INEA | STRT | INIT));  // RXON, TXON off
    CHECK(r.irq.level());
    // Transmit requests are refused until the driver re-initializes.
    r.queue_tx(0, payload(kPeer, 60));
    r.wr(RDP, INEA | TDMD);
    r.run_for(100'000);
    CHECK(r.port.sent.empty());
  }
  SECTION("transmit buffer behind an unmapped address") {
    Rig r(Board::kMainMemory);
    r.bring_up();
    r.w16(Rig::tx_desc(0) + 0, 0x0000);
    r.w16(Rig::tx_desc(0) + 4, static_cast<u16>(0xf000 | ((0u - 60u) & 0xfff)));
    r.w16(Rig::tx_desc(0) + 2, static_cast<u16>(OWN | STP | ENP | 0x30));  // LANCE 0x300000
    const Cycles t = r.sched.now();
    r.wr(RDP, INEA | TDMD);
    r.run_until([&] { return (r.csr0() & MERR) != 0; });
    CHECK(r.sched.now() == after(t, (3 + 1) * r.W() + kMerrPs));
    CHECK((r.csr0() & (RXON | TXON | TINT)) == 0);
    CHECK(r.port.sent.empty());
  }
  SECTION("init block behind an unmapped address: MERR, no IDON") {
    Rig r(Board::kMainMemory);
    r.wcsr(0, STOP);
    r.wcsr(1, 0);
    r.wcsr(2, 0x0040);  // LANCE 0x400000
    r.wr(RAP, 0);
    const Cycles t = r.sched.now();
    r.wr(RDP, INIT);
    r.run_until([&] { return (r.rd(RDP) & MERR) != 0; });
    CHECK(r.sched.now() == after(t, r.W() + kMerrPs));
    CHECK((r.rd(RDP) & IDON) == 0);
  }
}

TEST_CASE("am7990: BSWP swaps packet bytes, not descriptors", "[lance]") {
  Rig r;
  r.bring_up();
  r.wcsr(3, 0x0004);  // BSWP
  r.wr(RAP, 0);
  const std::vector<u8> data = payload(kPeer, 60);
  r.send(data);  // copied little-endian: each word reaches the wire byte-swapped
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  REQUIRE(r.port.sent.size() == 1);
  std::vector<u8> swapped(data);
  for (std::size_t i = 0; i + 1 < swapped.size(); i += 2) std::swap(swapped[i], swapped[i + 1]);
  append_fcs(swapped);
  CHECK(r.port.sent[0].frame.bytes == swapped);
  CHECK(r.tmd(0, 1) == (STP | ENP));  // descriptor words are not swapped
  // Receive: the bytes land swapped within each word.
  const net::Frame f = wire_frame(kStation, 64);
  r.deliver_at(r.sched.now() + 1000, f);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  const std::vector<u8> got = r.copy_from(Rig::rx_buf(0), 64);
  for (std::size_t i = 0; i < 64; i += 2) {
    CHECK(got[i] == f.bytes[i + 1]);
    CHECK(got[i + 1] == f.bytes[i]);
  }
  CHECK(r.rmd(0, 3) == 64);
}
