// --trace on real guest runs: a traced run is the run it traces (the same cycles, counters
// and cause split as untraced), and the trace accounts for every cycle and instruction.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "emu/net/ethernet.h"
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
  CHECK(t.last_counters.kind == u8(trace::CountersWhat::RunEnd));  // (also after a --max-* stop)
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
  const auto rows = run(d, {"--kernel", guest("hello.elf"), "--max-cycles", "3000000", "--trace", d.path("e.trace"),
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

TEST_CASE("trace: the guest kernel's context switches are recorded, and the trace still accounts for the run",
          "[trace]") {
  test::TempDir d;
  const std::string kernel = std::string(EMU_GUEST_DIR) + "/kernel/kernel.elf";
  const auto rows = run(d, {"--machine", "ds5000-200", "--kernel", kernel, "--append", "ipc_test", "--trace",
                            d.path("k.trace"), "--trace-events", "insn,context,region"},
                        "s.csv");
  trace::TraceReader r(d.path("k.trace"));
  const test::TraceTotals t = test::trace_totals(r);
  CHECK(t.records.at(trace::RecordType::Context) > 2);
  CHECK(t.instructions == std::stoull(rows[0].at("instructions")));
  CHECK(t.cycles() == std::stoull(rows[0].at("total_cycles")));
  // Task ids: the kernel's threads (task 0) and user tasks (1 and up).
  r.seek_chunk(0);
  bool user_task = false;
  for (trace::Record rec; r.next(rec);)
    if (rec.type == trace::RecordType::Context && (rec.a >> 16) != 0) user_task = true;
  CHECK(user_task);
}

TEST_CASE("trace: a linked pair writes one trace per machine, and each frame sent is received on the common time axis",
          "[trace][net]") {
  test::TempDir d;
  const test::ProcessResult p = test::run_process(
      {EMU_BINARY, "--machines", "2", "--kernel", guest("udp_echo.elf"), "--node", "0:append=role=server ip=10.0.0.2",
       "--node", "1:append=role=client ip=10.0.0.1 peer=10.0.0.2 count=3 size=1", "--node",
       "0:trace=" + d.path("server.trace"), "--node", "1:trace=" + d.path("client.trace"), "--trace-events",
       "net,region"},
      300);
  INFO(p.err);
  REQUIRE(p.status == 0);
  struct Seen {
    u64 ps, length;
  };
  std::map<u64, std::vector<Seen>> sent, received;           // by CRC
  for (int k = 0; k < 2; ++k) {
    trace::TraceReader r(d.path(k ? "client.trace" : "server.trace"));
    CHECK(r.header().node == u32(k));
    CHECK(r.header().mac.size() == 17);
    for (trace::Record rec; r.next(rec);) {
      if (rec.type != trace::RecordType::Frame) continue;
      // The picoseconds are the record's instant on the common axis: a frame is sent at a
      // cycle, and received at the first cycle at or after its last bit's arrival.
      if (rec.kind == u8(trace::FrameDir::Sent)) CHECK(rec.a == net::cycles_to_ps(rec.time, r.header().cpu_hz));
      else CHECK(rec.time == net::ps_to_cycles_ceil(rec.a, r.header().cpu_hz));
      (rec.kind == u8(trace::FrameDir::Sent) ? sent : received)[rec.c].push_back({rec.a, rec.n});
    }
  }
  size_t n_sent = 0;
  for (const auto& [crc, list] : sent) n_sent += list.size();
  CHECK(n_sent >= 8);  // ARP both ways and three UDP exchanges
  for (const auto& [crc, list] : sent) {
    INFO("frame CRC " << crc);
    REQUIRE(received.count(crc));
    // Arrival (last bit) = preamble start + wire time (emu/net/ethernet.h), received times
    // rounded up to the receiver's cycle.
    const u64 wire = (64 + 8 * list[0].length) * 100'000;
    CHECK(received[crc][0].ps >= list[0].ps + wire);
  }
}

TEST_CASE("trace: --trace-start and --trace-stop by region trace one instance of the region", "[trace][net]") {
  test::TempDir d;
  const test::ProcessResult p = test::run_process(
      {EMU_BINARY, "--machines", "2", "--kernel", guest("udp_echo.elf"), "--node", "0:append=role=server ip=10.0.0.2",
       "--node", "1:append=role=client ip=10.0.0.1 peer=10.0.0.2 count=3 size=1", "--node",
       "1:trace=" + d.path("rtt.trace"), "--trace-start", "region:1", "--trace-stop", "region:1"},
      300);
  INFO(p.err);
  REQUIRE(p.status == 0);
  trace::TraceReader r(d.path("rtt.trace"));
  const test::TraceTotals t = test::trace_totals(r);
  CHECK(t.first_counters.kind == u8(trace::CountersWhat::Start));
  CHECK(t.last_counters.kind == u8(trace::CountersWhat::Stop));
  CHECK(t.records.at(trace::RecordType::Region) == 1);  // the end (the begin ran before the first traced block)
  CHECK(t.records.at(trace::RecordType::Frame) == 2);   // the request sent, the answer received
  CHECK(t.last_counters.time - t.first_counters.time == t.cycles());
  // One round trip: the client's rtt figures are about 9000 cycles (README, Linking machines).
  CHECK(t.cycles() > 5000);
  CHECK(t.cycles() < 20000);
}

TEST_CASE("trace: instructions stepped one at a time (--trace-exec, delay slots across pages) are traced too",
          "[trace]") {
  test::TempDir d;
  const std::vector<std::string> base = {"--kernel", guest("hello.elf"), "--max-instructions", "60000"};
  const auto plain = run(d, base, "a.csv");
  auto args = base;
  for (const char* a : {"--trace-exec", "--trace-events", "all", "--trace"}) args.push_back(a);
  args.push_back(d.path("x.trace"));
  const auto traced = run(d, args, "b.csv");
  check_same_run(plain[0], traced[0]);
  check_trace_accounts_for(d.path("x.trace"), traced[0]);
}
