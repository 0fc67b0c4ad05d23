// Tests for the DC7085 "DZ" serial line controller (devices/dc7085). Register values and
// bit positions are written out from shared/reference/dz-rtc-prom.md §1 (not taken
// from the model's constants); character times are derived from the frame length:
// (1 start + data + parity + stop) bits / baud * cpu_hz cycles, rounded up.
#include "devices/dc7085/dc7085.h"

#include <catch2/catch.hpp>

#include <deque>
#include <vector>

#include "emu/common/error.h"

using namespace emu;

namespace {

// Register offsets and bits from the reference.
constexpr u32 CSR = 0x00, RBUF = 0x08, LPR = 0x08, TCR = 0x10, MSR = 0x18, TDR = 0x18;
constexpr u16 TRDY = 0x8000, TIE = 0x4000, RDONE = 0x0080, RIE = 0x0040, MSE = 0x0020,
              CLR = 0x0010, MAINT = 0x0008;
constexpr u16 DVAL = 0x8000, OERR = 0x4000;
constexpr u16 RXENAB = 0x1000, ODD = 0x0080, PARENB = 0x0040, STOP2 = 0x0020;
constexpr u16 BITS5 = 0x0000, BITS6 = 0x0008, BITS7 = 0x0010, BITS8 = 0x0018;
constexpr u16 speed(unsigned code) { return static_cast<u16>(code << 8); }
constexpr u16 B9600 = speed(14), B4800 = speed(12);

constexpr u64 kKn02Hz = 25'000'000;
constexpr u64 kRoundHz = 9'600'000;  // one bit at 9600 baud = exactly 1000 cycles

u64 ceil_div(u64 a, u64 b) { return (a + b - 1) / b; }
// Cycles for a 10-bit (8N1) frame at `baud`.
u64 frame_8n1(u64 hz, u64 baud) { return ceil_div(10 * hz, baud); }

struct FakeBackend : SerialBackend {
  std::vector<u8> out;
  std::deque<u8> in;
  unsigned polls = 0;
  void transmit(u8 c) override { out.push_back(c); }
  bool receive(u8& c) override {
    ++polls;
    if (in.empty()) return false;
    c = in.front();
    in.pop_front();
    return true;
  }
};

struct Rig {
  Scheduler sched;
  IrqLine irq;
  Dc7085 dz;
  FakeBackend be[4];
  explicit Rig(u64 hz = kKn02Hz, bool attach_all = true) : dz(sched, irq, hz) {
    if (attach_all)
      for (unsigned i = 0; i < 4; ++i) dz.attach(i, &be[i]);
  }
  u16 rd(u32 off) {
    u32 v = 0xdeadbeef;
    REQUIRE(dz.read(off, 2, v));
    REQUIRE(v <= 0xffff);
    return static_cast<u16>(v);
  }
  u8 rd8(u32 off) {
    u32 v = 0xdeadbeef;
    REQUIRE(dz.read(off, 1, v));
    REQUIRE(v <= 0xff);
    return static_cast<u8>(v);
  }
  void wr(u32 off, u16 v) { REQUIRE(dz.write(off, 2, v)); }
  void wr8(u32 off, u8 v) { REQUIRE(dz.write(off, 1, v)); }
  // Move time to t, running every event on the way at its own cycle.
  void run_to(Cycles t) {
    while (sched.next_event() <= t) {
      sched.advance_to(sched.next_event());
      sched.run_due();
    }
    sched.advance_to(t);
    sched.run_due();
  }
  void run_for(Cycles d) { run_to(sched.now() + d); }
  // Scanner on, one line enabled for transmit with the given parameters.
  void setup_tx(unsigned line, u16 lpr_bits, u16 csr_extra = 0) {
    wr(LPR, static_cast<u16>(lpr_bits | line));
    wr(TCR, static_cast<u16>(1u << line));
    wr(CSR, static_cast<u16>(MSE | csr_extra));
  }
};

}  // namespace

