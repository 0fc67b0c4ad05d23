// Am7990 LANCE register interface: reset values, RAP/RDP ports, CSR0 write rules (W1C,
// STOP precedence, INIT only while stopped, INEA only while running), CSR1-3, IDON
// timing, init-block parsing and the interrupt line. Expected cycles are derived from the
// reference's rules restated in the test (12-word init block at the adapter's word time).
#include "lance_rig.h"

using namespace lance_test;

TEST_CASE("am7990: reset values", "[lance]") {
  Rig r;
  CHECK(r.rd(RDP) == STOP);  // RAP = 0 selects CSR0
  CHECK(r.rd(RAP) == 0);
  CHECK(r.rcsr(1) == 0);
  CHECK(r.rcsr(2) == 0);
  CHECK(r.rcsr(3) == 0);
  CHECK_FALSE(r.irq.level());
  CHECK(r.sched.next_event() == Scheduler::kNever);  // nothing runs while stopped
  // A hardware reset after use returns to the same state.
  r.wcsr(1, 0x1234);
  r.wcsr(3, 0x0007);
  r.lance->reset();
  CHECK(r.rd(RAP) == 0);
  CHECK(r.rd(RDP) == STOP);
  CHECK(r.rcsr(1) == 0);
  CHECK(r.rcsr(3) == 0);
}

TEST_CASE("am7990: RAP reads back, port widths and the upper halfword", "[lance]") {
  Rig r;
  for (u16 n = 0; n < 4; ++n) {
    r.wr(RAP, n);
    CHECK(r.rd(RAP) == n);  // NetBSD le_dec_writereg loops until this holds
  }
  r.wr(RAP, 0xfffd);  // only bits 1:0 exist
  CHECK(r.rd(RAP) == 1);
  // 32-bit accesses: the register in bits 15:0, bits 31:16 ignored and read as 0.
  REQUIRE(r.lance->write(RAP, 4, 0xabcd0002));
  u32 v = 0xffffffff;
  REQUIRE(r.lance->read(RAP, 4, v));
  CHECK(v == 2);
  REQUIRE(r.lance->write(RDP, 4, 0x5555beef));  // CSR2
  REQUIRE(r.lance->read(RDP, 4, v));
  CHECK(v == 0xbeef);
  // The upper halfword of each port reads 0 and ignores writes.
  REQUIRE(r.lance->write(RDP + 2, 2, 0x1111));
  REQUIRE(r.lance->read(RDP + 2, 2, v));
  CHECK(v == 0);
  CHECK(r.rcsr(2) == 0xbeef);
  // Byte accesses are not answered.
  CHECK_FALSE(r.lance->read(RDP, 1, v));
  CHECK_FALSE(r.lance->write(RAP, 1, 0));
  // One address line: the pair repeats every 8 bytes.
  r.wr(RAP + 8, 3);
  CHECK(r.rd(RAP) == 3);
}

TEST_CASE("am7990: CSR1-3 storage; STOP clears CSR3 only", "[lance]") {
  Rig r;
  r.wcsr(1, 0xfffe);
  r.wcsr(2, 0x00ab);
  r.wcsr(3, 0xffff);
  CHECK(r.rcsr(1) == 0xfffe);
  CHECK(r.rcsr(2) == 0x00ab);
  CHECK(r.rcsr(3) == 0x0007);  // BSWP, ACON, BCON
  r.wcsr(0, STOP);
  CHECK(r.rcsr(1) == 0xfffe);
  CHECK(r.rcsr(2) == 0x00ab);
  CHECK(r.rcsr(3) == 0);
}

TEST_CASE("am7990: IDON a 12-word init block after INIT; INIT reads 1, STOP 0", "[lance]") {
  Rig r;
  r.build(Config());
  r.run_to(1000);
  const Cycles t0 = r.init();
  CHECK(r.rd(RDP) == INIT);  // STOP cleared at once, INIT set, nothing else yet
  const Cycles idon = after(t0, 12 * r.W());
  REQUIRE(idon == t0 + 12 * 15);  // 600 ns words at 25 MHz: 15 cycles each
  r.run_to(idon - 1);
  CHECK((r.rd(RDP) & IDON) == 0);
  r.run_to(idon);
  CHECK(r.rd(RDP) == (IDON | INTR | INIT));
  CHECK_FALSE(r.irq.level());  // INEA is 0
  // Ack IDON (W1C) and start.
  r.wr(RDP, IDON);
  CHECK(r.rd(RDP) == INIT);
  r.wr(RDP, STRT | INEA);
  CHECK(r.rd(RDP) == (INIT | STRT | INEA | RXON | TXON));
}

