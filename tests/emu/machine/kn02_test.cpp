// Board-level tests of the DECstation 5000/200 (emu/machine/kn02.cpp): every wiring point
// through the physical bus and through small guest programs. Addresses, bits and pins are
// written out from decstation-memory-maps.md §2 (not taken from the model's constants);
// the TURBOchannel probes are transcriptions of what Linux and NetBSD do.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "devices/board/esar.h"
#include "machine_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

constexpr u32 kChksyn = 0x1fd00000, kErradr = 0x1fd80000, kDz = 0x1fe00000, kRtc = 0x1fe80000,
              kCsr = 0x1ff00000;
constexpr u32 slot(unsigned n) { return 0x1e000000 + n * 0x400000; }
constexpr u32 VALID = 0x80000000, CPU = 0x40000000, WRITE = 0x20000000;
constexpr u32 NRMMOD = 0x01000000, BAUD38 = 0x100, TXDIS = 0x800;
constexpr unsigned kIpIo = 2, kIpRtc = 3, kIpError = 5;  // Cause IP<n>
constexpr u64 kHz = 25'000'000;

// Where nothing answers on a 5000/200 with 32 MiB and no options.
const u32 kAbsent[] = {
    0x02000000, 0x1dfffffc,                       // RAM above 32 MiB
    slot(0), slot(1), slot(2), slot(2) + 0x3c03f0,  // empty option slots
    slot(3), slot(4),                             // reserved
    slot(5), slot(5) + 0x3c03f0, slot(5) + 0xc0000,  // on-board SCSI: not modelled
    slot(6) + 0x200000, slot(6) + 0x3bfffc,
    0x1fc40000, 0x1fc80000, 0x1ffc0000,           // slot 7: past the 256 KiB ROM, reserved
};

// Linux drivers/tc/tc.c on a DS5000/200: slots 0-6, module ROM at +0x3c0000 then +0;
// "slot:vendor/module/firmware;" for each module found.
std::string linux_tc_probe(MachineFixture& f) {
  auto rd8 = [&](u32 pa, u8& v) {
    u32 w = 0;
    if (!f.read(pa, 1, w)) return false;
    v = u8(w);
    return true;
  };
  auto name = [&](u32 base, u32 off) {
    std::string s;
    for (unsigned i = 0; i < 8; ++i) {
      u8 c = 0;
      rd8(base + off + 4 * i, c);
      s += char(c);
    }
    return s;
  };
  std::string found;
  for (unsigned s = 0; s < 7; ++s) {
    u32 base = 0;
    bool present = false;
    for (u32 rom : {0x3c0000u, 0x0u}) {
      u8 p[4];
      bool err = false;
      for (unsigned i = 0; i < 4; ++i) err |= !rd8(slot(s) + rom + 0x3f0 + 4 * i, p[i]);
      if (err) break;  // tc_preadb failed: no module in this slot
      if (p[0] == 0x55 && p[1] == 0x00 && p[2] == 0xaa && p[3] == 0xff) {
        base = slot(s) + rom;
        present = true;
        break;
      }
    }
    if (!present) continue;
    u8 slot_size = 0;
    rd8(base + 0x3ec, slot_size);
    CHECK((u32(slot_size) << 22) <= 0x400000u);  // Linux: the module must fit its slot
    found += std::to_string(s) + ":" + name(base, 0x420) + "/" + name(base, 0x440) + "/" + name(base, 0x400) + ";";
  }
  return found;
}

}  // namespace

