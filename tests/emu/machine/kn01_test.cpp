// Board-level tests of the DECstation 2100/3100 (emu/machine/kn01.cpp): every wiring point
// through the physical bus and through small guest programs. Addresses, bits and pins are
// written out from decstation-memory-maps.md §1 (not taken from the model's constants).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "devices/board/esar.h"
#include "devices/dc7085/dc7085.h"
#include "machine_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

constexpr u32 kCsr = 0x1e000000, kErradr = 0x17000000, kDz = 0x1c000000, kRtc = 0x1d000000;
constexpr u32 MNFMOD = 0x8000, MONO = 0x0800, MEMERR = 0x0400;
constexpr unsigned kIpDz = 4, kIpRtc = 5, kIpError = 6, kIpLance = 3;  // Cause IP<n>
constexpr u32 kRtcHzDs3100 = 16'666'667;

// The windows of devices that are not fitted / not modelled yet, and other holes.
const u32 kAbsent[] = {
    0x0fc00000,  // frame buffer
    0x10000000,  // colour plane mask
    0x11000000,  // PCC
    0x12000000,  // VDAC
    0x13000000, 0x16fffffc,  // unused
    0x1a000000,  // SII
    0x1b000000,  // SII buffer
    0x1f000000, 0x1fbffffc, 0x1fc40000,  // ROM slot outside the 256 KiB boot ROM
};

}  // namespace

TEST_CASE("kn01: every board device answers at its physical address", "[machine][kn01]") {
  MachineFixture f("ds3100");
  auto name_at = [&](u32 pa) -> std::string {
    const PhysicalBus::Region* r = f.bus().region_at(pa);
    return r ? r->name : "(nothing)";
  };
  CHECK(name_at(0x00000000) == "ram");
  CHECK(name_at(0x17000000) == "kn01-erradr");
  CHECK(name_at(0x17fffffc) == "kn01-erradr");
  CHECK(name_at(0x18000000) == "lance");  // RDP
  CHECK(name_at(0x18000004) == "lance");  // RAP
  CHECK(name_at(0x19000000) == "lance-buffer");
  CHECK(name_at(0x1901fffc) == "lance-buffer");
  CHECK(name_at(0x1c000000) == "dc7085");
  CHECK(name_at(0x1d000000) == "ds1287+esar");
  CHECK(name_at(0x1e000000) == "kn01-csr");
  CHECK(name_at(0x1efffffc) == "kn01-csr");
  CHECK(name_at(0x1fc00000) == "rom");
  for (u32 pa : kAbsent) {
    CAPTURE(pa);
    CHECK(name_at(pa) == "(nothing)");
  }
  // The CSR reads its straps: normal mode, "mono or no" frame buffer.
  CHECK(f.read(kCsr, 2) == (MNFMOD | MONO));
  CHECK(f.read(kErradr, 4) == 0);
}

TEST_CASE("kn01: a store to nothing sets MEMERR and IP6, latches ERRADR, and the program goes on",
          "[machine][kn01]") {
  MachineFixture f("ds3100");
  // sw to the (absent) SII, then read CSR, ERRADR and Cause, acknowledge, read again.
  Program p;
  p.li(t0, 0xba000004)
      .li(t1, 0x12345678)({sw(t1, 0, t0)})
      .li(s0, 0xbe000000)
      .li(s1, 0xb7000000)({
          lhu(s2, 0, s0),            // CSR
          lw(s3, 0, s1),             // ERRADR
          mfc0(s4, c0_cause),
          nop(),
          ori(t2, zero, MEMERR),     // acknowledge: write MEMERR back as 1 (Linux kn01-berr.c)
          sh(t2, 0, s0),
          lhu(s5, 0, s0),
          mfc0(s6, c0_cause),
          nop(),
          halt(zero),
      });
  REQUIRE(f.run(p.words) == 0);  // no exception: the store was asynchronous
  CHECK((f.cpu().gpr(s2) & MEMERR) != 0);
  CHECK(f.cpu().gpr(s3) == 0x1a000004);
  CHECK((f.cpu().gpr(s4) >> 8 & 0xff) == (1u << kIpError));
  CHECK((f.cpu().gpr(s5) & MEMERR) == 0);
  CHECK((f.cpu().gpr(s6) >> 8 & 0xff) == 0);
  CHECK(f.cpu().stats().exceptions[7] == 0);  // no DBE
}

