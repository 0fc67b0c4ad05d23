// --trace on real guest runs: a traced run is the run it traces (the same cycles, counters
// and cause split as untraced), and the trace accounts for every cycle and instruction.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "emu/timing/cycle_cause.h"
#include "emu/trace/trace_reader.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "trace_totals.h"

using namespace emu;

namespace {

using Row = std::map<std::string, std::string>;

// The "run" rows of a --stats CSV, one per machine.
std::vector<Row> run_rows(const std::string& csv_text) {
  std::istringstream csv(csv_text);
  auto split = [](const std::string& line) {
    std::vector<std::string> f;
    std::istringstream in(line);
    for (std::string x; std::getline(in, x, ',');) f.push_back(x);
    return f;
  };
  std::string line;
  REQUIRE(std::getline(csv, line));
  const auto head = split(line);
  std::vector<Row> rows;
  while (std::getline(csv, line)) {
    const auto f = split(line);
    Row r;
    for (size_t k = 0; k < head.size() && k < f.size(); ++k) r[head[k]] = f[k];
    if (r["region"] == "run") rows.push_back(r);
  }
  return rows;
}

// Runs emu with `args` and --stats; returns the run rows.
std::vector<Row> run(const test::TempDir& d, std::vector<std::string> args, const char* stats_name) {
  args.insert(args.begin(), EMU_BINARY);
  args.push_back("--stats");
  args.push_back(d.path(stats_name));
  const test::ProcessResult r = test::run_process(args, 300);
  INFO("stderr: " << r.err);
  REQUIRE((r.status == 0 || r.status == 4));
  return run_rows(test::slurp_file(d.path(stats_name)));
}

std::string guest(const char* name) { return std::string(EMU_GUEST_DIR) + "/" + name; }

// Everything --stats reports but the host's time.
void check_same_run(const Row& a, const Row& b) {
  for (const auto& [k, v] : a) {
    if (k.find("host") != std::string::npos || k == "mips") continue;
    INFO(k);
    CHECK(b.at(k) == v);
  }
}

void check_trace_accounts_for(const std::string& path, const Row& stats) {
  trace::TraceReader r(path);
  const test::TraceTotals t = test::trace_totals(r);
  CHECK(t.instructions == std::stoull(stats.at("instructions")));
  CHECK(t.cycles() == std::stoull(stats.at("total_cycles")));
  for (const auto& c : kCycleCauses) {
    INFO(c.name);
    const u64 traced = t.by_cause.count(c.name) ? t.by_cause.at(c.name) : 0;
    CHECK(traced == std::stoull(stats.at(std::string("cycles_") + c.name)));
  }
  // The snapshots bracket the trace: from power-on to the end here.
  REQUIRE(t.first_counters.type == trace::RecordType::Counters);
  CHECK(t.first_counters.kind == u8(trace::CountersWhat::Start));
  CHECK(t.last_counters.kind == u8(trace::CountersWhat::RunEnd));
  CHECK(t.last_counters.a - t.first_counters.a == t.instructions);
  CHECK(t.last_counters.time - t.first_counters.time == t.cycles());
}

}  // namespace

TEST_CASE("trace: a traced run has the untraced run's cycles, and the trace accounts for all of them",
          "[trace]") {
  test::TempDir d;
  for (const char* machine : {"ds3100", "ds5000-200"}) {
    for (const char* g : {"hello.elf", "microbench.elf"}) {
      for (const char* timing : {"on", "off"}) {
        INFO(machine << " " << g << " timing " << timing);
        const std::vector<std::string> base = {"--machine", machine, "--kernel", guest(g), "--timing", timing};
        const auto plain = run(d, base, "a.csv");
        auto traced_args = base;
        for (const char* a : {"--trace", "", "--trace-events", "all"}) traced_args.push_back(a);
        traced_args[base.size() + 1] = d.path("t.trace");
        const auto traced = run(d, traced_args, "b.csv");
        REQUIRE(plain.size() == 1);
        REQUIRE(traced.size() == 1);
        check_same_run(plain[0], traced[0]);
        check_trace_accounts_for(d.path("t.trace"), traced[0]);
      }
    }
  }
}

TEST_CASE("trace: events only, stopped by --max-cycles, still brackets the run with counters", "[trace]") {
  test::TempDir d;
  const auto rows = run(d, {"--kernel", guest("hello.elf"), "--max-cycles", "1000000", "--trace", d.path("e.trace"),
                            "--trace-events", "exc,dev"},
                        "s.csv");
  trace::TraceReader r(d.path("e.trace"));
  const test::TraceTotals t = test::trace_totals(r);
  CHECK(t.blocks == 0);
  CHECK(t.records.count(trace::RecordType::Dev));
  CHECK(t.last_counters.a == std::stoull(rows[0].at("instructions")));
  CHECK(t.last_counters.time == std::stoull(rows[0].at("total_cycles")));
}

TEST_CASE("trace: --trace-start and --trace-stop by cycle bound the records", "[trace]") {
  test::TempDir d;
  run(d, {"--kernel", guest("hello.elf"), "--trace", d.path("w.trace"), "--trace-start", "cycle:200000",
          "--trace-stop", "300000"},
      "s.csv");
  trace::TraceReader r(d.path("w.trace"));
  CHECK(r.header().start == "cycle:200000");
  const test::TraceTotals t = test::trace_totals(r);
  // Instructions start at the first block boundary at or after the cycle.
  CHECK(t.first_counters.time >= 200000);
  CHECK(t.first_counters.time < 200000 + 200);
  CHECK(t.last_counters.kind == u8(trace::CountersWhat::Stop));
  CHECK(t.last_counters.time >= 300000);
  CHECK(t.last_counters.time < 300000 + 200);
  CHECK(t.last_counters.time - t.first_counters.time == t.cycles());
  CHECK(t.last_counters.a - t.first_counters.a == t.instructions);
}

TEST_CASE("trace: the size cap ends the trace with a message, and the run goes on", "[trace]") {
  test::TempDir d;
  const std::string path = d.path("cap.trace");
  const test::ProcessResult p = test::run_process(
      {EMU_BINARY, "--kernel", guest("bench_small.elf"), "--trace", path, "--trace-max-bytes", "65536",
       "--trace-events", "all", "--stats", d.path("s.csv")},
      300);
  INFO(p.err);
  REQUIRE(p.status == 0);
  CHECK(p.err.find("--trace " + path + ": reached --trace-max-bytes 65536 at cycle") != std::string::npos);
  trace::TraceReader r(path);
  const test::TraceTotals t = test::trace_totals(r);
  CHECK(t.last_counters.kind == u8(trace::CountersWhat::Stop));
  CHECK(t.last_counters.time - t.first_counters.time == t.cycles());
  CHECK(test::slurp_file(path).size() < 65536 + 65536);
  const auto rows = run_rows(test::slurp_file(d.path("s.csv")));
  CHECK(std::stoull(rows[0].at("instructions")) > t.last_counters.a);  // the run went on
}