TEST_CASE("dc7085: power-on register values", "[dc7085]") {
  Rig r;
  CHECK(r.rd(CSR) == 0);
  CHECK(r.rd(TCR) == 0);
  CHECK(r.rd(RBUF) == 0);  // DVAL clear: empty silo
  CHECK_FALSE(r.irq.level());
  // Lines 2 and 3 have something attached: CTS/DSR/CD (NetBSD dc7085cons.h positions).
  CHECK(r.rd(MSR) == (0x0100 | 0x0200 | 0x0400 | 0x0001 | 0x0002 | 0x0004));
  Rig bare(kKn02Hz, false);
  CHECK(bare.rd(MSR) == 0);
  bare.dz.attach(2, &bare.be[2]);
  CHECK(bare.rd(MSR) == 0x0700);
}

TEST_CASE("dc7085: CSR read/write mask", "[dc7085]") {
  Rig r;
  r.wr(CSR, 0xffef);  // everything except CLR
  // Writable: TIE, SAE, RIE, MSE, MAINT. TRDY/TLINE/RDONE/SA are status (no line enabled).
  CHECK(r.rd(CSR) == (TIE | 0x1000 | RIE | MSE | MAINT));
  r.wr(CSR, 0);
  CHECK(r.rd(CSR) == 0);
}

TEST_CASE("dc7085: TCR keeps 4 line enables and 4 modem outputs; byte lanes", "[dc7085]") {
  Rig r;
  r.wr(TCR, 0xffff);
  CHECK(r.rd(TCR) == 0x0f0f);
  r.wr8(TCR, 0x02);  // +0x10: line enables only
  CHECK(r.rd(TCR) == 0x0f02);
  r.wr8(TCR + 1, 0x05);  // +0x11: modem outputs only
  CHECK(r.rd(TCR) == 0x0502);
  CHECK(r.rd8(TCR) == 0x02);
  CHECK(r.rd8(TCR + 1) == 0x05);
}

TEST_CASE("dc7085: a TDR character reaches the backend after one character time", "[dc7085]") {
  Rig r;
  r.setup_tx(3, RXENAB | B9600 | BITS8);  // console: 9600 8N1 = 0x1E1B
  CHECK(r.dz.lpr(3) == 0x1E1B);
  CHECK(r.rd(CSR) == (TRDY | 0x0300 | MSE));
  const Cycles t0 = r.sched.now();
  r.wr(TDR, 'A');
  CHECK((r.rd(CSR) & TRDY) == 0);  // the only enabled line is busy
  const u64 frame = frame_8n1(kKn02Hz, 9600);  // 10/9600 s = 26041.67 -> 26042 cycles
  REQUIRE(frame == 26042);
  r.run_to(t0 + frame - 1);
  CHECK(r.be[3].out.empty());
  CHECK((r.rd(CSR) & TRDY) == 0);
  r.run_to(t0 + frame);
  CHECK(r.be[3].out == std::vector<u8>{'A'});
  CHECK((r.rd(CSR) & (TRDY | 0x0300)) == (TRDY | 0x0300));
}

TEST_CASE("dc7085: LPR speed codes and frame formats set the character time", "[dc7085]") {
  // Speeds of codes 0..15 from the reference, in tenths of a baud.
  const u64 baud_x10[16] = {500,   750,   1100,  1345,  1500,  3000,  6000,  12000,
                            18000, 20000, 24000, 36000, 48000, 72000, 96000, 192000};
  for (unsigned code = 0; code < 16; ++code) {
    Rig r(kRoundHz);
    r.setup_tx(0, speed(code) | BITS8);
    const Cycles t0 = r.sched.now();
    r.wr(TDR, 'x');
    const u64 expect = ceil_div(10 * kRoundHz * 10, baud_x10[code]);
    r.run_to(t0 + expect - 1);
    INFO("speed code " << code);
    CHECK(r.be[0].out.empty());
    r.run_to(t0 + expect);
    CHECK(r.be[0].out.size() == 1);
  }
  // Formats at 9600 baud, 1000 cycles per bit: start + data + parity + stop.
  struct Fmt {
    u16 bits;
    u64 cycles;
  };
  const Fmt fmts[] = {
      {BITS5, 7000},                  // 1+5+1
      {BITS5 | STOP2, 7500},          // 1+5+1.5 (5-bit characters get 1.5 stop bits)
      {BITS6 | STOP2, 9000},          // 1+6+2
      {BITS7 | PARENB, 10000},        // 1+7+1+1
      {BITS8 | PARENB | ODD | STOP2, 12000},  // 1+8+1+2
  };
  for (const Fmt& f : fmts) {
    Rig r(kRoundHz);
    r.setup_tx(1, B9600 | f.bits);
    const Cycles t0 = r.sched.now();
    r.wr(TDR, 'x');
    INFO("format bits " << f.bits);
    r.run_to(t0 + f.cycles - 1);
    CHECK(r.be[1].out.empty());
    r.run_to(t0 + f.cycles);
    CHECK(r.be[1].out.size() == 1);
  }
}