TEST_CASE("kn01: the write-error interrupt is taken when IM6 and IEc are set", "[machine][kn01]") {
  MachineFixture f("ds3100");
  Program p;
  p.li(t0, MachineFixture::kCU1 | MachineFixture::im(kIpError) | MachineFixture::kIEc)({mtc0(t0, c0_status)})
      .li(t1, 0xb2000000)({sb(zero, 0, t1)});  // VDAC: absent
  // The interrupt comes a little after the store (at the CPU's next block boundary here,
  // as the write buffer would on the real machine): spin until it does.
  REQUIRE(f.run(spin_forever(p.words)) == MachineFixture::kExitException);
  CHECK(f.exc_code() == 0);  // Int
  CHECK(f.ip(kIpError));
  CHECK(f.read(kErradr) == 0x12000000);
}

TEST_CASE("kn01: loads from absent devices take a DBE and latch nothing", "[machine][kn01]") {
  for (u32 pa : kAbsent) {
    CAPTURE(pa);
    MachineFixture f("ds3100");
    u32 v = 0;
    CHECK_FALSE(f.read(pa, 4, v));
    CHECK_FALSE(f.write(pa, 4, 0));  // the bus says nobody answered (the CPU turns that into MEMERR)
    Program p;
    p.li(t0, pa | 0xa0000000)({lw(t1, 0, t0), nop(), halt(zero)});
    REQUIRE(f.run(p.words) == MachineFixture::kExitException);
    CHECK(f.exc_code() == 7);  // DBE
    CHECK(f.cpu().cp0(as::c0_epc) == MachineFixture::kCode + 8);
    CHECK(f.read(kErradr) == 0);
    CHECK((f.read(kCsr, 2) & MEMERR) == 0);
    CHECK_FALSE(f.ip(kIpError));
  }
}

TEST_CASE("kn01: RAM above the fitted size: loads DBE, stores time out", "[machine][kn01]") {
  MachineOptions o = MachineFixture::options("ds2100");
  o.memory_mb = 8;
  MachineFixture f(o);
  REQUIRE(f.machine().ram_bytes() == 8u << 20);
  u32 v = 0;
  CHECK(f.read(0x007ffffc, 4, v));
  CHECK_FALSE(f.read(0x00800000, 4, v));
  CHECK_FALSE(f.read(0x017ffffc, 4, v));
  // A memory-sizing probe in 4 MiB steps, as Linux prom/memory.c does: the first DBE ends it.
  Program p;
  p.li(t0, 0xa0400000).li(t1, 0x00400000)({
      lw(t2, 0, t0),  // 0: faults at 8 MiB
      nop(),
      beq(zero, zero, -3),
      addu(t0, t0, t1),
  });
  REQUIRE(f.run(p.words) == MachineFixture::kExitException);
  CHECK(f.exc_code() == 7);
  CHECK(f.cpu().gpr(t0) == 0xa0800000);
  // A store there is a write timeout.
  MachineFixture g(o);
  Program q;
  q.li(t0, 0xa0800000)({sw(zero, 0, t0), nop(), halt(zero)});
  REQUIRE(g.run(q.words) == 0);
  CHECK((g.read(kCsr, 2) & MEMERR) != 0);
  CHECK(g.read(kErradr) == 0x00800000);
}

