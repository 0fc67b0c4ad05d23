// Tests for the MC146818 / DS1287 RTC model (devices/mc146818). Expected values come from
// the data sheet (RS table, 244 µs UIP lead, 500 ms after divider release, DSE rules) and
// from the exact rate arithmetic cycles = floor(k * cpu_hz / rate), never from the model.
#include "devices/mc146818/mc146818.h"

#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "emu/common/error.h"

using namespace emu;
using R = Mc146818;

namespace {

constexpr u64 kKn02Hz = 25'000'000;  // KN02 R3000 clock
constexpr u64 kOddHz = 16'666'667;   // KN01-like, not a multiple of anything convenient

struct Rig {
  Scheduler sched;
  IrqLine irq;
  Mc146818 rtc;
  explicit Rig(u64 hz = kKn02Hz, unsigned stride = 4) : rtc(sched, irq, hz, stride) {}

  u8 rd(unsigned reg) {
    u32 v = 0xdeadbeef;
    REQUIRE(rtc.read(reg * 4, 1, v));
    REQUIRE(v <= 0xff);
    return static_cast<u8>(v);
  }
  void wr(unsigned reg, u8 v) { REQUIRE(rtc.write(reg * 4, 1, v)); }
  // Move time to t, running every event on the way at its own cycle.
  void run_to(Cycles t) {
    while (sched.next_event() <= t) {
      sched.advance_to(sched.next_event());
      sched.run_due();
    }
    sched.advance_to(t);
  }
  // Write the time under SET, as an OS does, leaving B = mode afterwards.
  void set_time(u8 mode, u8 year, u8 mon, u8 day, u8 dow, u8 hour, u8 min, u8 sec) {
    wr(R::kRegB, static_cast<u8>(R::kB_SET | mode));
    wr(R::kYear, year);
    wr(R::kMonth, mon);
    wr(R::kDayOfMonth, day);
    wr(R::kDayOfWeek, dow);
    wr(R::kHours, hour);
    wr(R::kMinutes, min);
    wr(R::kSeconds, sec);
    wr(R::kRegB, mode);
  }
  // {year, month, day, weekday, hour, minute, second} as raw register bytes.
  std::array<u8, 7> clock() {
    return {rd(R::kYear), rd(R::kMonth), rd(R::kDayOfMonth), rd(R::kDayOfWeek),
            rd(R::kHours), rd(R::kMinutes), rd(R::kSeconds)};
  }
  // Run to just after the next once-a-second update (no periodic rate programmed).
  void next_update() {
    REQUIRE((rd(R::kRegA) & R::kA_RsMask) == 0);
    run_to(sched.next_event());
  }
};

constexpr u8 kBin24 = R::kB_DM | R::kB_24H;
constexpr u8 kBcd24 = R::kB_24H;

// Periodic rates of the 32.768 kHz time base (reference table / data sheet), Hz.
constexpr u64 kRateHz[16] = {0, 256, 128, 8192, 4096, 2048, 1024, 512,
                             256, 128, 64, 32, 16, 8, 4, 2};

// Cycle of the k-th (0-based) periodic flag after the divider is released at c0: the flag
// rises half a period into each period of the chain, i.e. at (k + 1/2) / rate seconds.
Cycles pf_cycle(Cycles c0, u64 hz, u64 rate, u64 k) { return c0 + (2 * k + 1) * hz / (2 * rate); }

}  // namespace

TEST_CASE("mc146818: power-on state", "[mc146818]") {
  Rig r;
  CHECK(r.rd(R::kRegA) == 0x20);  // 32.768 kHz base, running, no periodic rate
  CHECK(r.rd(R::kRegB) == (R::kB_DM | R::kB_24H));
  CHECK(r.rd(R::kRegC) == 0);
  CHECK(r.rd(R::kRegD) == R::kD_VRT);
  // 1972-01-01 00:00:00, a Saturday (weekday 7 with Sunday = 1), year register 72.
  CHECK(r.clock() == std::array<u8, 7>{72, 1, 1, 7, 0, 0, 0});
  for (unsigned i = R::kFirstRam; i < R::kNumRegs; ++i) CHECK(r.rd(i) == 0);
  CHECK_FALSE(r.irq.level());
  // The first update is exactly one second after power-on.
  CHECK(r.sched.next_event() == kKn02Hz);
}