TEST_CASE("dc7085: characters are cut to the programmed length", "[dc7085]") {
  Rig r(kRoundHz);
  r.setup_tx(2, B9600 | BITS7);
  r.wr(TDR, 0xff);
  r.run_for(9000);
  CHECK(r.be[2].out == std::vector<u8>{0x7f});
}

TEST_CASE("dc7085: back-to-back characters accumulate no rounding drift", "[dc7085]") {
  Rig r(kKn02Hz);
  r.setup_tx(3, B9600 | BITS8);
  const Cycles t0 = r.sched.now();
  // 96 characters of 10 bits at 9600 baud take exactly 0.1 s = 2,500,000 cycles, although
  // one character is 26041.67 cycles (per-character rounding would give 2,500,032).
  for (int i = 0; i < 96; ++i) {
    REQUIRE((r.rd(CSR) & TRDY) != 0);
    r.wr(TDR, static_cast<u16>('0' + i % 10));
    r.sched.advance_to(r.sched.next_event());  // exactly when this character ends
    r.sched.run_due();
  }
  CHECK(r.be[3].out.size() == 96);
  CHECK(r.sched.now() - t0 == 2'500'000);
}

TEST_CASE("dc7085: KN02 BAUD38 turns speed code 15 into 38400", "[dc7085]") {
  Rig r(kRoundHz);
  r.setup_tx(3, speed(15) | BITS8);
  Cycles t0 = r.sched.now();
  r.wr(TDR, 'a');
  r.run_to(t0 + 4999);
  CHECK(r.be[3].out.empty());  // 19200: 10 bits = 5000 cycles
  r.run_to(t0 + 5000);
  CHECK(r.be[3].out.size() == 1);
  r.dz.set_baud38(true);
  t0 = r.sched.now();
  r.wr(TDR, 'b');
  r.run_to(t0 + 2499);
  CHECK(r.be[3].out.size() == 1);  // 38400: 2500 cycles
  r.run_to(t0 + 2500);
  CHECK(r.be[3].out.size() == 2);
}

TEST_CASE("dc7085: TXDIS makes characters vanish but keeps the timing", "[dc7085]") {
  Rig r(kRoundHz);
  r.setup_tx(3, B9600 | BITS8);
  r.dz.set_tx_disabled(true);
  const Cycles t0 = r.sched.now();
  r.wr(TDR, 'q');
  r.run_to(t0 + 9999);
  CHECK((r.rd(CSR) & TRDY) == 0);
  r.run_to(t0 + 10000);
  CHECK((r.rd(CSR) & TRDY) != 0);
  CHECK(r.be[3].out.empty());
  r.dz.set_tx_disabled(false);
  r.wr(TDR, 'r');
  r.run_for(10000);
  CHECK(r.be[3].out == std::vector<u8>{'r'});
}

TEST_CASE("dc7085: scanner goes round-robin and holds TLINE until serviced", "[dc7085]") {
  Rig r(kRoundHz);
  for (unsigned l : {0u, 1u, 3u}) r.wr(LPR, static_cast<u16>(B9600 | BITS8 | l));
  r.wr(TCR, 0x000b);  // lines 0, 1, 3
  r.wr(CSR, MSE);
  auto tline = [&] { return (r.rd(CSR) >> 8) & 3; };
  REQUIRE((r.rd(CSR) & TRDY) != 0);
  CHECK(tline() == 0);
  r.wr(TDR, 'a');
  CHECK(tline() == 1);
  r.wr(TDR, 'b');
  CHECK(tline() == 3);
  r.wr(TDR, 'c');
  CHECK((r.rd(CSR) & TRDY) == 0);  // all three busy
  r.run_for(10000);
  // All free again: the scan continues after line 3, i.e. at line 0.
  CHECK(tline() == 0);
  CHECK(r.be[0].out == std::vector<u8>{'a'});
  CHECK(r.be[1].out == std::vector<u8>{'b'});
  CHECK(r.be[3].out == std::vector<u8>{'c'});
  r.wr(TDR, 'd');  // line 0 busy; next is 1
  CHECK(tline() == 1);
  // Held: enabling a lower line does not steal TRDY (MAME's lowest-first would).
  r.wr(TCR, 0x0000);
  r.wr(TCR, 0x0008);
  CHECK(tline() == 3);
  r.wr(TCR, 0x000a);
  CHECK(tline() == 3);
  // Disabling the held line releases it: the scan moves on to the next ready line.
  r.wr(TCR, 0x0002);
  CHECK((r.rd(CSR) & TRDY) != 0);
  CHECK(tline() == 1);
}

