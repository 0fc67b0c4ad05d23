// The LANCE as each board wires it (emu/machine/lance_wiring.cpp): registers, buffer
// window, DMA path and interrupt, exercised through the bus the way a driver would
// (am7990-lance.md §8): init block, IDON and its interrupt at the CPU pin, a transmitted
// frame, and with --lance-dma main the frame read from RAM and a received frame landing
// in RAM behind a cached copy (reported by the coherence checker).
#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>

#include "devices/lance/am7990.h"
#include "emu/net/ethernet.h"
#include "machine_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

struct CapturePort : net::EthernetPort {
  std::vector<net::Frame> frames;
  void transmit(const net::Frame& f, Cycles) override { frames.push_back(f); }
};

struct LanceBoard {
  const char* machine;
  u32 regs;        // RDP; RAP at +4
  unsigned ip;     // Cause IP bit the LANCE reaches
  // CPU-side 16-bit store to LANCE address L in the board's buffer.
  std::function<bool(MachineFixture&, u32, u16)> put16;
};

const LanceBoard kKn01{"ds3100", 0x18000000, 3,
                  [](MachineFixture& f, u32 l, u16 v) { return f.write(0x19000000 + 2 * l, 2, v); }};
const LanceBoard kKn02{"ds5000-200", 0x1f900000, 2,
                  [](MachineFixture& f, u32 l, u16 v) { return f.write(0x1f800000 + l, 2, v); }};
const LanceBoard kKn02Main{"ds5000-200", 0x1f900000, 2,
                      [](MachineFixture& f, u32 l, u16 v) { return f.write(l, 2, v); }};

constexpr u16 INIT = 0x0001, STRT = 0x0002, TDMD = 0x0008, INEA = 0x0040, IDON = 0x0100, TINT = 0x0200;
constexpr u32 kBase = 0x40000;  // LANCE addresses used by the test (within 64 KiB of buffer)
constexpr u32 kInit = kBase, kRxRing = kBase + 0x100, kTxRing = kBase + 0x200, kTxBuf = kBase + 0x300;

void csr(MachineFixture& f, const LanceBoard& b, unsigned n, u16 v) {
  REQUIRE(f.write(b.regs + 4, 2, n));
  REQUIRE(f.write(b.regs, 2, v));
}
u16 csr0(MachineFixture& f, const LanceBoard& b) {
  f.write(b.regs + 4, 2, 0);
  return u16(f.read(b.regs, 2));
}
// Let simulated time pass with the CPU spinning, interrupts off.
void wait_cycles(MachineFixture& f, Cycles n) {
  f.run(spin_forever(), MachineFixture::kCU1, n);
}

// Build the init block and rings at LANCE address kBase on a board whose buffer holds
// LANCE addresses at kBase (KN01: modulo 64 KiB, so kBase & 0xffff), then INIT and START.
void bring_up(MachineFixture& f, const LanceBoard& b, u32 lbase) {
  auto put = [&](u32 l, u16 v) { REQUIRE(b.put16(f, l, v)); };
  const u32 init = lbase, rx = lbase + 0x100, tx = lbase + 0x200;
  put(init + 0, 0);                                   // MODE
  put(init + 2, 0x0008), put(init + 4, 0x002b), put(init + 6, 0x0100);  // PADR 08:00:2b:00:00:01
  for (u32 k = 8; k < 16; k += 2) put(init + k, 0);    // LADRF
  put(init + 16, u16(rx)), put(init + 18, u16(rx >> 16));  // RDRA, RLEN 0 (1 entry)
  put(init + 20, u16(tx)), put(init + 22, u16(tx >> 16));  // TDRA, TLEN 0
  put(rx + 0, 0), put(rx + 2, 0), put(rx + 4, 0xf000), put(rx + 6, 0);  // RX: not owned
  csr(f, b, 1, u16(init));
  csr(f, b, 2, u16(init >> 16));
  csr(f, b, 3, 0);
  csr(f, b, 0, INIT | INEA);
}

}  // namespace

TEST_CASE("the LANCE initialises from the board's buffer and interrupts at the board's pin", "[machine][lance]") {
  for (const LanceBoard* b : {&kKn01, &kKn02}) {
    CAPTURE(b->machine);
    MachineFixture f(b->machine);
    if (std::string(b->machine) == "ds5000-200") {
      // KN02: enable CSR source 6 (IOINTEN bit 22) so the LANCE cascades to IP2.
      REQUIRE(f.write(0x1ff00000, 4, (f.read(0x1ff00000) & 0x00ffff00) | (1u << 22)));
    }
    bring_up(f, *b, kBase & 0xffff);
    CHECK_FALSE(f.ip(b->ip));
    wait_cycles(f, 200000);
    CHECK((csr0(f, *b) & IDON) != 0);
    CHECK(f.ip(b->ip));
    csr(f, *b, 0, IDON | INEA);  // acknowledge
    wait_cycles(f, 10);
    CHECK_FALSE(f.ip(b->ip));
  }
}

