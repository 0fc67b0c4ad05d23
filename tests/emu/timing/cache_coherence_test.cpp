// The coherence checker (emu/timing/memory_system.h): a load that hits a D-cache line made
// stale behind the cache is reported; in the default mode it reads memory, with
// --cache-data it reads the cache's (stale) word, as on hardware. Stale lines arise from
// DMA (bus writes by others), uncached stores through kseg1 and isolated stores; an
// instruction fetched from an I-cache line whose code was overwritten is reported too.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "emu/timing/timed_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

constexpr u32 kData = CpuFixture::kDataBase;  // kseg0
constexpr u32 kDataPa = kData & 0x1fffffff;

// t0 = word at kData (through kseg0); halt.
Program load_data() {
  Program p;
  p.li(t1, kData)({lw(t0, 0, t1), nop(), halt()});
  return p;
}

}  // namespace

TEST_CASE("a DMA write behind a cached line makes the next load report it", "[timing][coherence]") {
  for (const bool cache_data : {false, true}) {
    INFO("cache_data " << cache_data);
    TimedFixture f(cache_data);
    f.poke32(kData, 0x1111);
    REQUIRE(f.run_exit(load_data().words) == 0);
    CHECK(f.cpu.gpr(t0) == 0x1111);
    CHECK(f.counters().dload_misses == 1);
    CHECK(f.counters().stale_loads == 0);

    f.bus.write(kDataPa, 4, 0x2222);  // a DMA master (not the CPU) writes memory
    REQUIRE(f.run_exit(load_data().words) == 0);
    CHECK(f.counters().stale_loads == 1);
    CHECK(f.cpu.gpr(t0) == (cache_data ? 0x1111u : 0x2222u));
    const std::string r = f.reports();
    CHECK(r.find("stale D-cache line") != std::string::npos);
    CHECK(r.find("DMA") != std::string::npos);
  }
}

TEST_CASE("invalidating the line by isolation before reading clears the staleness", "[timing][coherence]") {
  TimedFixture f;
  f.poke32(kData, 0x1111);
  REQUIRE(f.run_exit(load_data().words) == 0);
  f.bus.write(kDataPa, 4, 0x2222);
  // Status = IsC; sb zero, kData (invalidate); Status = 0; then the load refills.
  Program p;
  p.li(t1, kData).li(t2, 1u << 16)({mtc0(t2, c0_status), nop(), sb(zero, 0, t1), mtc0(zero, c0_status), nop(),
                                     lw(t0, 0, t1), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(t0) == 0x2222);
  CHECK(f.counters().stale_loads == 0);
  CHECK(f.counters().dload_misses == 2);
  // (The fixture loads the second program behind the I-cache, which is reported for the
  // I-cache; the D-side is what this test is about.)
  CHECK(f.reports().find("stale D-cache") == std::string::npos);
}

TEST_CASE("an uncached store through kseg1 leaves the cached copy stale", "[timing][coherence]") {
  TimedFixture f(true);
  f.poke32(kData, 0x1111);
  Program p;
  p.li(t1, kData).li(t2, kData | 0x20000000).li(t3, 0x3333)(
      {lw(t0, 0, t1), nop(), sw(t3, 0, t2), lw(t4, 0, t1), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.peek32(kData) == 0x3333);  // memory has the new word
  CHECK(f.cpu.gpr(t4) == 0x1111);    // the cache still answers with the old one
  CHECK(f.counters().stale_loads == 1);
  CHECK(f.reports().find("uncached store") != std::string::npos);
}

TEST_CASE("a full-word cached store makes a stale line good again", "[timing][coherence]") {
  TimedFixture f(true);
  f.poke32(kData, 0x1111);
  REQUIRE(f.run_exit(load_data().words) == 0);
  f.bus.write(kDataPa, 4, 0x2222);
  Program p;
  p.li(t1, kData).li(t3, 0x4444)({sw(t3, 0, t1), lw(t0, 0, t1), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.cpu.gpr(t0) == 0x4444);
  CHECK(f.counters().stale_loads == 0);
}

TEST_CASE("code overwritten after it was fetched is reported from the I-cache", "[timing][coherence]") {
  TimedFixture f;
  // A routine at kRoutine: t0 = 1; jr ra. Call it, overwrite its first word with
  // t0 = 2, call it again without flushing the I-cache.
  constexpr u32 kRoutine = CpuFixture::kDataBase + 0x1000;
  f.load(kRoutine, {ori(t0, zero, 1), jr(ra), nop()});
  Program p;
  p.li(t1, kRoutine).li(t2, ori(t0, zero, 2))({jalr(ra, t1), nop(), sw(t2, 0, t1), jalr(ra, t1), nop(), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  CHECK(f.counters().stale_fetches == 1);
  CHECK(f.reports().find("instruction fetch") != std::string::npos);
}

TEST_CASE("loads and stores in the functional mode report nothing and keep no counters", "[timing][coherence]") {
  CpuFixture f;  // no timing profile
  f.poke32(kData, 0x1111);
  REQUIRE(f.run_exit(load_data().words) == 0);
  f.bus.write(kDataPa, 4, 0x2222);
  REQUIRE(f.run_exit(load_data().words) == 0);
  CHECK(f.cpu.gpr(t0) == 0x2222);
  CHECK(f.cpu.memory_system().counters.dload_cached == 0);
  CHECK(f.cpu.memory_system().counters.stale_loads == 0);
}