TEST_CASE("dc7085: after servicing line 1 the scan prefers line 2 over line 0", "[dc7085]") {
  Rig r(kRoundHz);
  r.wr(LPR, speed(15) | BITS8 | 0);  // 19200: 5000 cycles per character
  r.wr(LPR, B9600 | BITS8 | 1);
  r.wr(LPR, B9600 | BITS8 | 2);
  r.wr(TCR, 0x0007);
  r.wr(CSR, MSE);
  auto tline = [&] { return (r.rd(CSR) >> 8) & 3; };
  REQUIRE(tline() == 0);
  r.wr(TDR, 'a');
  CHECK(tline() == 1);
  r.run_for(5000);  // line 0 is ready again, line 1 still holds TRDY
  CHECK(tline() == 1);
  r.wr(TDR, 'b');
  // Lines 0 and 2 are both ready: round-robin continues after line 1.
  CHECK((r.rd(CSR) & TRDY) != 0);
  CHECK(tline() == 2);
  r.wr(TDR, 'c');
  CHECK(tline() == 0);
}

TEST_CASE("dc7085: transmit interrupt follows TIE and TRDY", "[dc7085]") {
  Rig r(kRoundHz);
  r.setup_tx(3, B9600 | BITS8);
  CHECK_FALSE(r.irq.level());  // TRDY without TIE
  r.wr(CSR, MSE | TIE);
  CHECK(r.irq.level());
  r.wr(TDR, 'x');
  CHECK_FALSE(r.irq.level());  // no ready line while the character is sent
  r.run_for(10000);
  CHECK(r.irq.level());
  r.wr(TCR, 0);  // nothing to scan
  CHECK_FALSE(r.irq.level());
  r.wr(TCR, 0x0008);
  CHECK(r.irq.level());
  r.wr(CSR, MSE);
  CHECK_FALSE(r.irq.level());
}

TEST_CASE("dc7085: receive at the line rate, RBUF pops with DVAL, RIE interrupts", "[dc7085]") {
  Rig r(kRoundHz);
  r.be[3].in = {'h', 'i'};
  r.wr(CSR, MSE | RIE);
  const Cycles t0 = r.sched.now();
  r.wr(LPR, RXENAB | B9600 | BITS8 | 3);
  r.run_to(t0 + 9999);  // a character takes 10000 cycles to arrive
  CHECK((r.rd(CSR) & RDONE) == 0);
  CHECK_FALSE(r.irq.level());
  r.run_to(t0 + 10000);
  CHECK((r.rd(CSR) & RDONE) != 0);
  CHECK(r.irq.level());
  CHECK(r.rd(RBUF) == (DVAL | 0x0300 | 'h'));
  CHECK((r.rd(CSR) & RDONE) == 0);
  CHECK_FALSE(r.irq.level());
  CHECK(r.rd(RBUF) == 0);  // empty: DVAL clear
  r.run_to(t0 + 20000);
  CHECK(r.rd(RBUF) == (DVAL | 0x0300 | 'i'));
  // Received characters are cut to the line's length too.
  r.be[3].in = {0xe1};
  r.wr(LPR, RXENAB | B9600 | BITS7 | 3);
  r.run_for(10000);
  CHECK(r.rd(RBUF) == (DVAL | 0x0300 | 0x61));
}

