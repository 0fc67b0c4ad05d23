// Tests for the LANCE buffer-memory adapters (devices/lance): the KN01 "gap2" buffer RAM,
// the PMAD-AA contiguous SRAM and DMA into main memory through the physical bus. Layouts
// are written out from decstation-memory-maps.md §1.6 / §2.6 and NetBSD if_le_ioasic.c
// (gap2 descriptors, gap16 data), not taken from the adapters' constants.
#include <catch2/catch.hpp>

#include <utility>
#include <vector>

#include "devices/lance/kn01_lance_buffer.h"
#include "devices/lance/main_memory_dma.h"
#include "devices/lance/pmad_buffer.h"

using namespace emu;

namespace {

u32 cpu_read(Device& d, u32 off, unsigned size) {
  u32 v = 0xdeadbeef;
  REQUIRE(d.read(off, size, v));
  return v;
}
void cpu_write(Device& d, u32 off, unsigned size, u32 v) { REQUIRE(d.write(off, size, v)); }
u16 lance_read(LanceMemory& m, u32 l, LanceCycle k = LanceCycle::kData) {
  u16 v = 0xdead;
  REQUIRE(m.read16(l, k, v));
  return v;
}

}  // namespace

TEST_CASE("lance kn01 buffer: CPU halfword at 2L is LANCE word L", "[lance]") {
  Kn01LanceBuffer b;
  // LANCE word at L = 0x1234 <-> CPU offset 2 * 0x1234 = 0x2468, bits 15:0.
  cpu_write(b, 0x2468, 2, 0xbeef);
  CHECK(lance_read(b, 0x1234) == 0xbeef);
  CHECK(lance_read(b, 0x1234, LanceCycle::kControl) == 0xbeef);
  CHECK(cpu_read(b, 0x2468, 4) == 0x0000beef);  // the upper halfword reads 0
  CHECK(cpu_read(b, 0x2468, 1) == 0xef);        // byte lane 0 = even LANCE byte
  CHECK(cpu_read(b, 0x2469, 1) == 0xbe);        // byte lane 1 = odd LANCE byte
  CHECK(cpu_read(b, 0x246a, 2) == 0);           // no RAM in the upper half
  CHECK(cpu_read(b, 0x246b, 1) == 0);
  // Writes to the upper half go nowhere; a longword write stores only bits 15:0.
  cpu_write(b, 0x246a, 2, 0x5555);
  CHECK(lance_read(b, 0x1234) == 0xbeef);
  cpu_write(b, 0x2468, 4, 0xaaaa1111);
  CHECK(lance_read(b, 0x1234) == 0x1111);
  CHECK(cpu_read(b, 0x2468, 4) == 0x1111);
  // Byte writes touch one lane.
  cpu_write(b, 0x2469, 1, 0x77);
  CHECK(lance_read(b, 0x1234) == 0x7711);
  // The neighbouring LANCE word is 4 CPU bytes further on.
  cpu_write(b, 0x246c, 2, 0x0102);
  CHECK(lance_read(b, 0x1236) == 0x0102);
  CHECK(b.word(0x1236 / 2) == 0x0102);
}

