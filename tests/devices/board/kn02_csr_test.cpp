// Tests for the KN02 system CSR, ERRADR and CHKSYN (devices/board/kn02_csr). Expected
// values come from decstation-memory-maps.md §2.3-§2.5 (NetBSD kn02.h bit map) and from the
// way NetBSD dec_3max.c / memc_3max.c write and decode these registers.
#include "devices/board/kn02_csr.h"

#include <catch2/catch.hpp>

#include <vector>

#include "emu/common/error.h"

using namespace emu;

namespace {

// Bit values from the reference table (independent of the class constants).
constexpr u32 PSWARN = 0x08000000, PRSVNVR = 0x04000000, REFEVEN = 0x02000000,
              NRMMOD = 0x01000000, IOINTEN = 0x00ff0000, TXDIS = 0x00000800,
              BNK32M = 0x00000400, BAUD38 = 0x00000100;
constexpr u32 IP_DZ = 0x80, IP_LANCE = 0x40, IP_SCSI = 0x20;

struct Rig {
  IrqLine io;  // CPU Int0 / IP2
  Kn02Csr csr;
  explicit Rig(bool preserve_nvram = true) : csr(io, preserve_nvram) {}
  // A read with REFEVEN masked out (it toggles per read).
  u32 rd(u32 off = 0, unsigned size = 4) {
    u32 v = 0xdeadbeef;
    REQUIRE(csr.read(off, size, v));
    const u32 lanes = size == 4 ? ~0u : (1u << (8 * size)) - 1;
    return v & ~((REFEVEN >> (8 * (off & 3))) & lanes);
  }
  u32 rd_raw() {
    u32 v = 0;
    REQUIRE(csr.read(0, 4, v));
    return v;
  }
  void wr(u32 v, u32 off = 0, unsigned size = 4) { REQUIRE(csr.write(off, size, v)); }
};

}  // namespace

TEST_CASE("kn02 csr: reset value", "[kn02_csr]") {
  SECTION("NVRAM-preserve jumper in the normal position") {
    Rig r;
    CHECK(r.rd_raw() == (NRMMOD | PRSVNVR));  // first read: REFEVEN still 0
  }
  SECTION("NVRAM-clear position") {
    Rig r(false);
    CHECK(r.rd_raw() == NRMMOD);
  }
  Rig r;
  CHECK((r.rd() & NRMMOD) != 0);  // the 5000/200 PROM loops forever if this reads 0
  CHECK((r.rd() & PSWARN) == 0);
  CHECK((r.rd() & 0xf0000000) == 0);
  CHECK_FALSE(r.io.level());
  CHECK(r.csr.leds() == 0xff);
}

TEST_CASE("kn02 csr: REFEVEN toggles on every read, deterministically", "[kn02_csr]") {
  Rig r;
  std::vector<u32> seq;
  for (int i = 0; i < 4; ++i) seq.push_back(r.rd_raw() & REFEVEN);
  CHECK(seq == std::vector<u32>{0, REFEVEN, 0, REFEVEN});
  // value() is a side-effect-free peek.
  const u32 a = r.csr.value(), b = r.csr.value();
  CHECK(a == b);
}

TEST_CASE("kn02 csr: bits 23:8 are read/write, 31:24 and pending are not", "[kn02_csr]") {
  Rig r;
  r.wr(0xffffffff);
  CHECK(r.rd() == (NRMMOD | PRSVNVR | 0x00ffff00));  // pending bits 7:0 still 0
  CHECK(r.csr.leds() == 0xff);
  CHECK(r.csr.bnk32m());
  CHECK(r.csr.baud38());
  CHECK(r.csr.txdis());
  r.wr(0x00000000);
  CHECK(r.rd() == (NRMMOD | PRSVNVR));  // NRMMOD/PRSVNVR are jumpers, unaffected
  CHECK(r.csr.leds() == 0x00);
  r.wr(0x0f000000);  // PSWARN..NRMMOD positions: read-only
  CHECK(r.rd() == (NRMMOD | PRSVNVR));
}

TEST_CASE("kn02 csr: cascade asserts IP2 only for enabled pending sources", "[kn02_csr]") {
  Rig r;
  r.csr.set_source(Kn02Csr::kDz, true);
  CHECK((r.rd() & 0xff) == IP_DZ);  // pending is visible before it is enabled
  CHECK_FALSE(r.io.level());
  r.wr(IP_DZ << 16);
  CHECK(r.io.level());
  r.wr(IP_LANCE << 16);  // enable only the LANCE: DZ still pending, masked
  CHECK_FALSE(r.io.level());
  r.csr.set_source(Kn02Csr::kLance, true);
  CHECK(r.io.level());
  r.csr.set_source(Kn02Csr::kLance, false);
  CHECK_FALSE(r.io.level());
  CHECK((r.rd() & 0xff) == IP_DZ);
  // NetBSD's dispatch: csr & (csr >> 16) & 0xff selects exactly the enabled pending ones.
  r.wr((IP_DZ | IP_SCSI) << 16);
  r.csr.set_source(Kn02Csr::kScsi, true);
  const u32 csr = r.rd();
  CHECK((csr & (csr >> 16) & 0xff) == (IP_DZ | IP_SCSI));
}