TEST_CASE("mc146818: bad construction parameters are rejected", "[mc146818]") {
  Scheduler s;
  IrqLine irq;
  CHECK_THROWS_AS(Mc146818(s, irq, 0), EmulatorError);
  CHECK_THROWS_AS(Mc146818(s, irq, kKn02Hz, 0), EmulatorError);
  CHECK(s.next_event() == Scheduler::kNever);  // a failed construction left no events
}

TEST_CASE("mc146818: RESET clears PIE AIE UIE SQWE and the flags, keeps the rest", "[mc146818]") {
  Rig r;
  r.wr(R::kRegA, 0x20 | 15);  // 2 Hz periodic
  r.wr(R::kRegB, 0x7f);       // everything but SET
  r.wr(R::kMinutes, 42);
  r.wr(20, 0x5a);
  r.run_to(kKn02Hz / 4);  // first PF (see "update half-way" test)
  REQUIRE(r.irq.level());
  r.rtc.reset();
  CHECK_FALSE(r.irq.level());
  CHECK(r.rd(R::kRegB) == (R::kB_DM | R::kB_24H | R::kB_DSE));
  CHECK(r.rd(R::kRegC) == 0);
  CHECK(r.rd(R::kRegA) == (0x20 | 15));
  CHECK(r.rd(R::kMinutes) == 42);
  CHECK(r.rd(20) == 0x5a);
  // SET survives RESET too.
  r.wr(R::kRegB, R::kB_SET | kBin24);
  r.rtc.reset();
  CHECK(r.rd(R::kRegB) == (R::kB_SET | kBin24));
}

TEST_CASE("mc146818: battery RAM read/write and NVRAM load/save", "[mc146818]") {
  Rig r;
  for (unsigned i = R::kFirstRam; i < R::kNumRegs; ++i) r.wr(i, static_cast<u8>(i * 7 + 3));
  r.run_to(3 * kKn02Hz + 5);  // three updates must not disturb the RAM
  for (unsigned i = R::kFirstRam; i < R::kNumRegs; ++i) CHECK(r.rd(i) == static_cast<u8>(i * 7 + 3));
  const R::Nvram saved = r.rtc.nvram();
  REQUIRE(saved.size() == 50);
  CHECK(saved[0] == static_cast<u8>(14 * 7 + 3));
  CHECK(saved[49] == static_cast<u8>(63 * 7 + 3));

  R::Nvram img{};
  for (unsigned i = 0; i < img.size(); ++i) img[i] = static_cast<u8>(0xa0 ^ i);
  Rig other;
  other.rtc.load_nvram(img);
  CHECK(other.rd(R::kFirstRam) == 0xa0);
  CHECK(other.rd(63) == (0xa0 ^ 49));
  CHECK(other.rtc.nvram() == img);
  CHECK(other.rd(R::kSeconds) == 0);  // loading RAM does not touch the clock
}

TEST_CASE("mc146818: byte lanes, wide accesses, aliasing and stride", "[mc146818]") {
  Rig r;
  r.wr(30, 0x11);
  u32 v = 0;
  REQUIRE(r.rtc.read(30 * 4, 4, v));
  CHECK(v == 0x11);  // register in bits 7:0, nothing in the other lanes
  r.rtc.set_other_lanes([](unsigned reg, unsigned lane) { return static_cast<u8>(reg * 16 + lane); });
  REQUIRE(r.rtc.read(30 * 4, 4, v));
  CHECK(v == (0x11u | (0xe1u << 8) | (0xe2u << 16) | (0xe3u << 24)));
  REQUIRE(r.rtc.read(5 * 4 + 1, 1, v));  // KN01: ESAR byte 5 at base + 4*5 + 1
  CHECK(v == 0x51);
  REQUIRE(r.rtc.read(30 * 4 + 2, 2, v));
  CHECK(v == (0xe2u | (0xe3u << 8)));

  REQUIRE(r.rtc.write(30 * 4, 4, 0xaabbcc22));  // only bits 7:0 reach the register
  CHECK(r.rd(30) == 0x22);
  REQUIRE(r.rtc.write(31 * 4 + 1, 1, 0x99));  // lane 1 is ROM: ignored
  CHECK(r.rd(31) == 0);
  // The chip decodes 6 address bits above the lane: offsets alias every 256 bytes.
  REQUIRE(r.rtc.read(0x100 + 30 * 4, 1, v));
  CHECK(v == 0x22);
  CHECK_FALSE(r.rtc.read(0, 3, v));

  // A 32-bit read of register C is still a read of C: it acknowledges.
  r.wr(R::kRegB, kBin24 | R::kB_UIE);
  r.run_to(kKn02Hz);
  REQUIRE(r.irq.level());
  REQUIRE(r.rtc.read(R::kRegC * 4, 4, v));
  CHECK((v & 0xff) == (R::kC_IRQF | R::kC_UF));
  CHECK_FALSE(r.irq.level());

  // Stride 1 (a plain MC146818 bus): register n at offset n.
  Rig s(kKn02Hz, 1);
  REQUIRE(s.rtc.write(40, 1, 0x77));
  REQUIRE(s.rtc.read(40, 1, v));
  CHECK(v == 0x77);
  REQUIRE(s.rtc.read(R::kRegD, 1, v));
  CHECK(v == R::kD_VRT);
}