TEST_CASE("kn02: every board device answers at its physical address", "[machine][kn02]") {
  MachineFixture f("ds5000-200");
  auto name_at = [&](u32 pa) -> std::string {
    const PhysicalBus::Region* r = f.bus().region_at(pa);
    return r ? r->name : "(nothing)";
  };
  CHECK(name_at(0x00000000) == "ram");
  CHECK(name_at(0x1fc00000) == "rom");
  CHECK(name_at(0x1fd00000) == "kn02-chksyn");
  CHECK(name_at(0x1fd80000) == "kn02-erradr");
  CHECK(name_at(0x1fe00000) == "dc7085");
  CHECK(name_at(0x1fe80000) == "ds1287");
  CHECK(name_at(0x1ff00000) == "kn02-csr");
  CHECK(name_at(0x1ff7fffc) == "kn02-csr");
  CHECK(name_at(0x1ff80000) == "rom-alias");
  CHECK(name_at(slot(6)) == "lance-buffer");             // PMAD-AA SRAM
  CHECK(name_at(slot(6) + 0xffffc) == "lance-buffer");
  CHECK(name_at(slot(6) + 0x100000) == "lance");          // RDP
  CHECK(name_at(slot(6) + 0x100004) == "lance");          // RAP
  CHECK(name_at(slot(6) + 0x1c0000) == "pmad-aa-rom");
  CHECK(name_at(slot(6) + 0x3c0000) == "pmad-aa-rom-alias");
  for (u32 pa : kAbsent) {
    CAPTURE(pa);
    const PhysicalBus::Region* r = f.bus().region_at(pa);
    CHECK((r == nullptr || r->device != nullptr));  // no memory behind it
    u32 v = 0;
    CHECK_FALSE(f.read(pa, 4, v));
    CHECK_FALSE(f.write(pa, 4, 0));
  }
  // CSR after reset: NRMMOD (the PROM loops without it), PRSVNVR, nothing enabled
  // (REFEVEN, bit 25, toggles: left out).
  CHECK((f.read(kCsr) & 0x0dffffff) == (NRMMOD | 0x04000000));
  // The boot ROM alias shows the same image.
  CHECK(f.read(0x1ff80000) == f.read(0x1fc00000));
  CHECK(f.read(0x1ff80180) == f.read(0x1fc00180));
}

TEST_CASE("kn02: the DZ interrupt reaches IP2 only through the CSR enable", "[machine][kn02]") {
  MachineFixture f("ds5000-200");
  REQUIRE(f.write(kDz + 0x10, 2, 0x0008));  // TCR: line 3
  REQUIRE(f.write(kDz + 0x00, 2, 0x4020));  // CSR: TIE | MSE -> TRDY, DZ requests
  CHECK((f.read(kCsr) & 0xff) == 0x80);     // IOINT bit 7 pending...
  CHECK_FALSE(f.ip(kIpIo));                 // ...but not enabled
  CHECK(f.cause_ip() == 0);
  REQUIRE(f.write(kCsr, 4, 0x00800000));    // IOINTEN bit 23 (source 7)
  CHECK(f.ip(kIpIo));
  CHECK(f.cause_ip() == (1u << kIpIo));
  REQUIRE(f.write(kCsr, 4, 0x00400000));    // only the LANCE's enable: DZ masked again
  CHECK_FALSE(f.ip(kIpIo));
  f.machine().lance_irq().set(true);        // the LANCE wire is CSR source 6
  CHECK((f.read(kCsr) & 0xff) == 0xc0);
  CHECK(f.ip(kIpIo));
  f.machine().lance_irq().set(false);
  REQUIRE(f.write(kCsr, 4, 0x00800000));
  REQUIRE(f.write(kDz + 0x00, 2, 0x0020));  // TIE off: the DZ drops its request
  CHECK((f.read(kCsr) & 0xff) == 0x00);
  CHECK_FALSE(f.ip(kIpIo));
}

TEST_CASE("kn02: a guest takes the DZ interrupt and finds it in CSR & (CSR >> 16)", "[machine][kn02]") {
  MachineFixture f("ds5000-200");
  // Handler: k1 = csr & (csr >> 16) & 0xff (NetBSD dec_3max_intr); halt with it.
  f.load(MachineFixture::kGeneralVector,
         {lui(k0, 0xbff0), lw(k1, 0, k0), nop(), srl(k0, k1, 16), and_(k1, k1, k0), andi(k1, k1, 0xff), halt(k1)});
  Program p;
  p.li(t0, 0xbff00000).li(t1, 0x00800000)({sw(t1, 0, t0)})  // CSR: enable source 7
      .li(t0, 0xbfe00000)({ori(t1, zero, 8), sh(t1, 0x10, t0), ori(t1, zero, 0x4020), sh(t1, 0, t0)})
      .li(t0, MachineFixture::kCU1 | MachineFixture::im(kIpIo) | MachineFixture::kIEc)({mtc0(t0, c0_status)});
  REQUIRE(f.run(spin_forever(p.words)) == 0x80);
  CHECK(f.exc_code() == 0);
}

