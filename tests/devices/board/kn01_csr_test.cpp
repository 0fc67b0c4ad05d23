// Tests for the KN01 system CSR and ERRADR (devices/board/kn01_csr). Expected values come
// from the bit map in decstation-memory-maps.md §1.4 (NetBSD kn01.h / MAME kn01.cpp) and
// from what Linux kn01-berr.c writes and reads, never from the model's own output.
#include "devices/board/kn01_csr.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace emu;

namespace {

// Bit values straight from the reference table (not from the class constants).
constexpr u32 MNFMOD = 0x8000, STATUS = 0x4000, PARDIS = 0x2000, CRSRTST = 0x1000,
              MONO = 0x0800, MEMERR = 0x0400, VINT = 0x0200, TXDIS = 0x0100;

struct Rig {
  IrqLine irq;  // CPU Int4 / IP6
  Kn01Csr csr;
  Kn01Erradr erradr{csr};
  explicit Rig(bool mono = true, bool mnf = false) : csr(irq, mono, mnf) {}
  u32 rd(u32 off = 0, unsigned size = 4) {
    u32 v = 0xdeadbeef;
    REQUIRE(csr.read(off, size, v));
    return v;
  }
  void wr(u32 v, u32 off = 0, unsigned size = 4) { REQUIRE(csr.write(off, size, v)); }
  u32 rd_erradr(u32 off = 0, unsigned size = 4) {
    u32 v = 0xdeadbeef;
    REQUIRE(erradr.read(off, size, v));
    return v;
  }
};

}  // namespace

TEST_CASE("kn01 csr: reset value shows only the straps", "[kn01_csr]") {
  SECTION("mono or no frame buffer, normal mode") {
    Rig r(true, false);
    CHECK(r.rd() == (MNFMOD | MONO));
  }
  SECTION("colour frame buffer") {
    Rig r(false, false);
    CHECK(r.rd() == MNFMOD);
  }
  SECTION("manufacturing jumper installed reads MNFMOD = 0") {
    Rig r(true, true);
    CHECK(r.rd() == MONO);
  }
  Rig r;
  CHECK_FALSE(r.irq.level());
  CHECK(r.csr.leds() == 0xff);  // active low: nothing lit until the PROM writes
  CHECK(r.rd_erradr() == 0);
}

TEST_CASE("kn01 csr: STATUS, PARDIS, TXDIS are read/write; RO bits ignore writes", "[kn01_csr]") {
  Rig r(true);
  r.wr(0xffff);
  // MEMERR/VINT are write-1-to-clear and were clear; bits 7:0 are LEDs, not read back.
  CHECK(r.rd() == (MNFMOD | MONO | STATUS | PARDIS | TXDIS));
  CHECK(r.csr.txdis());
  CHECK(r.csr.parity_disabled());
  r.wr(0x0000);
  CHECK(r.rd() == (MNFMOD | MONO));  // MNFMOD and MONO are straps, not cleared by writing 0
  CHECK_FALSE(r.csr.txdis());
  // CRSRTST is read-only: writing it does not make it read 1.
  r.wr(CRSRTST);
  CHECK((r.rd() & CRSRTST) == 0);
  // Each RW bit on its own.
  for (u32 bit : {STATUS, PARDIS, TXDIS}) {
    r.wr(bit);
    CHECK(r.rd() == (MNFMOD | MONO | bit));
  }
}

TEST_CASE("kn01 csr: bits 7:0 write the LEDs and read 0", "[kn01_csr]") {
  Rig r;
  r.wr(0x00a5);
  CHECK(r.csr.leds() == 0xa5);
  CHECK((r.rd() & 0xff) == 0);
  r.wr(STATUS | 0x3c);
  CHECK(r.csr.leds() == 0x3c);
  CHECK(r.rd() == (MNFMOD | MONO | STATUS));
}

TEST_CASE("kn01 csr: write timeout sets MEMERR, raises IP6 and latches ERRADR", "[kn01_csr]") {
  Rig r;
  r.csr.memory_write_error(0x13000006);  // a halfword write into the unused slot 3
  CHECK((r.rd() & MEMERR) != 0);
  CHECK(r.irq.level());
  // Linux kn01-berr.c uses ERRADR directly as the physical byte address.
  CHECK(r.rd_erradr() == 0x13000006);
  // Writing 0 to MEMERR does not acknowledge it.
  r.wr(0);
  CHECK((r.rd() & MEMERR) != 0);
  CHECK(r.irq.level());
  // Writing 1 does.
  r.wr(MEMERR);
  CHECK((r.rd() & MEMERR) == 0);
  CHECK_FALSE(r.irq.level());
  CHECK(r.rd_erradr() == 0x13000006);  // the latch keeps the address after the ack
}

TEST_CASE("kn01 csr: Linux's acknowledge keeps its control bits", "[kn01_csr]") {
  // kn01-berr.c: cached = csr & (STATUS|PARDIS|TXDIS) | LEDS; then writes cached|MEMERR.
  Rig r;
  r.wr(STATUS | TXDIS);
  r.csr.memory_write_error(0x16000000);
  const u32 cached = (r.rd() & (STATUS | PARDIS | TXDIS)) | 0xff;
  r.wr(cached | MEMERR, 0, 2);  // Linux uses a 16-bit store
  CHECK(r.rd() == (MNFMOD | MONO | STATUS | TXDIS));
  CHECK_FALSE(r.irq.level());
  CHECK(r.csr.leds() == 0xff);
}