TEST_CASE("kn01: station address ROM in byte lane 1 of the RTC words", "[machine][kn01]") {
  MachineOptions o = MachineFixture::options("ds3100");
  o.mac = "08:00:2b:1a:2b:3c";
  MachineFixture f(o);
  const Esar expected(Esar::parse_mac("08:00:2b:1a:2b:3c"));
  const u8 mac[6] = {0x08, 0x00, 0x2b, 0x1a, 0x2b, 0x3c};
  // NetBSD reads the address from 0x1d000001, +5, +9, ...
  for (unsigned n = 0; n < 6; ++n) CHECK(f.read(kRtc + 4 * n + 1, 1) == mac[n]);
  bool all = true;
  for (unsigned n = 0; n < 64; ++n) all &= f.read(kRtc + 4 * n + 1, 1) == expected.byte(n % 32);
  CHECK(all);
  // Test pattern at bytes 24..27 (declance's check), the RTC keeps lane 0.
  CHECK(f.read(kRtc + 4 * 24 + 1, 1) == 0xff);
  CHECK(f.read(kRtc + 4 * 26 + 1, 1) == 0x55);
  CHECK(f.write(kRtc + 4 * 20, 1, 0x5a));  // RTC RAM byte (register 20)
  CHECK(f.read(kRtc + 4 * 20, 2) == (0x5a | u32(expected.byte(20)) << 8));
  CHECK(f.write(kRtc + 4 * 20 + 1, 1, 0x00));  // the ROM ignores writes
  CHECK(f.read(kRtc + 4 * 20 + 1, 1) == expected.byte(20));
  CHECK(f.machine().esar().mac() == Esar::Mac{0x08, 0x00, 0x2b, 0x1a, 0x2b, 0x3c});
}

TEST_CASE("kn01: the DZ interrupt reaches IP4", "[machine][kn01]") {
  MachineFixture f("ds3100");
  CHECK_FALSE(f.ip(kIpDz));
  REQUIRE(f.write(kDz + 0x10, 2, 0x0008));  // TCR: line 3 transmit enable
  REQUIRE(f.write(kDz + 0x00, 2, 0x4020));  // CSR: TIE | MSE -> TRDY, interrupt
  CHECK(f.ip(kIpDz));
  CHECK(f.cause_ip() == (1u << kIpDz));
  REQUIRE(f.write(kDz + 0x00, 2, 0x0020));  // TIE off
  CHECK_FALSE(f.ip(kIpDz));
  // The LANCE's wire is Int1 / IP3 (ready for the LANCE model).
  f.machine().lance_irq().set(true);
  CHECK(f.cause_ip() == (1u << kIpLance));
  f.machine().lance_irq().set(false);
}

TEST_CASE("kn01: CSR TXDIS switches the DZ line drivers off", "[machine][kn01]") {
  char name[] = "/tmp/emu-test-dz-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::close(fd);
  {
    MachineOptions o = MachineFixture::options("ds3100");
    o.serial[3] = std::string("file:") + name;
    MachineFixture f(o);
    // Console line 3 at 9600 8N1; send 'A', then 'B' with TXDIS set, then 'C' cleared.
    REQUIRE(f.write(kDz + 0x08, 2, 0x1e1b));
    REQUIRE(f.write(kDz + 0x10, 2, 0x0008));
    REQUIRE(f.write(kDz + 0x00, 2, 0x0020));
    const Cycles char_time = 2 * kRtcHzDs3100 / 960;  // two 8N1 frames at 9600 baud
    auto send = [&](char c) {
      REQUIRE(f.write(kDz + 0x18, 2, u32(u8(c))));
      f.run(spin_forever(), MachineFixture::kCU1, char_time);
    };
    send('A');
    REQUIRE(f.write(kCsr, 2, 0x0100));  // TXDIS
    send('B');
    REQUIRE(f.write(kCsr, 2, 0x0000));
    send('C');
    f.m->commit_outputs();  // the file is put in place at the end of the run
  }
  std::ifstream in(name, std::ios::binary);
  const std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(name);
  CHECK(out == "AC");
}