TEST_CASE("kn02: a store to nothing latches ERRADR VALID|CPU|WRITE and raises IP5", "[machine][kn02]") {
  MachineFixture f("ds5000-200");
  Program p;
  p.li(t0, 0xbe000008)({sw(zero, 0, t0)})  // option slot 0: empty
      .li(s0, 0xbfd80000)({lw(s1, 0, s0), mfc0(s2, c0_cause), nop(), sw(zero, 0, s0), mfc0(s3, c0_cause), lw(s4, 0, s0),
                           nop(), halt(zero)});
  REQUIRE(f.run(p.words) == 0);  // asynchronous: no exception
  CHECK(f.cpu().gpr(s1) == (VALID | CPU | WRITE | (0x1e000008u >> 2)));
  CHECK((f.cpu().gpr(s2) >> 8 & 0xff) == (1u << kIpError));
  CHECK((f.cpu().gpr(s3) >> 8 & 0xff) == 0);  // writing ERRADR cleared it
  CHECK(f.cpu().gpr(s4) == 0);
  CHECK(f.cpu().stats().exceptions[7] == 0);
}

TEST_CASE("kn02: a load from nothing is a DBE that also latches ERRADR (Linux relies on it)",
          "[machine][kn02]") {
  for (u32 pa : kAbsent) {
    CAPTURE(pa);
    MachineFixture f("ds5000-200");
    Program p;
    p.li(t0, pa | 0xa0000000)({lbu(t1, 0, t0), nop(), halt(zero)});
    REQUIRE(f.run(p.words) == MachineFixture::kExitException);
    CHECK(f.exc_code() == 7);  // DBE
    // Linux dec_ecc_be_backend(): VALID | CPU, read, timeout, exact address.
    CHECK(f.read(kErradr) == (VALID | CPU | (pa >> 2)));
    CHECK(f.ip(kIpError));
    REQUIRE(f.write(kErradr, 4, 0));  // "any write clears the IRQ"
    CHECK_FALSE(f.ip(kIpError));
    CHECK(f.read(kErradr) == 0);
  }
  // The first error stays latched until software clears it.
  MachineFixture g("ds5000-200");
  u32 v;
  CHECK_FALSE(g.read(slot(1), 4, v));
  CHECK_FALSE(g.read(slot(2), 4, v));
  CHECK(g.read(kErradr) == (VALID | CPU | (slot(1) >> 2)));
  REQUIRE(g.write(kChksyn, 4, 0));
  CHECK(g.read(kChksyn) == 0);
}

TEST_CASE("kn02: CSR BAUD38 makes DZ speed code 15 38400 baud; TXDIS silences it", "[machine][kn02]") {
  char name[] = "/tmp/emu-test-dz-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::close(fd);
  {
    MachineOptions o = MachineFixture::options("ds5000-200");
    o.serial[3] = std::string("file:") + name;
    MachineFixture f(o);
    REQUIRE(f.write(kDz + 0x08, 2, 0x1f1b));  // LPR line 3: speed 15, 8 bits, receiver on
    REQUIRE(f.write(kDz + 0x10, 2, 0x0008));
    REQUIRE(f.write(kDz + 0x00, 2, 0x0020));
    const Cycles frame19200 = (10 * kHz + 19199) / 19200, frame38400 = (10 * kHz + 38399) / 38400;
    auto trdy_after = [&](Cycles wait) {
      f.run(spin_forever(), MachineFixture::kCU1, wait);
      return (f.read(kDz, 2) & 0x8000) != 0;
    };
    auto send = [&](char c) { REQUIRE(f.write(kDz + 0x18, 2, u32(u8(c)))); };
    send('a');  // 19200 baud
    CHECK_FALSE(trdy_after(frame38400 + 100));
    CHECK(trdy_after(frame19200 - frame38400));
    REQUIRE(f.write(kCsr, 4, BAUD38));
    send('b');  // 38400 baud
    CHECK(trdy_after(frame38400 + 100));
    REQUIRE(f.write(kCsr, 4, BAUD38 | TXDIS));
    send('c');  // driver off: lost
    CHECK(trdy_after(frame38400 + 100));
    REQUIRE(f.write(kCsr, 4, 0));
    send('d');
    CHECK(trdy_after(frame19200 + 100));
    f.m->commit_outputs();  // the file is put in place at the end of the run
  }
  std::ifstream in(name, std::ios::binary);
  const std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(name);
  CHECK(out == "abd");
}

