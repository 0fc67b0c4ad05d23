// RunFiles (emu/cli/run_files.h): outputs that are inputs or other outputs under any name,
// and outputs that cannot be created, are refused before the run with one line naming them.
#include "emu/cli/run_files.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "emu/common/error.h"
#include "support/temp_dir.h"

using namespace emu;
namespace fs = std::filesystem;

namespace {

using emu::test::TempDir;

std::string refusal(const RunFiles& f) {
  try {
    f.check();
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

CliConfig one_machine(const std::string& kernel) {
  CliConfig cfg;
  MachineOptions m;
  m.kernel = kernel;
  m.firmware = "/nonexistent/rom.bin";  // a missing input is its loader's business
  cfg.nodes.push_back(m);
  return cfg;
}

}  // namespace

TEST_CASE("run files: an output may not be an input under any name", "[cli][output]") {
  TempDir t;
  const std::string k = t.path("k.elf");
  std::ofstream(k) << "kernel";
  fs::create_symlink(k, t.path("link"));
  REQUIRE(::link(k.c_str(), t.path("hard").c_str()) == 0);
  for (const std::string& name : {k, t.path("./k.elf"), t.path("sub/../k.elf"), t.path("link"), t.path("hard")}) {
    CAPTURE(name);
    fs::create_directory(t.dir / "sub");
    CliConfig cfg = one_machine(k);
    cfg.stats_path = name;
    CHECK(refusal(run_files_of(cfg)) == name + " is an input file; refusing to overwrite it with --stats (it is the "
                                               "--kernel file)");
    cfg = one_machine(k);
    cfg.pcap = name;
    CHECK(refusal(run_files_of(cfg)).find("refusing to overwrite it with --pcap") != std::string::npos);
    cfg = one_machine(k);
    cfg.nodes[0].serial = {"", "", "file:" + name};
    CHECK(refusal(run_files_of(cfg)).find("refusing to overwrite it with --serial2") != std::string::npos);
  }
  // A serial input, the firmware, and machine 1's own kernel (--node 1:kernel=).
  CliConfig cfg = one_machine(t.path("other.elf"));
  cfg.nodes[0].serial = {"", "file:" + t.path("out") + "," + k};
  cfg.stats_path = t.path("./k.elf");
  CHECK(refusal(run_files_of(cfg)).find("(it is the --serial1 input file)") != std::string::npos);
  cfg = one_machine("");
  cfg.nodes[0].firmware = k;
  cfg.nodes[0].serial = {"", "", "", "file:" + t.path("link")};
  CHECK(refusal(run_files_of(cfg)).find("(it is the --firmware file)") != std::string::npos);
  cfg = one_machine(t.path("other.elf"));
  cfg.nodes.push_back(cfg.nodes[0]);
  cfg.nodes[1].kernel = k;
  cfg.stats_path = t.path("hard");
  CHECK(refusal(run_files_of(cfg)).find("(it is machine 1's --kernel file)") != std::string::npos);
}

TEST_CASE("run files: two outputs may not be one file, nor one's .partial", "[cli][output]") {
  TempDir t;
  CliConfig cfg = one_machine("");
  cfg.nodes[0].serial = {"", "", "", "file:" + t.path("console.txt")};
  cfg.stats_path = t.path("./console.txt");  // not there yet: compared by resolved name
  CHECK(refusal(run_files_of(cfg)) == "--serial3 " + t.path("console.txt") + " and --stats " + t.path("./console.txt") +
                                          " are the same file; give each output its own");
  cfg = one_machine("");
  cfg.pcap = t.path("cap");
  cfg.stats_path = t.path("cap.partial");
  CHECK(refusal(run_files_of(cfg)).find("a failed run leaves") != std::string::npos);
  // Every machine of --machines N gets the same --serial: they cannot share one file.
  cfg = one_machine("");
  cfg.nodes[0].serial = {"", "", "file:" + t.path("log")};
  cfg.nodes.push_back(cfg.nodes[0]);
  CHECK(refusal(run_files_of(cfg)).find("machine 0's --serial2 " + t.path("log") + " and machine 1's --serial2") == 0);
  // Distinct outputs, '-' and devices are fine.
  cfg = one_machine("");
  cfg.nodes[0].serial = {"file:/dev/null", "file:/dev/null", "file:" + t.path("a")};
  cfg.pcap = t.path("b");
  cfg.stats_path = std::string(1, '-');  // (not = "-": GCC 12 -Wrestrict false positive, PR 105329)
  CHECK(refusal(run_files_of(cfg)).empty());
}

TEST_CASE("run files: outputs that cannot be created are refused up front", "[cli][output]") {
  TempDir t;
  CliConfig cfg = one_machine("");
  cfg.stats_path = t.dir.string();
  CHECK(refusal(run_files_of(cfg)) == "--stats " + t.dir.string() + ": is a directory");
  cfg.stats_path = t.path("missing/x.json");
  CHECK(refusal(run_files_of(cfg)) == "--stats " + t.path("missing/x.json") + ": directory " + t.path("missing") +
                                          " does not exist");
  if (::geteuid() != 0) {  // root writes anywhere
    fs::create_directory(t.dir / "ro");
    fs::permissions(t.dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    cfg.stats_path = t.path("ro/x.json");
    CHECK(refusal(run_files_of(cfg)).find("cannot create files in " + t.path("ro")) != std::string::npos);
  }
}

TEST_CASE("run files: the file standard output goes to is not an output", "[cli][output]") {
  TempDir t;
  const std::string log = t.path("log");
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  RunFiles f;
  f.add_stream(fd, "where standard output goes");
  f.add_output(t.path("./log"), "--stats", false);
  CHECK(refusal(f) == t.path("./log") + " is where standard output goes; refusing to overwrite it with --stats");
  ::close(fd);
}
