// The guest LANCE driver's self-test (guest/net/lance_test.cpp) and the udp_echo server
// run in `emu` as processes, on both boards, with the LANCE's own buffer and with
// --lance-dma main: every check must pass and no coherence report may appear on stderr;
// the deliberate no-invalidation variant must produce the report, and with --cache-data
// the guest must see the stale bytes. The check counts are pinned so that a check that
// silently stops running is noticed.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/process.h"

using namespace emu;

namespace {

test::ProcessResult run_emu(std::vector<std::string> args) {
  std::vector<std::string> argv = {EMU_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  test::ProcessResult r = test::run_process(argv);
  std::string out;  // the guest writes CR LF
  for (char c : r.out)
    if (c != '\r') out += c;
  r.out = out;
  return r;
}

std::string guest(const char* name) { return std::string(EMU_GUEST_DIR) + "/" + name; }

bool contains(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

struct LanceRun {
  const char* what;
  std::vector<std::string> args;
  const char* banner;  // first line's board and DMA path
  unsigned checks;
};

}  // namespace

TEST_CASE("lance_test passes on both boards, with board buffers and main-memory DMA", "[guest][net]") {
  const LanceRun runs[] = {
      {"ds3100", {"--machine", "ds3100"}, "DECstation 2100/3100 (KN01), KN01 buffer (gap2)", 36},
      {"ds5000-200", {"--machine", "ds5000-200"}, "DECstation 5000/200 (KN02), PMAD-AA SRAM", 36},
      {"ds3100 polled", {"--machine", "ds3100", "--append", "mode=poll"},
       "DECstation 2100/3100 (KN01), KN01 buffer (gap2)", 33},
      {"ds5000-200 polled", {"--machine", "ds5000-200", "--append", "mode=poll"},
       "DECstation 5000/200 (KN02), PMAD-AA SRAM", 33},
      // Main memory with 8 MiB: LANCE address 0xf00000 has no memory (MERR check).
      {"ds3100 main", {"--machine", "ds3100", "--lance-dma", "main", "--memory", "8", "--append", "dma=main merr=0xf00000"},
       "DECstation 2100/3100 (KN01), main memory (DMA)", 39},
      {"ds5000-200 main",
       {"--machine", "ds5000-200", "--lance-dma", "main", "--memory", "8", "--append", "dma=main merr=0xf00000"},
       "DECstation 5000/200 (KN02), main memory (DMA)", 39},
      // With --cache-data a missed invalidation would hand the guest stale bytes.
      {"ds5000-200 main cache-data", {"--machine", "ds5000-200", "--lance-dma", "main", "--cache-data", "--append", "dma=main"},
       "DECstation 5000/200 (KN02), main memory (DMA)", 37},
  };
  for (const LanceRun& r : runs) {
    SECTION(r.what) {
      std::vector<std::string> args = {"--kernel", guest("lance_test.elf")};
      args.insert(args.end(), r.args.begin(), r.args.end());
      const test::ProcessResult p = run_emu(args);
      INFO("stdout:\n" << p.out << "stderr:\n" << p.err);
      CHECK(p.status == 0);
      CHECK(contains(p.out, std::string("lance_test: ") + r.banner));
      CHECK_FALSE(contains(p.out, "FAIL"));
      CHECK(contains(p.out, "lance_test: " + std::to_string(r.checks) + " checks, 0 failed"));
      CHECK(p.err.empty());  // in particular no "emu: coherence:" report
    }
  }
}

TEST_CASE("without D-cache invalidation the coherence checker reports, and --cache-data shows stale bytes",
          "[guest][net][coherence]") {
  for (const char* machine : {"ds3100", "ds5000-200"}) {
    SECTION(machine) {
      const std::vector<std::string> base = {"--machine", machine, "--kernel", guest("lance_test.elf"),
                                             "--lance-dma", "main", "--append", "dma=main inval=0"};
      // Default mode: the guest reads memory's (correct) bytes, the emulator reports the
      // loads that hit lines the DMA made stale.
      test::ProcessResult p = run_emu(base);
      INFO("stdout:\n" << p.out << "stderr:\n" << p.err);
      CHECK(p.status == 0);
      CHECK(contains(p.out, "coherence: without invalidation the CPU read: 08 00 2b"));
      CHECK(contains(p.out, "(what was sent)"));
      CHECK(contains(p.err, "emu: coherence: load at pc"));
      CHECK(contains(p.err, "made stale by a DMA write to memory); the emulator used memory's word"));

      std::vector<std::string> cached = base;
      cached.push_back("--cache-data");
      p = run_emu(cached);
      INFO("with --cache-data, stdout:\n" << p.out << "stderr:\n" << p.err);
      CHECK(p.status == 0);
      CHECK(contains(p.out, "coherence: without invalidation the CPU read: a5 a5 a5 a5 a5 a5 a5 a5 "
                            "(the stale cached bytes)"));
      CHECK(contains(p.err, "the guest read the cache's word"));
    }
  }
}

TEST_CASE("udp_echo as a lone server boots, announces itself and idles until the cycle limit", "[guest][net]") {
  const std::vector<std::vector<std::string>> runs = {
      {"--machine", "ds3100"},
      {"--machine", "ds5000-200"},
      {"--machine", "ds3100", "--lance-dma", "main"},
      {"--machine", "ds5000-200", "--lance-dma", "main"},
  };
  for (const auto& r : runs) {
    const bool main = r.size() > 2;
    std::string append = "role=server ip=10.0.0.2";
    append += main ? " dma=main" : " mode=poll";
    std::vector<std::string> args = {"--kernel", guest("udp_echo.elf"), "--append", append, "--max-cycles",
                                     "30000000"};
    args.insert(args.end(), r.begin(), r.end());
    const test::ProcessResult p = run_emu(args);
    INFO(r[1] << (main ? " main" : "") << "\nstdout:\n" << p.out << "stderr:\n" << p.err);
    CHECK(p.status == 4);  // --max-cycles reached: the server was still serving
    CHECK(contains(p.out, "udp_echo: server 10.0.0.2 08:00:2b:"));
    CHECK(contains(p.out, std::string(" port 7 mode ") + (main ? "irq dma main" : "poll dma buffer")));
    CHECK(contains(p.out, "udp_echo: ready\n"));
    CHECK_FALSE(contains(p.out, "error"));
    CHECK(contains(p.err, "emu: cycle-limit reached after 300000"));  // 30000000 + the last instruction
    CHECK_FALSE(contains(p.err, "coherence"));
  }
}

// A failed guest program ends the run with a non-zero status (the runtime's exit(1) goes
// through the emulator's halt op; the PROM's restart has no status).
TEST_CASE("udp_echo refuses bad boot arguments with an error line and exit status 1", "[guest][net]") {
  test::ProcessResult p =
      run_emu({"--kernel", guest("udp_echo.elf"), "--append", "role=client ip=10.0.0.1 peer=10.0.0.2 colour=red"});
  INFO("stdout:\n" << p.out << "stderr:\n" << p.err);
  CHECK(p.status == 1);
  CHECK(contains(p.out, "udp_echo: unknown boot argument 'colour=red'"));
  CHECK(contains(p.out, "udp_echo: error: bad boot arguments"));
  p = run_emu({"--kernel", guest("udp_echo.elf"), "--append", "role=client ip=10.0.0.1 peer=10.0.0.2 size=2000"});
  CHECK(contains(p.out, "udp_echo: error: size= must be 1..1472"));
  CHECK(p.status == 1);
  p = run_emu({"--kernel", guest("udp_echo.elf"), "--append", "role=client ip=10.0.0.1"});
  CHECK(contains(p.out, "udp_echo: error: a client needs peer=A.B.C.D"));
  CHECK(p.status == 1);
}

TEST_CASE("udp_echo as a client without a peer says so and exits with status 1", "[guest][net]") {
  for (const char* machine : {"ds3100", "ds5000-200"}) {
    const test::ProcessResult p = run_emu({"--machine", machine, "--kernel", guest("udp_echo.elf"), "--append",
                                           "role=client ip=10.0.0.1 peer=10.0.0.2"});
    INFO(machine << "\nstdout:\n" << p.out << "stderr:\n" << p.err);
    CHECK(contains(p.out, "udp_echo: error: no ARP reply from the peer\n"));
    CHECK(p.status == 1);
  }
}