TEST_CASE("kn02 csr: IP2 == (IOINT & IOINTEN) != 0 for every source and enable", "[kn02_csr]") {
  Rig r;
  for (unsigned n = 0; n < 8; ++n) {
    for (unsigned e = 0; e < 8; ++e) {
      r.csr.reset();
      for (unsigned s = 0; s < 8; ++s) r.csr.set_source(s, false);
      r.csr.set_source(n, true);
      r.wr(1u << (16 + e));
      INFO("source " << n << " enable " << e);
      CHECK(r.io.level() == (n == e));
      CHECK(r.csr.pending() == (1u << n));
    }
  }
}

TEST_CASE("kn02 csr: writing bits 7:0 sets the LEDs, never the pending state", "[kn02_csr]") {
  Rig r;
  r.csr.set_source(Kn02Csr::kDz, true);
  r.wr((IP_DZ << 16) | 0x00);  // writes 0 over the pending DZ bit
  CHECK((r.rd() & 0xff) == IP_DZ);
  CHECK(r.io.level());
  r.wr((IP_DZ << 16) | 0x5a);
  CHECK((r.rd() & 0xff) == IP_DZ);
  CHECK(r.csr.leds() == 0x5a);
}

TEST_CASE("kn02 csr: NetBSD's read-modify-write of the enables", "[kn02_csr]") {
  // dec_3max_intr_establish: csr = CSR & 0x00ffff00; csr |= bit << 16; CSR = csr.
  Rig r;
  r.wr(BNK32M | (IP_DZ << 16));
  r.csr.set_source(Kn02Csr::kDz, true);
  u32 csr = r.rd() & 0x00ffff00;
  csr |= IP_LANCE << 16;
  r.wr(csr);
  CHECK(r.csr.enables() == (IP_DZ | IP_LANCE));
  CHECK(r.csr.bnk32m());
  CHECK(r.csr.pending() == IP_DZ);
}

TEST_CASE("kn02 csr: byte and halfword lanes", "[kn02_csr]") {
  Rig r;
  r.wr(TXDIS | (IP_SCSI << 16) | 0x11);
  r.wr(0x80, 2, 1);  // byte at +2: IOINTEN only
  CHECK(r.csr.enables() == 0x80);
  CHECK(r.csr.txdis());
  CHECK(r.csr.leds() == 0x11);
  r.wr(0x00, 1, 1);  // byte at +1: bits 15:8 only
  CHECK_FALSE(r.csr.txdis());
  CHECK(r.csr.enables() == 0x80);
  r.wr(0xffff, 2, 2);  // halfword at +2: IOINTEN plus read-only 31:24
  CHECK(r.csr.enables() == 0xff);
  CHECK((r.rd() & 0xff000000) == (NRMMOD | PRSVNVR));
  CHECK(r.rd(3, 1) == ((NRMMOD | PRSVNVR) >> 24));
  CHECK(r.rd(2, 1) == 0xff);
  CHECK(r.rd(0x7fff8) == (NRMMOD | PRSVNVR | IOINTEN));  // repeats across the sub-slot
}

TEST_CASE("kn02 csr: BAUD38 and TXDIS callbacks fire on change only", "[kn02_csr]") {
  Rig r;
  std::vector<bool> baud, txdis;
  r.csr.on_baud38_change([&](bool on) { baud.push_back(on); });
  r.csr.on_txdis_change([&](bool on) { txdis.push_back(on); });
  r.wr(BAUD38);
  r.wr(BAUD38 | BNK32M);
  r.wr(BAUD38 | TXDIS);
  r.wr(0);
  CHECK(baud == std::vector<bool>{true, false});
  CHECK(txdis == std::vector<bool>{true, false});
}

TEST_CASE("kn02 csr: sources survive a reset, enables do not", "[kn02_csr]") {
  Rig r;
  r.csr.set_source(Kn02Csr::kSlot1, true);
  r.wr(0x02 << 16);
  REQUIRE(r.io.level());
  r.csr.reset();
  CHECK_FALSE(r.io.level());
  CHECK(r.csr.pending() == 0x02);
  r.wr(0x02 << 16);
  CHECK(r.io.level());
}

TEST_CASE("kn02 csr: source sinks plug into IrqLine; bad numbers refused", "[kn02_csr]") {
  Rig r;
  IrqLine dz_line(r.csr.source(Kn02Csr::kDz));
  r.wr(IP_DZ << 16);
  dz_line.set(true);
  CHECK(r.io.level());
  dz_line.set(false);
  CHECK_FALSE(r.io.level());
  CHECK_THROWS_AS(r.csr.set_source(8, true), EmulatorError);
  CHECK_THROWS_AS(r.csr.source(8), EmulatorError);
  u32 v;
  CHECK_FALSE(r.csr.read(0, 3, v));
}

