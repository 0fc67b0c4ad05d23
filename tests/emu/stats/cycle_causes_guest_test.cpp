// --stats reports cycles by cause (emu/timing/cycle_cause.h) that sum exactly to the
// cycles, for whole runs and for marked regions, in CSV and JSON, for the guests on every
// machine (the linked pair is checked in tests/guest/linked_udp_test.py).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <map>
#include <regex>
#include <sstream>

#include "emu/timing/cycle_cause.h"
#include "support/process.h"

using namespace emu;

namespace {

struct StatsFile {
  std::string path;
  explicit StatsFile(const char* ext) {
    char name[] = "/tmp/emu-causes-XXXXXX";
    const int fd = ::mkstemp(name);
    REQUIRE(fd >= 0);
    ::close(fd);
    ::unlink(name);
    path = std::string(name) + ext;
  }
  ~StatsFile() { ::unlink(path.c_str()); }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  std::istringstream in(line);
  std::string x;
  while (std::getline(in, x, ',')) f.push_back(x);
  return f;
}

std::string run_with_stats(const std::string& machine, const std::string& guest, const char* ext) {
  StatsFile s(ext);
  const test::ProcessResult r = test::run_process(
      {EMU_BINARY, "--machine", machine, "--kernel", std::string(EMU_GUEST_DIR) + "/" + guest, "--stats", s.path}, 300);
  INFO("stderr: " << r.err);
  REQUIRE(r.status == 0);
  return test::slurp_file(s.path);
}

}  // namespace

TEST_CASE("stats CSV: the cycles by cause sum to the cycles, per run and per region, on every machine",
          "[stats][causes]") {
  for (const char* machine : {"ds2100", "ds3100", "ds5000-200"}) {
    for (const char* guest : {"hello.elf", "microbench.elf", "bench_small.elf"}) {
      INFO(machine << " " << guest);
      std::istringstream csv(run_with_stats(machine, guest, ".csv"));
      std::string line;
      REQUIRE(std::getline(csv, line));
      const std::vector<std::string> head = split(line);
      std::map<std::string, size_t> col;
      for (size_t k = 0; k < head.size(); ++k) col[head[k]] = k;
      for (const auto& c : kCycleCauses) REQUIRE(col.count(std::string("cycles_") + c.name));
      unsigned runs = 0;
      while (std::getline(csv, line)) {
        const std::vector<std::string> f = split(line);
        REQUIRE(f.size() == head.size());
        u64 sum = 0;
        for (const auto& c : kCycleCauses) sum += std::stoull(f[col.at(std::string("cycles_") + c.name)]);
        INFO("region " << f[col.at("region")]);
        CHECK(sum == std::stoull(f[col.at("total_cycles")]));
        if (f[col.at("region")] == "run") {
          ++runs;
          CHECK(std::stoull(f[col.at("cycles_issue")]) >= std::stoull(f[col.at("instructions")]));
          CHECK(std::stoull(f[col.at("cycles_issue")]) < sum);  // the timing model charged something
        }
      }
      CHECK(runs == 1);
    }
  }
}

TEST_CASE("stats JSON: cycles_by_cause names every cause and sums to cycles", "[stats][causes]") {
  const std::string js = run_with_stats("ds3100", "hello.elf", ".json");
  std::smatch m;
  REQUIRE(std::regex_search(js, m, std::regex("\n  \"cycles\": (\\d+),\n  \"cycles_by_cause\": \\{([^}]*)\\}")));
  const u64 cycles = std::stoull(m[1]);
  const std::string obj = m[2];
  u64 sum = 0;
  for (const auto& c : kCycleCauses) {
    std::smatch v;
    INFO(c.name);
    REQUIRE(std::regex_search(obj, v, std::regex(std::string("\"") + c.name + "\": (\\d+)")));
    sum += std::stoull(v[1]);
  }
  CHECK(sum == cycles);
  // hello prints through the DZ: device reads took time.
  std::smatch dev;
  REQUIRE(std::regex_search(obj, dev, std::regex("\"device\": (\\d+)")));
  CHECK(std::stoull(dev[1]) > 0);
}