TEST_CASE("dc7085: receivers run only with RXENAB and MSE", "[dc7085]") {
  Rig r(kRoundHz);
  r.be[0].in = {'k'};
  r.wr(LPR, B4800 | BITS8 | 0);  // receiver disabled
  r.wr(CSR, MSE);
  r.run_for(1'000'000);
  CHECK(r.be[0].polls == 0);
  r.wr(CSR, 0);
  r.wr(LPR, RXENAB | B4800 | BITS8 | 0);
  r.run_for(1'000'000);
  CHECK(r.be[0].polls == 0);  // scanner off
  r.wr(CSR, MSE);
  r.run_for(20000);  // 4800 baud: 20000 cycles per character
  CHECK(r.be[0].polls == 1);
  CHECK(r.rd(RBUF) == (DVAL | 'k'));
  // Polled once per character time: 1,000,000 cycles = 50 characters.
  r.run_for(1'000'000);
  CHECK(r.be[0].polls == 51);
}

TEST_CASE("dc7085: a full silo overruns and flags OERR", "[dc7085]") {
  Rig r(kRoundHz);
  for (int i = 0; i < 66; ++i) r.be[2].in.push_back(static_cast<u8>(i));
  r.wr(CSR, MSE);
  r.wr(LPR, RXENAB | B9600 | BITS8 | 2);
  r.run_for(66 * 10000);
  CHECK(r.dz.silo_count() == 64);
  // 0..63 fill the silo; 64 waits in the UART; 65 overwrites it, so 64 is lost and 65
  // carries OERR.
  for (int i = 0; i < 64; ++i) REQUIRE(r.rd(RBUF) == (DVAL | 0x0200 | i));
  CHECK(r.rd(RBUF) == (DVAL | OERR | 0x0200 | 65));
  CHECK(r.rd(RBUF) == 0);
}

TEST_CASE("dc7085: receive pacing delays input instead of losing it", "[dc7085]") {
  Rig r(kRoundHz);
  r.dz.set_receive_pacing(true);
  for (int i = 0; i < 70; ++i) r.be[2].in.push_back(static_cast<u8>(i));
  r.wr(CSR, MSE);
  r.wr(LPR, RXENAB | B9600 | BITS8 | 2);
  r.run_for(70 * 10000);
  CHECK(r.be[2].in.size() == 5);  // 64 in the silo + 1 waiting; the rest not asked for
  std::vector<u16> got;
  for (int n = 0; n < 200 && got.size() < 70; ++n) {
    u16 w;
    while ((w = r.rd(RBUF)) & DVAL) got.push_back(w);
    r.run_for(10000);
  }
  REQUIRE(got.size() == 70);
  for (int i = 0; i < 70; ++i) CHECK(got[i] == (DVAL | 0x0200 | i));
}

TEST_CASE("dc7085: MAINT loops characters back to the line's receiver", "[dc7085]") {
  Rig r(kRoundHz);
  r.be[1].in = {'!'};
  r.setup_tx(1, RXENAB | B9600 | BITS8, MAINT);
  const Cycles t0 = r.sched.now();
  r.wr(TDR, 'Z');
  r.run_to(t0 + 9999);
  CHECK((r.rd(CSR) & RDONE) == 0);
  r.run_to(t0 + 10000);
  CHECK(r.rd(RBUF) == (DVAL | 0x0100 | 'Z'));
  CHECK(r.be[1].out.empty());  // not sent out
  r.run_for(100000);
  CHECK(r.be[1].polls == 0);   // external input disconnected
  CHECK(r.rd(RBUF) == 0);
}

TEST_CASE("dc7085: MSE = 0 stops the scanner", "[dc7085]") {
  Rig r(kRoundHz);
  r.be[3].in = {'x'};
  r.wr(LPR, RXENAB | B9600 | BITS8 | 3);
  r.wr(TCR, 0x0008);
  r.wr(CSR, TIE | RIE);  // enables without MSE
  CHECK((r.rd(CSR) & TRDY) == 0);
  CHECK_FALSE(r.irq.level());
  r.wr(TDR, 'y');  // no ready transmitter: dropped
  r.run_for(100000);
  CHECK(r.be[3].out.empty());
  CHECK(r.be[3].polls == 0);
  CHECK(r.rd(RBUF) == 0);
  // A character already in the UART when MSE drops is still sent.
  r.wr(CSR, MSE);
  r.wr(TDR, 'z');
  r.wr(CSR, 0);
  r.run_for(10000);
  CHECK(r.be[3].out == std::vector<u8>{'z'});
  CHECK((r.rd(CSR) & TRDY) == 0);
  // Decision: the silo's read side does not depend on MSE; what arrived stays readable.
  r.wr(CSR, MSE);
  r.run_for(10000);
  r.wr(CSR, 0);
  CHECK((r.rd(CSR) & RDONE) != 0);
  CHECK(r.rd(RBUF) == (DVAL | 0x0300 | 'x'));
}