TEST_CASE("kn01 csr: IP6 is the OR of MEMERR and VINT", "[kn01_csr]") {
  Rig r;
  r.csr.video_interrupt();
  CHECK(r.rd() == (MNFMOD | MONO | VINT));
  CHECK(r.irq.level());
  r.csr.memory_write_error(0x14000000);
  r.wr(VINT);  // clear only the video interrupt
  CHECK(r.rd() == (MNFMOD | MONO | MEMERR));
  CHECK(r.irq.level());  // MEMERR still holds the line
  r.wr(MEMERR);
  CHECK_FALSE(r.irq.level());
  // Both at once.
  r.csr.video_interrupt();
  r.csr.memory_write_error(0x14000000);
  r.wr(MEMERR | VINT);
  CHECK(r.rd() == (MNFMOD | MONO));
  CHECK_FALSE(r.irq.level());
}

TEST_CASE("kn01 csr: a later write error overwrites ERRADR", "[kn01_csr]") {
  Rig r;
  r.csr.memory_write_error(0x13000000);
  r.csr.memory_write_error(0x15000010);
  CHECK(r.rd_erradr() == 0x15000010);
}

TEST_CASE("kn01 csr: TXDIS change callback", "[kn01_csr]") {
  Rig r;
  std::vector<bool> seen;
  r.csr.on_txdis_change([&](bool on) { seen.push_back(on); });
  r.wr(TXDIS);
  r.wr(TXDIS | STATUS);  // unchanged TXDIS: no call
  r.wr(STATUS);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0] == true);
  CHECK(seen[1] == false);
  r.wr(TXDIS);
  r.csr.reset();  // reset drops TXDIS, and says so
  REQUIRE(seen.size() == 4);
  CHECK(seen[3] == false);
  CHECK_FALSE(r.csr.txdis());
}

TEST_CASE("kn01 csr: byte lanes of reads and writes", "[kn01_csr]") {
  Rig r;
  r.wr(STATUS | TXDIS);
  // Read lanes: +0 is bits 7:0 (0), +1 bits 15:8, +2/+3 nothing (0).
  CHECK(r.rd(0, 1) == 0);
  CHECK(r.rd(1, 1) == ((MNFMOD | MONO | STATUS | TXDIS) >> 8));
  CHECK(r.rd(0, 2) == (MNFMOD | MONO | STATUS | TXDIS));
  CHECK(r.rd(2, 2) == 0);
  CHECK(r.rd(3, 1) == 0);
  // A byte write to +0 only touches the LEDs: STATUS and TXDIS stay.
  r.wr(0x00, 0, 1);
  CHECK(r.csr.leds() == 0x00);
  CHECK(r.rd() == (MNFMOD | MONO | STATUS | TXDIS));
  // A byte write to +1 touches bits 15:8 but not the LEDs.
  r.csr.memory_write_error(0x13000000);
  r.wr(MEMERR >> 8, 1, 1);
  CHECK(r.rd() == (MNFMOD | MONO));
  CHECK_FALSE(r.irq.level());
  CHECK(r.csr.leds() == 0x00);
  // Lanes 2 and 3 are not connected: a halfword write there changes nothing.
  r.wr(0xffff, 2, 2);
  CHECK(r.rd() == (MNFMOD | MONO));
  CHECK(r.csr.leds() == 0x00);
}

TEST_CASE("kn01 csr: the register repeats every 4 bytes of its window", "[kn01_csr]") {
  Rig r;
  r.wr(PARDIS, 0x00abcdec);
  CHECK(r.rd(0) == (MNFMOD | MONO | PARDIS));
  CHECK(r.rd(0x00fffffc) == (MNFMOD | MONO | PARDIS));
  CHECK(r.rd(0x00123455, 1) == ((MNFMOD | MONO | PARDIS) >> 8));
}

TEST_CASE("kn01 csr: reset clears pending errors and drops IP6", "[kn01_csr]") {
  Rig r;
  r.wr(STATUS | PARDIS | 0x12);
  r.csr.memory_write_error(0x13000000);
  r.csr.video_interrupt();
  REQUIRE(r.irq.level());
  r.csr.reset();
  CHECK(r.rd() == (MNFMOD | MONO));
  CHECK_FALSE(r.irq.level());
  CHECK(r.csr.leds() == 0xff);
  CHECK(r.rd_erradr() == 0);
}

TEST_CASE("kn01 csr: unsupported access sizes are refused", "[kn01_csr]") {
  Rig r;
  u32 v = 0;
  CHECK_FALSE(r.csr.read(0, 3, v));
  CHECK_FALSE(r.csr.write(0, 8, 0));
  CHECK_FALSE(r.erradr.read(0, 0, v));
}

TEST_CASE("kn01 erradr: lanes readable, writes ignored", "[kn01_csr]") {
  Rig r;
  r.csr.memory_write_error(0x12345679);
  CHECK(r.rd_erradr(0, 4) == 0x12345679);
  CHECK(r.rd_erradr(1, 1) == 0x56);
  CHECK(r.rd_erradr(2, 2) == 0x1234);
  CHECK(r.rd_erradr(0x00fff000, 4) == 0x12345679);  // repeats across the window
  REQUIRE(r.erradr.write(0, 4, 0));
  CHECK(r.rd_erradr() == 0x12345679);
  CHECK((r.rd() & MEMERR) != 0);  // writing ERRADR does not acknowledge
}