// ---------------------------------------------------------------------------------------

namespace {
// Linux ecc-berr.c dec_ecc_be_backend(): the byte address software derives from ERRADR
// (the pipelining correction only for ECC errors on reads).
u32 linux_physadr(u32 erradr) {
  u32 physadr = erradr & 0x07ffffff;
  if ((erradr & (0x20000000 | 0x10000000)) == 0x10000000)
    physadr = (physadr & ~0xfffu) | ((physadr - 5) & 0xfff);
  return physadr << 2;
}
}  // namespace

TEST_CASE("kn02 erradr: a CPU write timeout", "[kn02_csr]") {
  IrqLine ip5;
  Kn02Erradr e(ip5);
  u32 v = 1;
  REQUIRE(e.read(0, 4, v));
  CHECK(v == 0);
  CHECK_FALSE(ip5.level());
  e.memory_error(0x1e000004, /*write=*/true, /*cpu=*/true);
  REQUIRE(e.read(0, 4, v));
  // VALID | CPU | WRITE, ECCERR 0 (timeout), word address 0x1e000004 >> 2 = 0x07800001.
  CHECK(v == (0x80000000u | 0x40000000u | 0x20000000u | 0x07800001u));
  CHECK(linux_physadr(v) == 0x1e000004);
  CHECK(ip5.level());
  REQUIRE(e.read(3, 1, v));
  CHECK(v == 0xe7);
}

TEST_CASE("kn02 erradr: a read timeout latches its exact address", "[kn02_csr]") {
  IrqLine ip5;
  Kn02Erradr e(ip5);
  e.memory_error(0x1ec00ff8, /*write=*/false, /*cpu=*/true);
  u32 v = 0;
  REQUIRE(e.read(0, 4, v));
  CHECK(v == (0xc0000000u | (0x1ec00ff8u >> 2)));  // VALID | CPU, read, timeout
  CHECK(linux_physadr(v) == 0x1ec00ff8);
  CHECK(ip5.level());
}

TEST_CASE("kn02 erradr: an ECC read error is latched 5 words ahead (MT pipelining)", "[kn02_csr]") {
  IrqLine ip5;
  Kn02Erradr e(ip5);
  e.memory_error(0x00400ff8, /*write=*/false, /*cpu=*/true, /*ecc=*/true);
  u32 v = 0;
  REQUIRE(e.read(0, 4, v));
  CHECK((v & 0xf0000000) == 0xd0000000u);  // VALID | CPU | ECCERR, read
  CHECK(linux_physadr(v) == 0x00400ff8);
  // Decision: the +5 pipeline offset wraps inside the 12-bit field.
  Kn02Erradr w(ip5);
  w.memory_error(0x00403ffc, false, false, true);  // word 0x00100fff
  REQUIRE(w.read(0, 4, v));
  CHECK(v == (0x90000000u | 0x00100004u));
  CHECK(linux_physadr(v) == 0x00403ffc);
  // ECC errors on writes are not pipelined.
  Kn02Erradr x(ip5);
  x.memory_error(0x00400ff8, true, true, true);
  CHECK(x.value() == (0xf0000000u | (0x00400ff8u >> 2)));
}

TEST_CASE("kn02 erradr: DMA errors, first error kept, write clears", "[kn02_csr]") {
  IrqLine ip5;
  Kn02Erradr e(ip5);
  e.memory_error(0x1e800000, /*write=*/true, /*cpu=*/false);
  e.memory_error(0x1f000000, true, true);  // ignored: VALID still set
  u32 v = 0;
  REQUIRE(e.read(0, 4, v));
  CHECK(v == (0x80000000u | 0x20000000u | (0x1e800000u >> 2)));
  REQUIRE(e.write(0, 4, 0));  // NetBSD: *ERRADR = 0
  REQUIRE(e.read(0, 4, v));
  CHECK(v == 0);
  CHECK_FALSE(ip5.level());
  e.memory_error(0x1f000000, true, true);  // latches again once cleared
  CHECK(ip5.level());
  CHECK(e.value() == (0xe0000000u | (0x1f000000u >> 2)));
  e.reset();
  CHECK(e.value() == 0);
  CHECK_FALSE(ip5.level());
}

TEST_CASE("kn02 chksyn: reads 0 unless set, any write clears", "[kn02_csr]") {
  Kn02Chksyn c;
  u32 v = 1;
  REQUIRE(c.read(0, 4, v));
  CHECK(v == 0);
  c.set(0x80ff8001);
  REQUIRE(c.read(0, 4, v));
  CHECK(v == 0x80ff8001);
  REQUIRE(c.read(2, 2, v));
  CHECK(v == 0x80ff);
  REQUIRE(c.write(0, 4, 0));
  REQUIRE(c.read(0, 4, v));
  CHECK(v == 0);
}