TEST_CASE("kn01: RTC periodic interrupts reach IP5 at the programmed rates", "[machine][kn01][rtc]") {
  for (unsigned rs : {3u, 6u, 11u}) {
    CAPTURE(rs);
    const u64 rate = 32768u >> (rs - 1);  // RS 3..15: 32768 >> (RS - 1) Hz
    MachineFixture f("ds3100");
    // Handler: acknowledge by reading register C (lbu at 0xbd000030).
    f.load(MachineFixture::kGeneralVector, counting_handler({lui(k0, 0xbd00), lbu(k1, 0x30, k0), nop()}));
    REQUIRE(f.write(kRtc + 4 * 10, 1, 0x70));         // A: divider held in reset
    REQUIRE(f.write(kRtc + 4 * 11, 1, 0x40 | 0x06));  // B: PIE | DM | 24h
    const Cycles c0 = f.cpu().cycles();
    REQUIRE(f.write(kRtc + 4 * 10, 1, 0x20 | rs));    // A: run, rate RS; first flag half a period on
    const u64 periods = 6;
    const Cycles period = kRtcHzDs3100 / rate;
    Program p;
    p.li(t0, MachineFixture::kCU1 | MachineFixture::im(kIpRtc) | MachineFixture::kIEc)({mtc0(t0, c0_status)});
    f.load(MachineFixture::kCode, spin_forever(p.words));
    f.cpu().set_pc(MachineFixture::kCode);
    f.resume(c0 + periods * period - period / 4 - f.cpu().cycles());
    CHECK(f.peek32(MachineFixture::kData) == periods);
    CHECK((f.peek32(MachineFixture::kData + 4) >> 8 & 0xff) == (1u << kIpRtc));
  }
}

TEST_CASE("kn01: --fb fits the on-board frame buffer; CSR.MONO says which", "[machine][kn01][fb]") {
  for (const char* kind : {"mono", "colour"}) {
    CAPTURE(kind);
    MachineOptions o = MachineFixture::options("ds3100");
    o.kn01_fb = kind;
    MachineFixture f(o);
    const bool colour = std::string(kind) == "colour";
    const u32 vram = colour ? 0x100000 : 0x40000;  // NetBSD pm.c's mmap limits
    CHECK((f.read(kCsr, 2) & MONO) == (colour ? 0u : MONO));
    u32 v = 0;
    CHECK(f.read(0x0fc00000, 4, v));  // NetBSD pm_match: badaddr(0x0fc00000)
    CHECK(f.read(0x0fc00000 + vram - 4, 4, v));
    CHECK_FALSE(f.read(0x0fc00000 + vram, 4, v));
    // The plane mask (reset 0xff) limits what a VRAM write changes, in every byte.
    REQUIRE(f.write(0x0fc00010, 4, 0xffffffff));
    REQUIRE(f.write(0x10000000, 4, 0x0f));
    REQUIRE(f.write(0x0fc00010, 4, 0x12345678));
    CHECK(f.read(0x0fc00010) == 0xf2f4f6f8);
    // Ultrix's mono probe: bytes written at +0x36100 / +0x36188 read back.
    REQUIRE(f.write(0x10000000, 4, 0xff));
    REQUIRE(f.write(0x0fc36100, 1, 0xaa));
    REQUIRE(f.write(0x0fc36188, 1, 0x55));
    CHECK(f.read(0x0fc36100, 1) == 0xaa);
    CHECK(f.read(0x0fc36188, 1) == 0x55);
    CHECK(f.machine().frame_buffers().size() == 1);
    // VINT: PCC CMDR.ENRG2 on, one frame (about 1/60 s) later CSR.VINT and IP6.
    REQUIRE(f.write(0x11000000, 2, 0x0400));
    REQUIRE(f.run(spin_forever({}), MachineFixture::kCU1, kRtcHzDs3100 / 50) == -1);
    CHECK((f.read(kCsr, 2) & 0x0200) != 0);
    CHECK(f.ip(kIpError));
    REQUIRE(f.write(kCsr, 2, 0x0200 | 0xff));  // write 1 to clear
    CHECK((f.read(kCsr, 2) & 0x0200) == 0);
    CHECK_FALSE(f.ip(kIpError));
  }
}