TEST_CASE("mc146818: read-only bits and registers", "[mc146818]") {
  Rig r;
  r.wr(R::kRegA, 0xa6);  // UIP cannot be written
  CHECK(r.rd(R::kRegA) == 0x26);
  r.wr(R::kRegD, 0x00);
  CHECK(r.rd(R::kRegD) == 0x80);
  r.wr(R::kRegC, 0xf0);
  CHECK(r.rd(R::kRegC) == 0);
  CHECK_FALSE(r.irq.level());
}

TEST_CASE("mc146818: one update per second at exact cycles", "[mc146818]") {
  for (u64 hz : {kKn02Hz, kOddHz}) {
    Rig r(hz);
    r.run_to(hz - 1);
    CHECK(r.rd(R::kSeconds) == 0);
    CHECK((r.rtc.peek(R::kRegC) & R::kC_UF) == 0);
    r.run_to(hz);
    CHECK(r.rd(R::kSeconds) == 1);
    CHECK(r.rtc.peek(R::kRegC) == R::kC_UF);  // UF set regardless of UIE, no IRQF
    CHECK_FALSE(r.irq.level());
    r.run_to(5 * hz - 1);
    CHECK(r.rd(R::kSeconds) == 4);
    r.run_to(5 * hz);
    CHECK(r.rd(R::kSeconds) == 5);
    r.run_to(100 * hz);
    CHECK(r.rd(R::kMinutes) == 1);
    CHECK(r.rd(R::kSeconds) == 40);
  }
}

TEST_CASE("mc146818: UIP is visible for the 244 us before the update", "[mc146818]") {
  for (u64 hz : {kKn02Hz, kOddHz}) {
    Rig r(hz);
    // 8 ticks of 32.768 kHz = 244.140625 us before the update at cycle hz.
    const Cycles start = (32768 - 8) * hz / 32768;
    CHECK(hz - start == (8 * hz + 32767) / 32768);  // ~244 us worth of cycles
    r.run_to(start - 1);
    CHECK((r.rd(R::kRegA) & R::kA_UIP) == 0);
    r.run_to(start);
    CHECK((r.rd(R::kRegA) & R::kA_UIP) != 0);
    CHECK(r.rd(R::kSeconds) == 0);
    r.run_to(hz - 1);
    CHECK(r.rd(R::kRegA) == (R::kA_UIP | 0x20));
    // SET inhibits the update and clears UIP.
    r.wr(R::kRegB, R::kB_SET | kBin24);
    CHECK((r.rd(R::kRegA) & R::kA_UIP) == 0);
    r.wr(R::kRegB, kBin24);
    r.run_to(hz);
    CHECK((r.rd(R::kRegA) & R::kA_UIP) == 0);
    CHECK(r.rd(R::kSeconds) == 1);
  }
}

TEST_CASE("mc146818: periodic interrupt rates are exact", "[mc146818]") {
  for (u64 hz : {kKn02Hz, kOddHz}) {
    for (unsigned rs : {1u, 2u, 3u, 6u, 10u, 15u}) {
      CAPTURE(hz, rs);
      Rig r(hz);
      r.wr(R::kRegA, 0x70);  // hold the divider in reset...
      r.wr(R::kRegB, R::kB_PIE | kBin24);
      r.run_to(12345);
      const Cycles c0 = r.sched.now();
      r.wr(R::kRegA, static_cast<u8>(0x20 | rs));  // ...and release it at c0
      const u64 rate = kRateHz[rs];
      const Cycles end = c0 + 2 * hz;
      std::vector<Cycles> got;
      bool acks_ok = true;
      while (r.sched.next_event() <= end) {
        r.sched.advance_to(r.sched.next_event());
        r.sched.run_due();
        if (r.irq.level()) {
          got.push_back(r.sched.now());
          const u8 c = r.rd(R::kRegC);
          acks_ok &= (c & (R::kC_IRQF | R::kC_PF)) == (R::kC_IRQF | R::kC_PF) && !r.irq.level();
        }
      }
      CHECK(acks_ok);
      // Two seconds hold exactly 2 * rate periods.
      REQUIRE(got.size() == 2 * rate);
      bool all_exact = true;
      for (u64 k = 0; k < got.size(); ++k) all_exact &= got[k] == pf_cycle(c0, hz, rate, k);
      CHECK(all_exact);
      CHECK(got.back() == pf_cycle(c0, hz, rate, 2 * rate - 1));
    }
  }
}