TEST_CASE("kn02: slot 6 station address at +0x1c0002 + 4n, with --mac", "[machine][kn02]") {
  MachineOptions o = MachineFixture::options("ds5000-200");
  o.mac = "08-00-2B-AA-BB-CC";
  MachineFixture f(o);
  const Esar expected(Esar::Mac{0x08, 0x00, 0x2b, 0xaa, 0xbb, 0xcc});
  for (u32 base : {slot(6) + 0x1c0000, slot(6) + 0x3c0000}) {
    CAPTURE(base);
    bool all = true;
    for (unsigned n = 0; n < 32; ++n) all &= f.read(base + 4 * n + 2, 1) == expected.bytes()[n];
    CHECK(all);
  }
  // NetBSD le_tc: etheraddr[i] = rom[i * 4] from slot + 0x1c0002.
  const u8 mac[6] = {0x08, 0x00, 0x2b, 0xaa, 0xbb, 0xcc};
  for (unsigned i = 0; i < 6; ++i) CHECK(f.read(slot(6) + 0x1c0002 + 4 * i, 1) == mac[i]);
  // Linux declance: the test pattern at esar[0x60], [0x64], [0x68], [0x6c].
  CHECK(f.read(slot(6) + 0x1c0002 + 0x60, 1) == 0xff);
  CHECK(f.read(slot(6) + 0x1c0002 + 0x64, 1) == 0x00);
  CHECK(f.read(slot(6) + 0x1c0002 + 0x68, 1) == 0x55);
  CHECK(f.read(slot(6) + 0x1c0002 + 0x6c, 1) == 0xaa);
  // A word read returns the ESAR byte in bits 23:16.
  CHECK((f.read(slot(6) + 0x1c0000 + 4 * 3) >> 16 & 0xff) == 0xaa);
}

TEST_CASE("kn02: TURBOchannel probes find only the on-board PMAD-AA in slot 6", "[machine][kn02][tc]") {
  MachineFixture f("ds5000-200");
  auto rd8 = [&](u32 pa, u8& v) {
    u32 w = 0;
    if (!f.read(pa, 1, w)) return false;
    v = u8(w);
    return true;
  };
  const std::string found = linux_tc_probe(f);
  CHECK(found == "6:DEC     /PMAD-AA /V5.3a   ;");
  // NetBSD tc_check_romp() at slot + 0x3c03e0: width 1 (2 or 4), stride 4, the pattern.
  u8 width = 0, stride = 0, firm[4] = {};
  REQUIRE(rd8(slot(6) + 0x3c03e0, width));
  REQUIRE(rd8(slot(6) + 0x3c03e4, stride));
  CHECK(width == 1);
  CHECK(stride == 4);
  for (unsigned i = 0; i < 4; ++i) REQUIRE(rd8(slot(6) + 0x3c0460 + 4 * i, firm[i]));
  CHECK(std::string(firm, firm + 4) == "TCF0");
  // NetBSD's built-in attach checks the slot base first (tc_badaddr): the buffer SRAM.
  u8 dummy;
  CHECK(rd8(slot(6), dummy));
}