TEST_CASE("am7990: init block fields, including 24-bit ring addresses", "[lance]") {
  Rig r(Board::kMainMemory);
  const u32 iadr = 0x012344;  // 24-bit, word aligned
  const u16 words[12] = {0x8000 | 0x0040 | 0x0004,  // PROM | INTL | LOOP
                         0x0008, 0x112b, 0x3322,     // 08:00:2b:11:22:33
                         0x0001, 0x0000, 0x8000, 0x0040,
                         0x5678, static_cast<u16>((4u << 13) | 0x12),  // 16 RX at 0x125678
                         0x9aaf, static_cast<u16>((0u << 13) | 0x34)}; // 1 TX at 0x349aa8
  for (unsigned i = 0; i < 12; ++i) r.w16(iadr + 2 * i, words[i]);
  r.wcsr(0, STOP);
  r.wcsr(1, iadr & 0xffff);
  r.wcsr(2, iadr >> 16);
  r.wr(RAP, 0);
  r.wr(RDP, INIT);
  r.run_for(after(0, 12 * r.W()));
  REQUIRE((r.csr0() & IDON) != 0);
  CHECK(r.lance->mode() == (PROM | INTL | LOOP));
  CHECK(r.lance->padr() == std::array<u8, 6>{0x08, 0x00, 0x2b, 0x11, 0x22, 0x33});
  CHECK(r.lance->ladrf() == 0x0040'8000'0000'0001ull);
  CHECK(r.lance->rx_ring_base() == 0x125678);  // bits 2:0 are 0 already
  CHECK(r.lance->rx_ring_size() == 16);
  CHECK(r.lance->tx_ring_base() == 0x349aa8);  // 0x349aaf: bits 2:0 dropped
  CHECK(r.lance->tx_ring_size() == 1);
  CHECK(r.lance->rx_index() == 0);
  CHECK(r.lance->tx_index() == 0);
}

TEST_CASE("am7990: CSR0 write-1-to-clear, ERR and INTR summaries", "[lance]") {
  Rig r;
  Config c;
  c.give_rx = false;
  r.bring_up(c);
  // MISS (no RX buffer owned) sets ERR and INTR.
  r.lance->receive(wire_frame(kStation, 64));
  r.run_for(after(0, r.W()));
  CHECK(r.csr0() == (ERR | MISS | INTR | INEA | RXON | TXON | STRT | INIT));
  // Writing 0s changes nothing; writing the read-only/summary bits changes nothing.
  r.wr(RDP, INEA);
  CHECK((r.csr0() & MISS) != 0);
  r.wr(RDP, INEA | ERR | INTR | RXON | TXON);
  CHECK((r.csr0() & (MISS | RXON | TXON)) == (MISS | RXON | TXON));
  // W1C clears exactly the bit written.
  r.wr(RDP, INEA | MISS);
  CHECK(r.csr0() == (INEA | RXON | TXON | STRT | INIT));
  // CERR is an error but not an interrupt source.
  Am7990::TxFaults f;
  f.sqe_error = true;
  r.lance->inject_tx_faults(f);
  r.send(payload(kPeer, 60));
  r.run_until([&] { return (r.csr0() & TINT) != 0; });
  CHECK((r.csr0() & (CERR | ERR)) == (CERR | ERR));
  r.wr(RDP, INEA | TINT);
  CHECK((r.csr0() & (CERR | ERR | INTR)) == (CERR | ERR));
  CHECK_FALSE(r.irq.level());
  r.wr(RDP, INEA | CERR);
  CHECK((r.csr0() & (CERR | ERR)) == 0);
}

TEST_CASE("am7990: STOP takes precedence and stops everything", "[lance]") {
  Rig r;
  r.build(Config());
  r.wcsr(1, 0);
  r.wcsr(2, 0);
  r.wr(RAP, 0);
  r.wr(RDP, STOP | INIT | STRT | INEA);
  CHECK(r.rd(RDP) == STOP);
  CHECK(r.sched.next_event() == Scheduler::kNever);  // no init was started
  // STOP while initializing abandons the init.
  r.wr(RDP, INIT);
  r.run_for(1);
  r.wr(RDP, STOP);
  r.run_for(1000);
  CHECK(r.rd(RDP) == STOP);
  // STOP while running: everything off, flags and INEA cleared, IRQ dropped.
  r.bring_up();
  r.lance->receive(wire_frame(kStation, 64));
  r.run_for(1000);
  REQUIRE((r.csr0() & RINT) != 0);
  REQUIRE(r.irq.level());
  r.wr(RDP, STOP);
  CHECK(r.rd(RDP) == STOP);
  CHECK_FALSE(r.irq.level());
  CHECK(r.sched.next_event() == Scheduler::kNever);  // the TX poll timer is gone too
}

TEST_CASE("am7990: INIT only while stopped; INEA only while running", "[lance]") {
  Rig r;
  r.build(Config());
  // Stopped: INEA alone is ignored on the Am7990.
  r.wr(RAP, 0);
  r.wr(RDP, INEA);
  CHECK(r.rd(RDP) == STOP);
  // INIT|INEA (NetBSD): INIT clears STOP first, so INEA sticks.
  r.wr(RDP, INIT | INEA);
  CHECK(r.rd(RDP) == (INIT | INEA));
  r.run_for(after(0, 12 * r.W()));
  CHECK(r.irq.level());  // IDON with INEA
  r.wr(RDP, IDON | INEA | STRT);
  const unsigned rx_before = r.lance->rx_index();
  // INIT while running is ignored: no second IDON, indices untouched.
  r.wr(RDP, INEA | INIT);
  r.run_for(after(0, 12 * r.W()) + 10);
  CHECK((r.csr0() & IDON) == 0);
  CHECK(r.lance->rx_index() == rx_before);
}

TEST_CASE("am7990: STRT written with INIT starts when the init completes", "[lance]") {
  Rig r;
  r.build(Config());
  const Cycles t0 = r.init();
  r.wr(RDP, STRT);  // before IDON (the HP diagnostic even writes INIT|STRT at once)
  CHECK((r.csr0() & (RXON | TXON | STRT)) == 0);
  r.run_to(after(t0, 12 * r.W()));
  CHECK((r.csr0() & (IDON | STRT | RXON | TXON)) == (IDON | STRT | RXON | TXON));
  // MODE.DRX / DTX keep the receiver / transmitter off.
  Rig q;
  Config c;
  c.mode = DRX | DTX;
  q.bring_up(c);
  CHECK((q.csr0() & (RXON | TXON)) == 0);
  CHECK((q.csr0() & STRT) != 0);
}

TEST_CASE("am7990: interrupt line follows INTR && INEA", "[lance]") {
  Rig r;
  r.build(Config());
  const Cycles t0 = r.init();
  const Cycles idon = after(t0, 12 * r.W());
  r.run_to(idon);
  CHECK_FALSE(r.irq.level());  // IDON set, INEA clear
  r.wr(RDP, STRT);             // running, still INEA = 0
  CHECK_FALSE(r.irq.level());
  r.run_to(idon + 7);
  r.wr(RDP, INEA);  // enabling interrupts with IDON pending raises the line now
  CHECK(r.irq.level());
  CHECK(r.irq_edges.back() == idon + 7);
  r.wr(RDP, 0);  // INEA off: line drops, IDON still pending
  CHECK_FALSE(r.irq.level());
  CHECK((r.csr0() & (IDON | INTR)) == (IDON | INTR));
  r.wr(RDP, INEA);
  CHECK(r.irq.level());
  r.wr(RDP, INEA | IDON);  // acknowledging the cause drops it
  CHECK_FALSE(r.irq.level());
  CHECK(r.irq_edges.size() == 4);
}
