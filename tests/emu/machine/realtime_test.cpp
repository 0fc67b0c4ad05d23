// --realtime pacing (emu/machine/pacer.*, Machine::run) and the determinism of the default
// mode.
#include <catch2/catch.hpp>

#include <chrono>

#include "emu/machine/pacer.h"
#include "machine_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;
using Clock = std::chrono::steady_clock;

TEST_CASE("pacer: cycles map to host time exactly; a lagging host re-anchors", "[machine][realtime]") {
  const Clock::time_point t0 = Clock::now();
  Pacer p(25'000'000, 1000, t0);
  CHECK(p.due(1000) == t0);
  CHECK(p.due(1000 + 25'000'000) - t0 == std::chrono::seconds(1));
  CHECK(p.due(1000 + 25) - t0 == std::chrono::microseconds(1));
  CHECK(p.due(0) == t0);  // before the anchor: due at once
  CHECK(Pacer::slice_cycles(16'666'667) == 16'666);
  CHECK(Pacer::slice_cycles(500) == 1);
  // Anchored a second in the past, cycle 1000 was due then: no sleep, and the debt is
  // forgiven (re-anchor) instead of running the next second unpaced.
  Pacer late(25'000'000, 1000, t0 - std::chrono::seconds(1));
  const Clock::time_point before = Clock::now();
  late.pace(1000 + 25'000);
  CHECK(Clock::now() - before < std::chrono::milliseconds(50));
  CHECK(late.re_anchors() == 1);
  CHECK(late.due(1000 + 25'000) >= before);
}

TEST_CASE("machine: --realtime paces 0.2 s of simulated time to at least 0.2 s", "[machine][realtime]") {
  MachineOptions o = MachineFixture::options("ds3100");
  o.realtime = true;
  MachineFixture f(o);
  const Cycles sim = 16'666'667 / 5;  // 0.2 s at 16.67 MHz
  const Clock::time_point t0 = Clock::now();
  CHECK(f.run(spin_forever(), MachineFixture::kCU1, sim) == -1);
  const double host = std::chrono::duration<double>(Clock::now() - t0).count();
  CHECK(f.cpu().cycles() >= sim);
  CHECK(host >= 0.2);
  CHECK(host < 5.0);
}

TEST_CASE("machine: the default mode is deterministic, and pacing does not change the run",
          "[machine][realtime]") {
  // A guest that keeps the RTC interrupting at 1024 Hz and the console transmitting,
  // counting interrupts; run it for 0.05 s of simulated time three ways.
  auto once = [](bool realtime) {
    MachineOptions o = MachineFixture::options("ds5000-200");
    o.realtime = realtime;
    MachineFixture f(o);
    f.load(MachineFixture::kGeneralVector, counting_handler({lui(k0, 0xbfe8), lbu(k1, 0x30, k0), nop()}));
    Program p;
    p.li(t0, 0xbfe80000)({ori(t1, zero, 0x26), sb(t1, 0x28, t0), ori(t1, zero, 0x46), sb(t1, 0x2c, t0)})
        .li(t0, MachineFixture::kCU1 | MachineFixture::im(3) | MachineFixture::kIEc)({mtc0(t0, c0_status)})
        .li(t0, 0xbfe00000)({ori(t1, zero, 8), sh(t1, 0x10, t0), ori(t1, zero, 0x1e1b), sh(t1, 0x08, t0),
                             ori(t1, zero, 0x20), sh(t1, 0, t0),
                             // loop: wait for TRDY, send 'x'
                             lhu(t2, 0, t0), nop(), andi(t2, t2, 0x8000), beq(t2, zero, -4), nop(),
                             ori(t3, zero, 'x'), beq(zero, zero, -7), sh(t3, 0x18, t0)});
    f.run(p.words, MachineFixture::kCU1, 25'000'000 / 20);
    struct R {
      Cycles cycles;
      u64 instructions, interrupts;
      u32 counted;
    };
    return R{f.cpu().cycles(), f.cpu().stats().instructions, f.cpu().stats().interrupts_taken,
             f.peek32(MachineFixture::kData)};
  };
  const auto a = once(false), b = once(false), c = once(true);
  CHECK(a.counted >= 50);  // ~51 interrupts in 50 ms at 1024 Hz
  CHECK(a.cycles == b.cycles);
  CHECK(a.instructions == b.instructions);
  CHECK(a.interrupts == b.interrupts);
  CHECK(a.counted == b.counted);
  CHECK(c.cycles == a.cycles);
  CHECK(c.instructions == a.instructions);
  CHECK(c.counted == a.counted);
}
