// Guest-marked regions (emu/stats/regions.h): each completed instance's cycles, the
// count/total/min/median/max, the counters inside, restarts and stray ends, and the JSON
// and CSV reports.
#include <catch2/catch.hpp>

#include <sstream>

#include "emu/cpu/cpu_fixture.h"
#include "emu/stats/regions.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

constexpr u32 begin_op(u32 r) { return emu_op(r, 0x10); }
constexpr u32 end_op(u32 r) { return emu_op(r, 0x11); }

// Region 1 around n no-ops, for each n in ns; region 2 around everything.
Program marked(std::initializer_list<u32> ns) {
  Program p;
  p({ori(t1, zero, 1), ori(t2, zero, 2), begin_op(t2)});
  for (u32 n : ns) {
    p({begin_op(t1)});
    for (u32 i = 0; i < n; ++i) p({nop()});
    p({end_op(t1)});
  }
  p({end_op(t2), halt()});
  return p;
}

}  // namespace

TEST_CASE("a region records the cycles of each instance; the statistics follow", "[stats]") {
  CpuFixture f;  // functional: one cycle per instruction, so the durations are exact
  RegionRecorder rec(f.cpu);
  f.cpu.set_emu_op_handler([&](unsigned op, u32 v) { rec.on_emu_op(op, v); });
  rec.name(1, "nops");
  REQUIRE(f.run_exit(marked({5, 1, 9, 3}).words) == 0);
  const RegionStats& r = rec.regions().at(1);
  // From a begin (its own cycle included) to the end: the begin and n no-ops.
  REQUIRE(r.durations == std::vector<Cycles>{6, 2, 10, 4});
  CHECK(r.total() == 22);
  CHECK(r.min() == 2);
  CHECK(r.max() == 10);
  CHECK(r.median() == 4);  // lower median of {2, 4, 6, 10}
  CHECK(r.instructions == 22);
  CHECK(rec.regions().at(2).durations.size() == 1);

  std::ostringstream json, csv;
  rec.write_json(json, 16'666'667, "");
  CHECK(json.str().find("\"name\": \"nops\", \"count\": 4, \"total_cycles\": 22") != std::string::npos);
  RegionRecorder::write_csv_header(csv);
  rec.write_csv(csv, 16'666'667, 0);
  CHECK(csv.str().find("\n0,1,nops,4,22,2,4,10,") != std::string::npos);
}

TEST_CASE("restarted regions and stray ends are counted, not recorded", "[stats]") {
  CpuFixture f;
  RegionRecorder rec(f.cpu);
  f.cpu.set_emu_op_handler([&](unsigned op, u32 v) { rec.on_emu_op(op, v); });
  Program p;
  p({ori(t1, zero, 7), end_op(t1), begin_op(t1), nop(), begin_op(t1), nop(), end_op(t1), halt()});
  REQUIRE(f.run_exit(p.words) == 0);
  const RegionStats& r = rec.regions().at(7);
  CHECK(r.stray_ends == 1);
  CHECK(r.restarts == 1);
  CHECK(r.durations == std::vector<Cycles>{2});  // from the second begin
}