TEST_CASE("kn02: RTC periodic interrupts reach IP3 at the programmed rates", "[machine][kn02][rtc]") {
  for (unsigned rs : {3u, 6u, 11u}) {
    CAPTURE(rs);
    const u64 rate = 32768u >> (rs - 1);
    MachineFixture f("ds5000-200");
    f.load(MachineFixture::kGeneralVector, counting_handler({lui(k0, 0xbfe8), lbu(k1, 0x30, k0), nop()}));
    REQUIRE(f.write(kRtc + 4 * 10, 1, 0x70));
    REQUIRE(f.write(kRtc + 4 * 11, 1, 0x46));
    const Cycles c0 = f.cpu().cycles();
    REQUIRE(f.write(kRtc + 4 * 10, 1, 0x20 | rs));
    const u64 periods = 6;
    const Cycles period = kHz / rate;
    Program p;
    p.li(t0, MachineFixture::kCU1 | MachineFixture::im(kIpRtc) | MachineFixture::kIEc)({mtc0(t0, c0_status)});
    f.load(MachineFixture::kCode, spin_forever(p.words));
    f.cpu().set_pc(MachineFixture::kCode);
    f.resume(c0 + periods * period - period / 4 - f.cpu().cycles());
    CHECK(f.peek32(MachineFixture::kData) == periods);
    CHECK((f.peek32(MachineFixture::kData + 4) >> 8 & 0xff) == (1u << kIpRtc));
  }
}

TEST_CASE("kn02: --tc fits modules in option slots 0-2; Linux's probe finds them", "[machine][kn02][tc]") {
  MachineOptions o = MachineFixture::options("ds5000-200");
  o.tc = {"pmag-ba", "", "pmag-ba"};
  MachineFixture f(o);
  CHECK(linux_tc_probe(f) == "0:DEC     /PMAG-BA /V5.3a   ;2:DEC     /PMAG-BA /V5.3a   ;6:DEC     /PMAD-AA /V5.3a   ;");
  CHECK(f.machine().frame_buffers().size() == 2);
  CHECK(f.bus().region_at(slot(0))->name == "tc-slot0-pmag-ba");
  CHECK(f.bus().region_at(slot(2) + 0x3fffff)->name == "tc-slot2-pmag-ba");
  // Slot 1 stays empty: a read bus-errors and latches ERRADR, as without --tc.
  u32 v = 0;
  CHECK_FALSE(f.read(slot(1) + 0x3c03f0, 4, v));
  CHECK(f.read(kErradr) == (VALID | CPU | ((slot(1) + 0x3c03f0) >> 2)));
}

TEST_CASE("kn02: an option slot's interrupt is CSR source N, enabled by bit 16 + N", "[machine][kn02][tc]") {
  MachineOptions o = MachineFixture::options("ds5000-200");
  o.tc = {"", "", "pmag-ba"};
  MachineFixture f(o);
  // The PMAG-BA requests at its first vertical retrace (59 Hz): 0.02 s of spinning.
  REQUIRE(f.run(spin_forever({}), MachineFixture::kCU1, kHz / 50) == -1);
  CHECK((f.read(kCsr) & 0xff) == 0x04);
  CHECK_FALSE(f.ip(kIpIo));
  REQUIRE(f.write(kCsr, 4, 0x00040000));
  CHECK(f.ip(kIpIo));
  REQUIRE(f.write(slot(2) + 0x300000, 1, 0));  // acknowledged at the card
  CHECK((f.read(kCsr) & 0xff) == 0x00);
  CHECK_FALSE(f.ip(kIpIo));
}

TEST_CASE("kn02: a frame buffer brings the LK201 and mouse to DZ lines 0 and 1 by default", "[machine][kn02][tc]") {
  MachineOptions o = MachineFixture::options("ds5000-200");
  o.serial = {"", "", "null", "null"};
  CHECK(MachineFixture(o).machine().keyboard() == nullptr);  // headless: lines 0 and 1 stay null
  o.tc = {"pmag-ba"};
  MachineFixture f(o);
  CHECK(f.machine().keyboard() != nullptr);
  CHECK(f.machine().mouse() != nullptr);
  o.serial = {"null", "null", "null", "null"};
  CHECK(MachineFixture(o).machine().keyboard() == nullptr);  // --serial 0=null wins
}

TEST_CASE("machine: --tc names an unknown module, or a board without option slots", "[machine][tc]") {
  MachineOptions o = MachineFixture::options("ds5000-200");
  o.tc = {"pmag-zz"};
  CHECK_THROWS_WITH(Machine(o), Catch::StartsWith("--tc 0=pmag-zz: unknown module (known: pmag-ba"));
  o = MachineFixture::options("ds3100");
  o.tc = {"pmag-ba"};
  CHECK_THROWS_WITH(Machine(o), "--tc: the ds3100 has no TURBOchannel option slots");
}