TEST_CASE("mc146818: no drift over a long run", "[mc146818]") {
  Rig r(kOddHz);
  r.wr(R::kRegA, 0x26);  // 1024 Hz, as NetBSD programs it
  r.wr(R::kRegB, R::kB_PIE | kBin24);
  u64 count = 0;
  Cycles last = 0;
  const Cycles end = 30 * kOddHz;
  while (r.sched.next_event() <= end) {
    r.sched.advance_to(r.sched.next_event());
    r.sched.run_due();
    if (r.irq.level()) {
      ++count;
      last = r.sched.now();
      r.rd(R::kRegC);
    }
  }
  CHECK(count == 30 * 1024);
  // Power-on chain phase: the count was 16384 at cycle 0, so flag k (0-based) is at
  // chain tick 16384 + 16 + 32k, i.e. (2k+1)/2048 s after cycle 0.
  CHECK(last == (2 * (count - 1) + 1) * kOddHz / 2048);
  CHECK(r.rd(R::kSeconds) == 30);
}

TEST_CASE("mc146818: the update falls half-way between periodic interrupts", "[mc146818]") {
  Rig r;
  r.wr(R::kRegA, 0x20 | 15);  // 2 Hz: period 0.5 s
  r.wr(R::kRegB, R::kB_PIE | kBin24);
  r.run_to(kKn02Hz / 4 - 1);
  CHECK_FALSE(r.irq.level());
  r.run_to(kKn02Hz / 4);
  CHECK(r.irq.level());
  CHECK(r.rd(R::kRegC) == (R::kC_IRQF | R::kC_PF));
  r.run_to(kKn02Hz * 3 / 4);
  CHECK(r.rd(R::kRegC) == (R::kC_IRQF | R::kC_PF));
  r.run_to(kKn02Hz);  // update: UF only
  CHECK(r.rd(R::kRegC) == R::kC_UF);
  r.run_to(kKn02Hz * 5 / 4);
  CHECK(r.rd(R::kRegC) == (R::kC_IRQF | R::kC_PF));
}

TEST_CASE("mc146818: PF is set without PIE but raises no IRQ", "[mc146818]") {
  Rig r;
  r.wr(R::kRegA, 0x26);
  r.wr(R::kRegB, kBin24);
  r.run_to(kKn02Hz / 2);
  CHECK_FALSE(r.irq.level());
  CHECK(r.rtc.peek(R::kRegC) == R::kC_PF);
  // IRQF = PF & PIE: enabling PIE with PF pending asserts the pin at once.
  r.wr(R::kRegB, R::kB_PIE | kBin24);
  CHECK(r.irq.level());
  CHECK(r.rd(R::kRegC) == (R::kC_IRQF | R::kC_PF));
  CHECK_FALSE(r.irq.level());
  CHECK(r.rd(R::kRegC) == 0);
  // RS = 0: no periodic flag at all.
  r.wr(R::kRegA, 0x20);
  r.run_to(kKn02Hz / 2 + kKn02Hz / 4);
  CHECK(r.rd(R::kRegC) == 0);
}

TEST_CASE("mc146818: reading C clears the flags and drops the IRQ", "[mc146818]") {
  Rig r;
  r.wr(R::kRegB, R::kB_UIE | kBin24);
  r.run_to(kKn02Hz);
  CHECK(r.irq.level());
  CHECK(r.rd(R::kRegC) == (R::kC_IRQF | R::kC_UF));
  CHECK_FALSE(r.irq.level());
  CHECK(r.rd(R::kRegC) == 0);
  // The IRQ stays asserted until C is read, across further updates.
  r.run_to(3 * kKn02Hz);
  CHECK(r.irq.level());
  r.wr(R::kRegB, kBin24);  // clearing UIE drops IRQF (combinational)
  CHECK_FALSE(r.irq.level());
  CHECK(r.rd(R::kRegC) == R::kC_UF);
}