TEST_CASE("lance kn01 buffer: LANCE writes, byte lanes, aliasing and window end", "[lance]") {
  Kn01LanceBuffer b;
  REQUIRE(b.write16(0x0010, LanceCycle::kData, 0xa1b2, kLanesBoth));
  CHECK(cpu_read(b, 0x20, 2) == 0xa1b2);
  REQUIRE(b.write16(0x0010, LanceCycle::kData, 0x00c3, kLaneLow));
  CHECK(cpu_read(b, 0x20, 2) == 0xa1c3);
  REQUIRE(b.write16(0x0010, LanceCycle::kData, 0xd400, kLaneHigh));
  CHECK(cpu_read(b, 0x20, 2) == 0xd4c3);
  // LANCE address bits 23:16 are not decoded: 64 KiB aliases.
  CHECK(lance_read(b, 0x010010) == 0xd4c3);
  CHECK(lance_read(b, 0xff0010) == 0xd4c3);
  // The top of the RAM is the top of the 128 KiB window.
  REQUIRE(b.write16(0xfffe, LanceCycle::kData, 0x4242, kLanesBoth));
  CHECK(cpu_read(b, 0x1fffc, 4) == 0x4242);
  u32 v = 0;
  CHECK_FALSE(b.read(0x20000, 4, v));
  CHECK_FALSE(b.write(0x20000, 4, 0));
  CHECK(b.word_ps() == kDefaultLanceWordNs * 1000);
  CHECK(Kn01LanceBuffer(250).word_ps() == 250'000);
}

TEST_CASE("lance pmad buffer: contiguous, any width, little-endian", "[lance]") {
  PmadBuffer b;
  cpu_write(b, 0x1000, 4, 0x44332211);
  CHECK(lance_read(b, 0x1000) == 0x2211);
  CHECK(lance_read(b, 0x1002) == 0x4433);
  CHECK(cpu_read(b, 0x1001, 1) == 0x22);
  CHECK(cpu_read(b, 0x1002, 2) == 0x4433);
  REQUIRE(b.write16(0x1004, LanceCycle::kControl, 0x6655, kLanesBoth));
  CHECK(cpu_read(b, 0x1004, 4) == 0x00006655);
  REQUIRE(b.write16(0x1004, LanceCycle::kData, 0x7700, kLaneHigh));
  CHECK(cpu_read(b, 0x1004, 2) == 0x7755);
  REQUIRE(b.write16(0x1006, LanceCycle::kData, 0x0088, kLaneLow));
  CHECK(b.byte(0x1006) == 0x88);
  CHECK(b.byte(0x1007) == 0x00);
  // The 128 KiB SRAM repeats through the 1 MiB window; the LANCE wraps at 128 KiB.
  CHECK(cpu_read(b, 0x21000, 4) == 0x44332211);
  CHECK(cpu_read(b, 0xe1000, 4) == 0x44332211);
  CHECK(lance_read(b, 0x21000) == 0x2211);
  CHECK(lance_read(b, 0xfe1000) == 0x2211);
  u32 v = 0;
  CHECK_FALSE(b.read(0x100000, 4, v));
  CHECK_FALSE(b.write(0x100000, 1, 0));
}

namespace {

struct BusRig {
  PhysicalBus bus;
  std::vector<u8> ram = std::vector<u8>(0x100000, 0);
  std::vector<std::pair<u32, unsigned>> observed;
  BusRig() {
    bus.map_memory("ram", 0, static_cast<u32>(ram.size()), ram.data(), true);
    bus.set_write_observer([this](u32 pa, unsigned len) { observed.emplace_back(pa, len); });
  }
};

}  // namespace

TEST_CASE("lance main-memory dma: contiguous window, observer, MERR when unmapped", "[lance]") {
  BusRig r;
  MainMemoryDma dma(r.bus, 0x40000);
  REQUIRE(dma.write16(0x0102, LanceCycle::kData, 0xcdab, kLanesBoth));
  CHECK(r.ram[0x40102] == 0xab);
  CHECK(r.ram[0x40103] == 0xcd);
  REQUIRE(r.observed.size() == 1);
  CHECK(r.observed[0] == std::make_pair(0x40102u, 2u));
  // A one-lane write stores one byte and reports one byte.
  REQUIRE(dma.write16(0x0104, LanceCycle::kData, 0xef00, kLaneHigh));
  CHECK(r.ram[0x40104] == 0x00);
  CHECK(r.ram[0x40105] == 0xef);
  CHECK(r.observed.back() == std::make_pair(0x40105u, 1u));
  CHECK(lance_read(dma, 0x0102, LanceCycle::kControl) == 0xcdab);
  // Past the end of RAM nothing answers.
  u16 v = 0;
  CHECK_FALSE(dma.read16(0x0c0000, LanceCycle::kControl, v));
  CHECK_FALSE(dma.write16(0x0c0000, LanceCycle::kData, 1, kLanesBoth));
  dma.set_base(0x80000);
  CHECK(dma.physical(0x10, LanceCycle::kData) == 0x80010);
}

TEST_CASE("lance main-memory dma: IOASIC layout, gap2 control and gap16 data", "[lance]") {
  BusRig r;
  MainMemoryDma dma(r.bus, 0x20000, MainMemoryDma::Layout::kIoasic);
  // Control word at L lives at base + 2L (NetBSD copytobuf_gap2).
  CHECK(dma.physical(0x0008, LanceCycle::kControl) == 0x20010);
  CHECK(dma.physical(0x1000, LanceCycle::kControl) == 0x22000);
  // Data: 16 bytes at base + (2L & ~0x1f) + (L & 0xf) (NetBSD copytobuf_gap16).
  CHECK(dma.physical(0x0000, LanceCycle::kData) == 0x20000);
  CHECK(dma.physical(0x000e, LanceCycle::kData) == 0x2000e);
  CHECK(dma.physical(0x0010, LanceCycle::kData) == 0x20020);
  CHECK(dma.physical(0x0013, LanceCycle::kData) == 0x20023);
  CHECK(dma.physical(0x1234, LanceCycle::kData) == 0x20000 + 0x2460 + 0x4);
  REQUIRE(dma.write16(0x0012, LanceCycle::kData, 0x2211, kLanesBoth));
  CHECK(r.ram[0x20022] == 0x11);
  CHECK(r.ram[0x20023] == 0x22);
  REQUIRE(dma.write16(0x0012, LanceCycle::kControl, 0x4433, kLanesBoth));
  CHECK(r.ram[0x20024] == 0x33);
  CHECK(r.ram[0x20025] == 0x44);
}
