// Am7990 LANCE receiver: single and chained buffers, MCNT, RINT timing, ring wrap, MISS,
// BUFF mid-chain, the address filter (physical, broadcast, multicast hash, promiscuous),
// CRC errors, runts, DRX. Expected cycles restate the model's documented rule: after the
// last bit the chip writes the last 16-byte burst (up to 8 words) and RMD3 + RMD1
// (2 words), at the adapter's word time; MISS costs the one RMD1 read.
#include "lance_rig.h"

using namespace lance_test;

namespace {

// Words written after the last bit for a frame of `bytes` bytes.
unsigned tail_words(std::size_t bytes) {
  const std::size_t last_burst = (bytes - 1) % 16 + 1;
  return static_cast<unsigned>((last_burst + 1) / 2) + 2;
}

}  // namespace

TEST_CASE("am7990 rx: a frame into one buffer; MCNT includes the FCS; RINT cycle", "[lance]") {
  Rig r;
  r.bring_up();
  const net::Frame f = wire_frame(kStation, 100);  // 100 = 6 full bursts + 4 bytes
  const Cycles t = 20'000;
  r.deliver_at(t, f);
  const Cycles done = after(t, tail_words(100) * r.W());
  REQUIRE(done == t + (2 + 2) * 15);
  // The data are in memory already; the descriptor is released with RINT.
  CHECK(r.copy_from(Rig::rx_buf(0), 100) == f.bytes);
  r.run_to(done - 1);
  CHECK((r.rmd(0, 1) & OWN) != 0);
  CHECK((r.csr0() & RINT) == 0);
  r.run_to(done);
  CHECK(r.rmd(0, 1) == (STP | ENP));
  CHECK(r.rmd(0, 3) == 100);
  CHECK((r.csr0() & (RINT | INTR)) == (RINT | INTR));
  CHECK(r.irq.level());
  CHECK(r.lance->rx_index() == 1);
  // A 64-byte frame: the last burst is a full 16 bytes.
  r.deliver_at(30'000, wire_frame(kStation, 64));
  r.run_until([&] { return (r.rmd(1, 1) & OWN) == 0; });
  CHECK(r.sched.now() == after(30'000, (8 + 2) * r.W()));
  CHECK(r.rmd(1, 3) == 64);
}

TEST_CASE("am7990 rx: a long frame chains through buffers", "[lance]") {
  Rig r;
  Config c;
  c.rx_buf = 256;
  r.bring_up(c);
  const net::Frame f = wire_frame(kStation, 700);  // 256 + 256 + 188
  r.deliver_at(10'000, f);
  // Buffers before the last are handed back at once, without ENP.
  CHECK(r.rmd(0, 1) == STP);
  CHECK(r.rmd(1, 1) == 0);
  CHECK((r.rmd(2, 1) & OWN) != 0);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.sched.now() == after(10'000, tail_words(700) * r.W()));
  CHECK(r.rmd(2, 1) == ENP);
  CHECK(r.rmd(2, 3) == 700);
  std::vector<u8> got = r.copy_from(Rig::rx_buf(0), 256);
  const std::vector<u8> b1 = r.copy_from(Rig::rx_buf(1), 256), b2 = r.copy_from(Rig::rx_buf(2), 188);
  got.insert(got.end(), b1.begin(), b1.end());
  got.insert(got.end(), b2.begin(), b2.end());
  CHECK(got == f.bytes);
  CHECK(r.lance->rx_index() == 3);
}

TEST_CASE("am7990 rx: ring wrap-around with the driver recycling buffers", "[lance]") {
  Rig r;
  Config c;
  c.rx_log2 = 2;  // four descriptors
  r.bring_up(c);
  for (unsigned n = 0; n < 10; ++n) {
    const net::Frame f = wire_frame(kStation, 64 + n, static_cast<u8>(n));
    r.deliver_at(r.sched.now() + 5000, f);
    r.run_until([&] { return (r.csr0() & RINT) != 0; });
    const unsigned i = n & 3;
    CHECK(r.rmd(i, 1) == (STP | ENP));
    CHECK(r.rmd(i, 3) == 64 + n);
    CHECK(r.copy_from(Rig::rx_buf(i), f.bytes.size()) == f.bytes);
    r.wr(RDP, INEA | RINT);
    r.give_rx(i);  // what the interrupt handler does
    CHECK(r.lance->rx_index() == ((n + 1) & 3));
  }
}

TEST_CASE("am7990 rx: MISS when the receiver owns no buffer; the index stays", "[lance]") {
  Rig r;
  Config c;
  c.give_rx = false;
  r.bring_up(c);
  const Cycles t = 8000;
  r.deliver_at(t, wire_frame(kStation, 64));
  r.run_to(after(t, r.W()) - 1);
  CHECK((r.csr0() & MISS) == 0);
  r.run_to(after(t, r.W()));
  CHECK((r.csr0() & (MISS | ERR | INTR | RINT)) == (MISS | ERR | INTR));
  CHECK(r.irq.level());
  CHECK(r.lance->rx_index() == 0);
  CHECK(r.rmd(0, 1) == 0);
  // Once the driver gives descriptor 0 back, the next frame lands there.
  r.wr(RDP, INEA | MISS);
  r.give_rx(0);
  r.deliver_at(20'000, wire_frame(kStation, 64, 7));
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.rmd(0, 1) == (STP | ENP));
}

TEST_CASE("am7990 rx: BUFF when the next buffer of a chain is not owned", "[lance]") {
  Rig r;
  Config c;
  c.rx_buf = 256;
  r.bring_up(c);
  r.take_rx(2);  // descriptors 0 and 1 owned, 2 not
  const net::Frame f = wire_frame(kStation, 700);
  r.deliver_at(10'000, f);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.rmd(0, 1) == STP);
  CHECK(r.rmd(1, 1) == (DERR | RBUFF));  // no ENP, no OFLO reported
  CHECK((r.csr0() & ERR) == 0);          // BUFF is a descriptor error, not a CSR0 one
  CHECK(r.copy_from(Rig::rx_buf(1), 256) == std::vector<u8>(f.bytes.begin() + 256, f.bytes.begin() + 512));
  CHECK(r.lance->rx_index() == 2);
}

TEST_CASE("am7990 rx: address filter", "[lance]") {
  auto accepted = [](const Config& c, const std::vector<u8>& da) {
    Rig r;
    r.bring_up(c);
    r.deliver_at(10'000, wire_frame(da, 64));
    r.run_for(1000);
    return (r.csr0() & RINT) != 0;
  };
  Config c;
  SECTION("physical address and broadcast") {
    CHECK(accepted(c, kStation));
    CHECK_FALSE(accepted(c, kPeer));
    std::vector<u8> near = kStation;
    near[5] ^= 1;
    CHECK_FALSE(accepted(c, near));
    CHECK(accepted(c, kBroadcast));
  }
  SECTION("multicast through the LADRF hash (zlib-derived bits)") {
    const std::vector<u8> all_hosts = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};  // hash 54
    const std::vector<u8> bridges = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00};    // hash 58
    CHECK_FALSE(accepted(c, all_hosts));  // LADRF = 0
    c.ladrf = u64(1) << 54;               // word 3, bit 6 (Linux lance_load_multicast)
    CHECK(accepted(c, all_hosts));
    CHECK_FALSE(accepted(c, bridges));
    c.ladrf = ~(u64(1) << 54);
    CHECK_FALSE(accepted(c, all_hosts));
    CHECK(accepted(c, bridges));
    // A unicast address never goes through the hash.
    c.ladrf = ~u64(0);
    CHECK_FALSE(accepted(c, kPeer));
  }
  SECTION("promiscuous accepts everything") {
    c.mode = PROM;
    CHECK(accepted(c, kPeer));
    CHECK(accepted(c, {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}));
  }
}

TEST_CASE("am7990 rx: a corrupted frame is stored with CRC and ERR", "[lance]") {
  Rig r;
  r.bring_up();
  net::Frame f = wire_frame(kStation, 128);
  f.bytes[40] ^= 0x10;  // damaged on the wire
  r.deliver_at(10'000, f);
  r.run_until([&] { return (r.csr0() & RINT) != 0; });
  CHECK(r.rmd(0, 1) == (DERR | CRC | STP | ENP));
  CHECK(r.rmd(0, 3) == 128);
  CHECK((r.csr0() & ERR) == 0);
  CHECK(r.copy_from(Rig::rx_buf(0), 128) == f.bytes);
}

TEST_CASE("am7990 rx: runts are dropped silently; DRX and STOP receive nothing", "[lance]") {
  Rig r;
  r.bring_up();
  r.deliver_at(10'000, wire_frame(kStation, 63));
  r.run_for(10'000);
  CHECK(r.csr0() == (INEA | RXON | TXON | STRT | INIT));
  CHECK((r.rmd(0, 1) & OWN) != 0);
  Rig q;
  Config c;
  c.mode = DRX;
  q.bring_up(c);
  q.deliver_at(10'000, wire_frame(kStation, 64));
  q.run_for(10'000);
  CHECK((q.csr0() & (RINT | MISS)) == 0);
  CHECK((q.rmd(0, 1) & OWN) != 0);
  r.wr(RDP, STOP);
  r.deliver_at(30'000, wire_frame(kStation, 64));
  r.run_for(10'000);
  CHECK(r.rd(RDP) == STOP);
}

TEST_CASE("am7990 rx: completions of frames close together come in order", "[lance]") {
  // A slow adapter (2 us per word) makes the second frame's write-back queue behind the
  // first one: done2 = after(done1, tail2 * W).
  Rig r(Board::kPmad, kHz, 1, 2000);
  r.bring_up();
  const Cycles t1 = 10'000, t2 = t1 + 5;  // unrealistically close, to exercise the queue
  r.deliver_at(t1, wire_frame(kStation, 64, 1));
  r.deliver_at(t2, wire_frame(kStation, 64, 2));
  const Cycles done1 = after(t1, tail_words(64) * r.W());
  const Cycles done2 = after(done1, tail_words(64) * r.W());
  r.run_until([&] { return (r.rmd(0, 1) & OWN) == 0; });
  CHECK(r.sched.now() == done1);
  CHECK((r.rmd(1, 1) & OWN) != 0);
  r.run_until([&] { return (r.rmd(1, 1) & OWN) == 0; });
  CHECK(r.sched.now() == done2);
}