TEST_CASE("a frame the driver queues leaves through the attached port", "[machine][lance]") {
  for (const LanceBoard* b : {&kKn01, &kKn02}) {
    CAPTURE(b->machine);
    MachineFixture f(b->machine);
    CapturePort port;
    f.machine().attach_ethernet(&port);
    const u32 l = kBase & 0xffff;
    bring_up(f, *b, l);
    wait_cycles(f, 200000);
    csr(f, *b, 0, IDON | STRT | INEA);
    for (u32 k = 0; k < 60; k += 2) REQUIRE(b->put16(f, l + 0x300 + k, u16(0x0100 * (k + 1) + k)));
    REQUIRE(b->put16(f, l + 0x200 + 0, u16(l + 0x300)));
    REQUIRE(b->put16(f, l + 0x200 + 4, u16(0xf000 | (-60 & 0xfff))));
    REQUIRE(b->put16(f, l + 0x200 + 6, 0));
    REQUIRE(b->put16(f, l + 0x200 + 2, 0x8000 | 0x0200 | 0x0100));  // OWN STP ENP, HADR 0
    csr(f, *b, 0, TDMD | INEA);
    wait_cycles(f, 200000);
    REQUIRE(port.frames.size() == 1);
    CHECK(port.frames[0].bytes.size() == 60 + net::kFcsBytes);
    CHECK(port.frames[0].bytes[0] == 0);
    CHECK(port.frames[0].bytes[1] == 1);
    CHECK((csr0(f, *b) & TINT) != 0);
  }
}

TEST_CASE("with --lance-dma main the LANCE reads and writes RAM, behind the D-cache", "[machine][lance][coherence]") {
  MachineOptions o = MachineFixture::options("ds5000-200");
  o.lance_main_memory = true;
  MachineFixture f(o);
  std::FILE* report = std::tmpfile();
  f.cpu().memory_system().set_report_stream(report);
  // No buffer window in this configuration.
  u32 v;
  CHECK_FALSE(f.read(0x1f800000, 4, v));
  REQUIRE(f.write(0x1ff00000, 4, (f.read(0x1ff00000) & 0x00ffff00) | (1u << 22)));
  bring_up(f, kKn02Main, kBase);
  wait_cycles(f, 200000);
  CHECK((csr0(f, kKn02Main) & IDON) != 0);
  csr(f, kKn02Main, 0, IDON | STRT | INEA);
  // Give the receiver a buffer at kBase + 0x400 (64 bytes, owned), and let the CPU cache
  // the buffer's first word through kseg0 before the frame arrives.
  const u32 rxbuf = kBase + 0x400;
  REQUIRE(f.write(kRxRing + 0, 2, u16(rxbuf)));
  REQUIRE(f.write(kRxRing + 4, 2, u16(0xf000 | (-64 & 0xfff))));
  REQUIRE(f.write(kRxRing + 2, 2, 0x8000 | u16(rxbuf >> 16)));
  Program p;
  p.li(t0, 0x80000000 | rxbuf)({lw(t1, 0, t0), nop(), halt(zero)});
  REQUIRE(f.run(p.words) == 0);
  net::Frame frame;
  frame.bytes = {0x08, 0x00, 0x2b, 0x00, 0x00, 0x01};  // to our station address
  frame.bytes.resize(60, 0x5a);
  const u32 crc = ~0u;  // filled below
  (void)crc;
  // FCS: the LANCE checks it; compute the Ethernet CRC-32 (LSB first) here.
  u32 c = 0xffffffffu;
  for (u8 byte : frame.bytes) {
    c ^= byte;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  c = ~c;
  for (int k = 0; k < 4; ++k) frame.bytes.push_back(u8(c >> (8 * k)));
  f.machine().lance().receive(frame);
  wait_cycles(f, 200000);
  CHECK(f.read(rxbuf, 4) == 0x002b0008u);  // the frame is in RAM
  // The CPU reads it again without invalidating: the checker reports the stale line.
  REQUIRE(f.run(p.words) == 0);
  CHECK(f.cpu().gpr(t1) == 0x002b0008u);  // default mode: the emulator gave memory's word
  CHECK(f.cpu().memory_system().counters.stale_loads == 1);
  std::fclose(report);
}