TEST_CASE("mc146818: binary mode rollovers incl. leap years", "[mc146818]") {
  using C = std::array<u8, 7>;  // year, month, day, weekday, hour, minute, second
  Rig r;
  r.set_time(kBin24, 92, 1, 31, 7, 0, 0, 59);
  r.next_update();
  CHECK(r.clock() == C{92, 1, 31, 7, 0, 1, 0});
  r.set_time(kBin24, 92, 1, 31, 7, 0, 59, 59);
  r.next_update();
  CHECK(r.clock() == C{92, 1, 31, 7, 1, 0, 0});
  r.set_time(kBin24, 92, 1, 31, 7, 23, 59, 59);  // Sat Jan 31 -> Sun Feb 1
  r.next_update();
  CHECK(r.clock() == C{92, 2, 1, 1, 0, 0, 0});
  r.set_time(kBin24, 92, 2, 28, 6, 23, 59, 59);  // 1992 is a leap year
  r.next_update();
  CHECK(r.clock() == C{92, 2, 29, 7, 0, 0, 0});
  r.set_time(kBin24, 92, 2, 29, 7, 23, 59, 59);
  r.next_update();
  CHECK(r.clock() == C{92, 3, 1, 1, 0, 0, 0});
  r.set_time(kBin24, 93, 2, 28, 1, 23, 59, 59);  // 1993 is not
  r.next_update();
  CHECK(r.clock() == C{93, 3, 1, 2, 0, 0, 0});
  r.set_time(kBin24, 0, 2, 28, 1, 23, 59, 59);  // year register 00 counts as a leap year
  r.next_update();
  CHECK(r.clock() == C{0, 2, 29, 2, 0, 0, 0});
  r.set_time(kBin24, 93, 4, 30, 5, 23, 59, 59);  // 30-day month
  r.next_update();
  CHECK(r.clock() == C{93, 5, 1, 6, 0, 0, 0});
  r.set_time(kBin24, 99, 12, 31, 5, 23, 59, 59);  // century: 99 -> 00
  r.next_update();
  CHECK(r.clock() == C{0, 1, 1, 6, 0, 0, 0});
  // Out-of-range garbage still rolls over instead of counting on forever.
  r.set_time(kBin24, 93, 13, 40, 9, 30, 70, 80);
  r.next_update();
  CHECK(r.clock() == C{94, 1, 1, 1, 0, 0, 0});
}

TEST_CASE("mc146818: BCD mode", "[mc146818]") {
  using C = std::array<u8, 7>;
  Rig r;
  r.set_time(kBcd24, 0x91, 0x12, 0x31, 0x03, 0x23, 0x59, 0x58);
  r.next_update();
  CHECK(r.clock() == C{0x91, 0x12, 0x31, 0x03, 0x23, 0x59, 0x59});
  r.next_update();
  CHECK(r.clock() == C{0x92, 0x01, 0x01, 0x04, 0x00, 0x00, 0x00});
  r.set_time(kBcd24, 0x92, 0x02, 0x28, 0x06, 0x09, 0x09, 0x59);  // decimal carries
  r.next_update();
  CHECK(r.clock() == C{0x92, 0x02, 0x28, 0x06, 0x09, 0x10, 0x00});
  r.set_time(kBcd24, 0x92, 0x02, 0x28, 0x06, 0x09, 0x59, 0x59);
  r.next_update();
  CHECK(r.clock() == C{0x92, 0x02, 0x28, 0x06, 0x10, 0x00, 0x00});
  r.set_time(kBcd24, 0x92, 0x02, 0x28, 0x06, 0x23, 0x59, 0x59);  // leap year in BCD too
  r.next_update();
  CHECK(r.clock() == C{0x92, 0x02, 0x29, 0x07, 0x00, 0x00, 0x00});
  r.set_time(kBcd24, 0x99, 0x09, 0x30, 0x06, 0x23, 0x59, 0x59);
  r.next_update();
  CHECK(r.clock() == C{0x99, 0x10, 0x01, 0x07, 0x00, 0x00, 0x00});
  // calendar() / set_calendar() follow the mode.
  r.rtc.set_calendar({93, 11, 15, 17, 45, 30, 2});
  CHECK(r.clock() == C{0x93, 0x11, 0x15, 0x02, 0x17, 0x45, 0x30});
  CHECK(r.rtc.calendar() == R::Calendar{93, 11, 15, 17, 45, 30, 2});
}

