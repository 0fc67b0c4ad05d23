// Region footprints (emu/stats/regions.h, emu/mem/footprint.h): the distinct I- and
// D-cache lines each instance touched, on the block and the single-step paths, and the
// promise that recording them changes no cycle count.
#include <catch2/catch.hpp>

#include <sstream>

#include "emu/stats/regions.h"
#include "emu/timing/timed_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

constexpr u32 begin_op(u32 r) { return emu_op(r, 0x10); }
constexpr u32 end_op(u32 r) { return emu_op(r, 0x11); }
// A no-op of the same cost as a marker (an ALU instruction), for the unmarked twin.
constexpr u32 not_a_marker() { return ori(zero, zero, 0); }

// t0 = data (kDataBase, cached), t3 = the same through kseg1 (uncached). Region 1 (t1):
// loads/stores to 5 distinct cached words (one of them
// twice, one partial-word store, an SWL/LWR pair) and one uncached load; region 2 (t2),
// nested, around the last two accesses only. `marked` false replaces the markers.
std::vector<u32> program(bool marked) {
  auto b = [&](u32 r) { return marked ? begin_op(r) : not_a_marker(); };
  auto e = [&](u32 r) { return marked ? end_op(r) : not_a_marker(); };
  return {lui(t0, 0x8001), lui(t3, 0xa001), ori(t1, zero, 1), ori(t2, zero, 2),
          b(t1),
          lw(a0, 0, t0), sw(a0, 4, t0), lw(a1, 4, t0), sb(a1, 9, t0), swl(a1, 15, t0), lwr(a2, 12, t0),
          lw(a3, 0x40, t3),  // uncached: no line
          b(t2),
          sw(a0, 16, t0), lw(a0, 20, t0),
          e(t2),
          e(t1),
          halt()};
}

}  // namespace

TEST_CASE("a region reports the distinct I- and D-lines of each instance", "[stats][footprint]") {
  for (bool step : {false, true}) {
    for (bool timed : {false, true}) {
      CAPTURE(step, timed);
      CpuFixture plain;
      TimedFixture timed_fixture;
      CpuFixture& f = timed ? static_cast<CpuFixture&>(timed_fixture) : plain;
      f.set_single_step(step);
      RegionRecorder rec(f.cpu);
      f.cpu.set_emu_op_handler([&](unsigned op, u32 v) { rec.on_emu_op(op, v); });
      REQUIRE(f.run_exit(program(true)) == 0);
      const RegionStats& r1 = rec.regions().at(1);
      const RegionStats& r2 = rec.regions().at(2);
      // Region 1: the 9 instructions between its markers (markers are never counted, region
      // 2's neither); data words 0, 4, 8, 12, 16, 20 (not the uncached one).
      CHECK(r1.i_lines == std::vector<u32>{9});
      CHECK(r1.d_lines == std::vector<u32>{6});
      CHECK(r2.i_lines == std::vector<u32>{2});
      CHECK(r2.d_lines == std::vector<u32>{2});
    }
  }
}

TEST_CASE("recording a footprint changes no cycle count", "[stats][footprint]") {
  // The same program with and without markers, cold and warm, in the timing model: the
  // markers divert loads and stores to the CPU's slow path while a region is open, which
  // must price them exactly as the inline path does.
  TimedFixture marked, unmarked;
  RegionRecorder rec(marked.cpu);
  marked.cpu.set_emu_op_handler([&](unsigned op, u32 v) { rec.on_emu_op(op, v); });
  REQUIRE(marked.run_warm(program(true)) == 0);
  REQUIRE(unmarked.run_warm(program(false)) == 0);
  CHECK(marked.cpu.cycles() == unmarked.cpu.cycles());
  CHECK(marked.counters().dload_misses == unmarked.counters().dload_misses);
  CHECK(marked.counters().wb_full_cycles == unmarked.counters().wb_full_cycles);
  CHECK(rec.regions().at(1).d_lines == std::vector<u32>{6, 6});
}

TEST_CASE("footprints appear in the region table, JSON and CSV", "[stats][footprint]") {
  CpuFixture f;
  RegionRecorder rec(f.cpu);
  f.cpu.set_emu_op_handler([&](unsigned op, u32 v) { rec.on_emu_op(op, v); });
  REQUIRE(f.run_exit(program(true)) == 0);
  std::ostringstream table, json, csv;
  rec.write_table(table, 16'666'667);
  CHECK(table.str().find("I bytes  D bytes") != std::string::npos);
  CHECK(table.str().find("       36       24\n") != std::string::npos);  // region 1
  rec.write_json(json, 16'666'667, "");
  CHECK(json.str().find("\"footprint\": {\"line_bytes\": 4, \"i_bytes_min\": 36, \"i_bytes_median\": 36, "
                        "\"i_bytes_max\": 36, \"d_bytes_min\": 24") != std::string::npos);
  CHECK(json.str().find("\"i_lines\": [9],") != std::string::npos);
  CHECK(json.str().find("\"i_conflict_lines_median\": 0, \"d_conflict_lines_median\": 0,") != std::string::npos);
  RegionRecorder::write_csv_header(csv);
  rec.write_csv(csv, 16'666'667, 0);
  CHECK(csv.str().find(",d_bytes_median,d_bytes_max,i_conflict_lines_median,d_conflict_lines_median\n") !=
        std::string::npos);
  CHECK(csv.str().find(",36,36,36,24,24,24,0,0\n") != std::string::npos);
}

TEST_CASE("a region's footprint follows loops, exceptions and blocks", "[stats][footprint]") {
  // Region 1: a loop of 3 instructions run 4 times (counted once), a system call whose
  // handler (5 instructions at the general vector) returns past it, then one no-op.
  for (bool step : {false, true}) {
    CAPTURE(step);
    CpuFixture f;
    f.load(CpuFixture::kGeneralVector, {mfc0(k0, c0_epc), nop(), addiu(k0, k0, 4), jr(k0), rfe()});
    f.set_single_step(step);
    RegionRecorder rec(f.cpu);
    f.cpu.set_emu_op_handler([&](unsigned op, u32 v) { rec.on_emu_op(op, v); });
    REQUIRE(f.run_exit({ori(t1, zero, 1), ori(t2, zero, 4), begin_op(t1),
                        addiu(t2, t2, -1), bgtz(t2, -2), nop(),  // the loop
                        syscall(), nop(), end_op(t1), halt()}) == 0);
    const RegionStats& r = rec.regions().at(1);
    CHECK(r.i_lines == std::vector<u32>{3 + 1 + 5 + 1});
    CHECK(r.d_lines == std::vector<u32>{0});
  }
}