TEST_CASE("dc7085: master clear", "[dc7085]") {
  Rig r(kKn02Hz);
  r.be[3].in = {'a', 'b'};
  r.wr(LPR, RXENAB | B9600 | BITS8 | 3);
  r.wr(TCR, 0x0f0f);
  r.wr(CSR, MSE | TIE | RIE | MAINT);
  r.wr(CSR, MSE | TIE | RIE);
  r.run_for(2 * frame_8n1(kKn02Hz, 9600));
  REQUIRE(r.dz.silo_count() == 2);
  r.wr(TDR, 'q');  // in flight, lost by the clear
  const Cycles t0 = r.sched.now();
  r.wr(CSR, CLR | MSE);
  // Everything cleared at once; CLR reads 1 for 15 µs = 375 cycles at 25 MHz.
  CHECK(r.rd(CSR) == CLR);
  CHECK(r.rd(TCR) == 0x0f00);  // modem outputs survive
  CHECK(r.rd(RBUF) == 0);
  CHECK_FALSE(r.irq.level());
  r.run_to(t0 + 374);
  CHECK(r.rd(CSR) == CLR);
  r.run_to(t0 + 375);
  CHECK(r.rd(CSR) == 0);
  // Receivers are off (LPR cleared) and the aborted character never appears.
  const unsigned polls = r.be[3].polls;
  r.wr(CSR, MSE);
  r.run_for(1'000'000);
  CHECK(r.be[3].polls == polls);
  CHECK(r.be[3].out.empty());
  CHECK(r.dz.lpr(3) == 3);
}

TEST_CASE("dc7085: byte access to TDR low/high, CSR high byte, mirrors", "[dc7085]") {
  Rig r(kRoundHz);
  r.setup_tx(3, B9600 | BITS8);
  r.wr8(TDR + 1, 0x08);  // +0x19: break bits only, no character
  CHECK((r.rd(CSR) & TRDY) != 0);
  r.run_for(20000);
  CHECK(r.be[3].out.empty());
  r.wr8(TDR, 'B');  // +0x18: the character
  CHECK((r.rd(CSR) & TRDY) == 0);
  r.run_for(10000);
  CHECK(r.be[3].out == std::vector<u8>{'B'});
  CHECK(r.rd8(CSR + 1) == ((TRDY | 0x0300) >> 8));
  CHECK(r.rd8(CSR) == MSE);
  // Byte write to the CSR high byte sets TIE without touching MSE.
  r.wr8(CSR + 1, TIE >> 8);
  CHECK((r.rd(CSR) & (TIE | MSE)) == (TIE | MSE));
  // Each byte read of RBUF is a read of RBUF: it pops the silo.
  r.be[3].in = {'1', '2'};
  r.wr(LPR, RXENAB | B9600 | BITS8 | 3);
  r.run_for(20000);
  REQUIRE(r.dz.silo_count() == 2);
  CHECK(r.rd8(RBUF + 1) == ((DVAL | 0x0300) >> 8));
  CHECK(r.rd8(RBUF) == '2');
  CHECK(r.dz.silo_count() == 0);
  // 32-bit access: the register in bits 15:0, the rest 0; pads read 0; 32-byte mirror.
  u32 v = 0xdeadbeef;
  REQUIRE(r.dz.read(CSR, 4, v));
  CHECK(v == r.rd(CSR));
  REQUIRE(r.dz.read(0x04, 4, v));
  CHECK(v == 0);
  REQUIRE(r.dz.read(0x02, 2, v));
  CHECK(v == 0);
  REQUIRE(r.dz.read(0x20 + TCR, 4, v));
  CHECK(v == 0x0008);
  REQUIRE(r.dz.write(0x40 + TCR, 4, 0xffff0001));
  CHECK(r.rd(TCR) == 0x0001);
}

TEST_CASE("dc7085: bad construction and attach", "[dc7085]") {
  Scheduler s;
  IrqLine irq;
  CHECK_THROWS_AS(Dc7085(s, irq, 0), EmulatorError);
  Dc7085 dz(s, irq, kKn02Hz);
  FakeBackend be;
  CHECK_THROWS_AS(dz.attach(4, &be), EmulatorError);
}