TEST_CASE("mc146818: 12-hour mode, binary and BCD", "[mc146818]") {
  using C = std::array<u8, 7>;
  constexpr u8 pm = R::kHourPm;
  Rig r;
  const u8 bin12 = R::kB_DM;
  r.set_time(bin12, 92, 3, 10, 3, 11, 59, 59);  // 11:59:59 AM -> 12:00:00 PM
  r.next_update();
  CHECK(r.clock() == C{92, 3, 10, 3, pm | 12, 0, 0});
  r.set_time(bin12, 92, 3, 10, 3, pm | 12, 59, 59);  // 12:59:59 PM -> 1 PM
  r.next_update();
  CHECK(r.clock() == C{92, 3, 10, 3, pm | 1, 0, 0});
  r.set_time(bin12, 92, 3, 10, 3, pm | 11, 59, 59);  // 11:59:59 PM -> 12 AM next day
  r.next_update();
  CHECK(r.clock() == C{92, 3, 11, 4, 12, 0, 0});
  r.set_time(bin12, 92, 3, 10, 3, 12, 59, 59);  // 12:59:59 AM -> 1 AM
  r.next_update();
  CHECK(r.clock() == C{92, 3, 10, 3, 1, 0, 0});

  const u8 bcd12 = 0;
  r.set_time(bcd12, 0x92, 0x03, 0x10, 0x03, 0x11, 0x59, 0x59);
  r.next_update();
  CHECK(r.clock() == C{0x92, 0x03, 0x10, 0x03, 0x92, 0x00, 0x00});
  r.set_time(bcd12, 0x92, 0x03, 0x10, 0x03, 0x92, 0x59, 0x59);
  r.next_update();
  CHECK(r.clock() == C{0x92, 0x03, 0x10, 0x03, 0x81, 0x00, 0x00});
  r.set_time(bcd12, 0x92, 0x03, 0x10, 0x03, 0x91, 0x59, 0x59);
  r.next_update();
  CHECK(r.clock() == C{0x92, 0x03, 0x11, 0x04, 0x12, 0x00, 0x00});
  CHECK(r.rtc.calendar().hour == 0);
}

TEST_CASE("mc146818: alarm, with don't-care bytes", "[mc146818]") {
  Rig r;
  r.set_time(kBin24, 92, 6, 1, 2, 10, 20, 29);
  r.wr(R::kHoursAlarm, 10);
  r.wr(R::kMinutesAlarm, 20);
  r.wr(R::kSecondsAlarm, 30);
  r.next_update();  // 10:20:30: match, AIE off -> flag only
  CHECK(r.rtc.peek(R::kRegC) == (R::kC_AF | R::kC_UF));
  CHECK_FALSE(r.irq.level());
  r.rd(R::kRegC);
  r.next_update();  // 10:20:31: no match
  CHECK(r.rd(R::kRegC) == R::kC_UF);

  r.wr(R::kRegB, R::kB_AIE | kBin24);
  r.wr(R::kSecondsAlarm, 0xc5);  // any second of 10:20
  r.next_update();
  CHECK(r.irq.level());
  CHECK(r.rd(R::kRegC) == (R::kC_IRQF | R::kC_AF | R::kC_UF));
  r.wr(R::kMinutesAlarm, 21);  // 10:21:xx only
  r.next_update();
  CHECK_FALSE(r.irq.level());
  CHECK(r.rd(R::kRegC) == R::kC_UF);

  // Hours and minutes don't care, seconds = 0: once a minute.
  r.set_time(kBin24 | R::kB_AIE, 92, 6, 1, 2, 13, 44, 59);
  r.wr(R::kHoursAlarm, 0xff);
  r.wr(R::kMinutesAlarm, 0xc0);
  r.wr(R::kSecondsAlarm, 0);
  r.rd(R::kRegC);
  r.next_update();
  CHECK(r.rd(R::kRegC) == (R::kC_IRQF | R::kC_AF | R::kC_UF));
  r.next_update();
  CHECK(r.rd(R::kRegC) == R::kC_UF);

  // 12-hour mode compares the raw byte, PM bit included.
  r.set_time(R::kB_DM | R::kB_AIE, 92, 6, 1, 2, R::kHourPm | 3, 0, 0);
  r.wr(R::kHoursAlarm, 3);  // 3 AM: must not match 3 PM
  r.wr(R::kMinutesAlarm, 0);
  r.wr(R::kSecondsAlarm, 0xc0);
  r.rd(R::kRegC);
  r.next_update();
  CHECK(r.rd(R::kRegC) == R::kC_UF);
  r.wr(R::kHoursAlarm, R::kHourPm | 3);
  r.next_update();
  CHECK(r.rd(R::kRegC) == (R::kC_IRQF | R::kC_AF | R::kC_UF));
}

TEST_CASE("mc146818: SET freezes the time and clears UIE", "[mc146818]") {
  Rig r;
  r.wr(R::kRegB, R::kB_UIE | kBin24);
  r.wr(R::kRegB, R::kB_SET | R::kB_UIE | kBin24);  // SET going high clears UIE
  CHECK(r.rd(R::kRegB) == (R::kB_SET | kBin24));
  r.wr(R::kSeconds, 10);
  r.run_to(3 * kKn02Hz + 100);
  CHECK(r.rd(R::kSeconds) == 10);
  CHECK(r.rtc.peek(R::kRegC) == 0);  // no update, so no UF either
  r.wr(R::kRegB, kBin24);
  // The divider phase was not disturbed: the next update is still on the second.
  r.run_to(4 * kKn02Hz - 1);
  CHECK(r.rd(R::kSeconds) == 10);
  r.run_to(4 * kKn02Hz);
  CHECK(r.rd(R::kSeconds) == 11);
  CHECK(r.rtc.peek(R::kRegC) == R::kC_UF);
}

TEST_CASE("mc146818: divider reset stops the clock; first update 500 ms after release", "[mc146818]") {
  for (u64 hz : {kKn02Hz, kOddHz}) {
    Rig r(hz);
    r.wr(R::kRegB, R::kB_PIE | kBin24);
    r.run_to(hz / 3);
    r.wr(R::kRegA, 0x70 | 6);  // reset, 1024 Hz selected
    r.run_to(4 * hz);
    CHECK(r.rd(R::kSeconds) == 0);
    CHECK(r.rd(R::kRegC) == 0);  // no PF while the chain is held
    CHECK_FALSE(r.irq.level());
    CHECK(r.sched.next_event() == Scheduler::kNever);
    r.wr(R::kRegA, 0x60 | 6);  // still reset (11x)
    CHECK(r.sched.next_event() == Scheduler::kNever);

    const Cycles t1 = 4 * hz + 777;
    r.run_to(t1);
    r.wr(R::kRegA, 0x20 | 6);
    // First PF half a 1024 Hz period after release.
    r.run_to(t1 + hz / 2048 - 1);
    CHECK_FALSE(r.irq.level());
    r.run_to(t1 + hz / 2048);
    CHECK(r.irq.level());
    r.wr(R::kRegB, kBin24);
    r.run_to(t1 + hz / 2 - 1);
    CHECK(r.rd(R::kSeconds) == 0);
    r.run_to(t1 + hz / 2);
    CHECK(r.rd(R::kSeconds) == 1);
    r.run_to(t1 + 3 * hz / 2 - 1);
    CHECK(r.rd(R::kSeconds) == 1);
    r.run_to(t1 + 3 * hz / 2);
    CHECK(r.rd(R::kSeconds) == 2);
  }
}

TEST_CASE("mc146818: oscillator off keeps the chain phase", "[mc146818]") {
  const u64 hz = 32'768'000;  // exactly 1000 cycles per oscillator tick
  Rig r(hz);
  r.run_to(8'192'000);    // a quarter second: 8192 ticks into the second
  r.wr(R::kRegA, 0x00);   // oscillator off
  r.run_to(20'000'000);
  CHECK(r.rd(R::kSeconds) == 0);
  CHECK(r.sched.next_event() == Scheduler::kNever);
  r.wr(R::kRegA, 0x20);   // on again: 24576 ticks remain until the update
  r.run_to(20'000'000 + 24576 * 1000 - 1);
  CHECK(r.rd(R::kSeconds) == 0);
  r.run_to(20'000'000 + 24576 * 1000);
  CHECK(r.rd(R::kSeconds) == 1);
}

TEST_CASE("mc146818: daylight saving (DSE)", "[mc146818]") {
  using C = std::array<u8, 7>;
  Rig r;
  const u8 mode = kBin24 | R::kB_DSE;
  r.set_time(mode, 92, 4, 5, 1, 1, 59, 59);  // first Sunday in April: 1:59:59 -> 3:00:00
  r.next_update();
  CHECK(r.clock() == C{92, 4, 5, 1, 3, 0, 0});
  r.set_time(mode, 92, 4, 12, 1, 1, 59, 59);  // second Sunday: normal
  r.next_update();
  CHECK(r.clock() == C{92, 4, 12, 1, 2, 0, 0});
  r.set_time(kBin24, 92, 4, 5, 1, 1, 59, 59);  // DSE off: normal
  r.next_update();
  CHECK(r.clock() == C{92, 4, 5, 1, 2, 0, 0});
  r.set_time(mode, 92, 10, 25, 1, 1, 59, 59);  // last Sunday in October: -> 1:00:00
  r.next_update();
  CHECK(r.clock() == C{92, 10, 25, 1, 1, 0, 0});
  for (int i = 0; i < 3599; ++i) r.next_update();
  CHECK(r.clock() == C{92, 10, 25, 1, 1, 59, 59});
  r.next_update();  // the second time round it goes on to 2:00
  CHECK(r.clock() == C{92, 10, 25, 1, 2, 0, 0});
}

TEST_CASE("mc146818: DEC time-of-year encoding", "[mc146818]") {
  // 1970-01-01 00:00:00 is day 0 of its year -> 1972-01-01, a Saturday.
  CHECK(R::dec_time_of_year(0) == R::Calendar{72, 1, 1, 0, 0, 0, 7});
  // 1993-03-01 12:34:56 UTC: day 59 of a common year -> 1972-02-29 (a Tuesday), as
  // NetBSD's mcclock_set stores it.
  CHECK(R::dec_time_of_year(730989296) == R::Calendar{72, 2, 29, 12, 34, 56, 3});
  // 1992-12-31 23:59:59: day 365 of a leap year -> 1972-12-31 (Sunday).
  CHECK(R::dec_time_of_year(725846399) == R::Calendar{72, 12, 31, 23, 59, 59, 1});
  // 2024-02-29 06:00:00 -> 1972-02-29.
  CHECK(R::dec_time_of_year(1709186400) == R::Calendar{72, 2, 29, 6, 0, 0, 3});
  // 1969-12-31 23:59:59: day 364 of a common year -> 1972-12-30 (Saturday).
  CHECK(R::dec_time_of_year(-1) == R::Calendar{72, 12, 30, 23, 59, 59, 7});

  Rig r;
  r.rtc.set_time_from_host();
  const R::Calendar c = r.rtc.calendar();
  CHECK(c.year == 72);
  CHECK((c.month >= 1 && c.month <= 12));
  CHECK((c.day >= 1 && c.day <= 31));
  CHECK((c.hour >= 0 && c.hour <= 23));
  CHECK((c.weekday >= 1 && c.weekday <= 7));
}

TEST_CASE("mc146818: identical inputs give identical state", "[mc146818]") {
  Rig a(kOddHz), b(kOddHz);
  std::vector<Cycles> irq_a, irq_b;
  a.irq.connect([&](bool l) { if (l) irq_a.push_back(a.sched.now()); });
  b.irq.connect([&](bool l) { if (l) irq_b.push_back(b.sched.now()); });
  u32 seed = 12345;
  auto next = [&seed] { seed = seed * 1103515245u + 12345u; return seed >> 8; };
  Cycles t = 0;
  for (int i = 0; i < 400; ++i) {
    t += next() % 200'000;
    const unsigned reg = next() % 64;
    const u8 val = static_cast<u8>(next());
    const bool is_read = next() % 3 == 0;
    for (Rig* r : {&a, &b}) {
      r->run_to(t);
      if (is_read) r->rd(reg);
      else if (reg == R::kRegA) r->wr(reg, static_cast<u8>(0x20 | (val & 0x0f)));  // keep it running
      else r->wr(reg, val);
    }
  }
  a.run_to(t + 3 * kOddHz);
  b.run_to(t + 3 * kOddHz);
  for (unsigned i = 0; i < 64; ++i) CHECK(a.rtc.peek(i) == b.rtc.peek(i));
  CHECK(a.irq.level() == b.irq.level());
  CHECK(a.sched.next_event() == b.sched.next_event());
  CHECK(irq_a == irq_b);
  CHECK_FALSE(irq_a.empty());  // the random writes did enable some interrupts
}
