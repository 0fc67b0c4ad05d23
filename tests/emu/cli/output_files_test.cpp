// `emu` as a process and the files the user gave it (README "Output files"): inputs named as
// outputs under any name are refused before the run and stay byte for byte; outputs that
// cannot be created fail fast; write errors give one line and a non-zero status; a run
// interrupted by a signal leaves the previous output intact, a --max-cycles stop writes a
// complete new one.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "emu/machine/machine_fixture.h"  // TempRom, spin_forever
#include "support/process.h"

using namespace emu::test;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path dir;
  TempDir() {
    char tmpl[] = "/tmp/emu-output-files-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> v;
    for (const auto& e : fs::directory_iterator(dir)) v.push_back(e.path().filename().string());
    std::sort(v.begin(), v.end());
    return v;
  }
};

ProcessResult run_emu(std::vector<std::string> args, int timeout_s = 60) {
  args.insert(args.begin(), EMU_BINARY);
  return run_process(args, timeout_s);
}

unsigned lines(const std::string& s) { return unsigned(std::count(s.begin(), s.end(), '\n')); }

// A copy of a real guest kernel, the file the user must not lose.
std::string kernel_copy(const TempDir& t, const std::string& name = "k.elf") {
  const std::string src = std::string(EMU_GUEST_DIR) + "/hello.elf";
  if (!fs::exists(src)) return "";
  fs::copy_file(src, t.path(name));
  return t.path(name);
}

#define NEED_KERNEL(k)                                                   \
  if ((k).empty()) {                                                     \
    WARN("SKIPPED: no guest build (build/guest/hello.elf)");             \
    return;                                                              \
  }

// The child's wait status; killed with SIGKILL (and so failing the test) after 30 s.
int wait_bounded(pid_t pid) {
  int st = 0;
  for (int i = 0; i < 3000; ++i) {
    if (::waitpid(pid, &st, WNOHANG) == pid) return st;
    ::usleep(10000);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &st, 0);
  return st;
}

// Refused with status 2 and one line containing `says`, before anything ran (no console
// output), and every protected file unchanged.
void check_refused(const std::vector<std::string>& args, const std::string& says,
                   const std::vector<std::string>& unchanged) {
  std::vector<std::string> before;
  for (const auto& f : unchanged) before.push_back(slurp_file(f));
  const ProcessResult r = run_emu(args);
  CHECK(r.status == 2);
  CHECK(lines(r.err) == 1);
  CHECK(r.err.find(says) != std::string::npos);
  CHECK(r.out.empty());
  for (size_t i = 0; i < unchanged.size(); ++i) {
    CAPTURE(unchanged[i]);
    CHECK(!before[i].empty());
    CHECK(slurp_file(unchanged[i]) == before[i]);
  }
}

}  // namespace

TEST_CASE("emu: --serial file:OUT naming the kernel or the firmware is refused; they stay intact", "[cli][output]") {
  TempDir t;
  const std::string k = kernel_copy(t);
  NEED_KERNEL(k);
  check_refused({"--kernel", k, "--serial", "3=file:" + k}, "refusing to overwrite it with --serial3", {k});
  const TempRom rom(spin_forever());
  const std::string r = t.path("rom.bin");
  fs::copy_file(rom.path(), r);
  check_refused({"--firmware", r, "--serial", "2=file:" + r}, "(it is the --firmware file)", {r});
}

TEST_CASE("emu: --stats and --pcap through ./, .., a symlink or a hard link never replace the kernel", "[cli][output]") {
  TempDir t;
  const std::string k = kernel_copy(t);
  NEED_KERNEL(k);
  fs::create_symlink("k.elf", t.path("link.elf"));
  fs::create_directory(t.dir / "sub");
  const std::string relative = fs::relative(k).string();  // from the test's working directory
  for (const std::string& name : {t.path("./k.elf"), t.path("sub/../k.elf"), t.path("link.elf"), relative}) {
    CAPTURE(name);
    check_refused({"--kernel", k, "--stats", name}, "refusing to overwrite it with --stats (it is the --kernel file)",
                  {k});
    check_refused({"--kernel", k, "--pcap", name}, "refusing to overwrite it with --pcap", {k});
  }
}

TEST_CASE("emu: an output naming a serial input, another output, or machine 1's kernel is refused", "[cli][output]") {
  TempDir t;
  const std::string k = kernel_copy(t), k1 = kernel_copy(t, "k1.elf");
  NEED_KERNEL(k);
  const std::string in = t.path("script.txt"), console = t.path("console.txt"), cap = t.path("cap.pcapng");
  std::ofstream(in) << "boot\n";
  std::ofstream(console) << "last good console log\n";
  std::ofstream(cap) << "last good capture";
  check_refused({"--kernel", k, "--serial", "2=file:" + t.path("out.txt") + "," + in, "--stats", t.path("./script.txt")},
                "(it is the --serial2 input file)", {in, k});
  check_refused({"--kernel", k, "--serial", "3=file:" + console, "--stats", t.path("./console.txt")},
                "are the same file", {console, k});
  check_refused({"--kernel", k, "--pcap", cap, "--stats", t.path("sub/../cap.pcapng")}, "are the same file", {cap, k});
  check_refused({"--machines", "2", "--kernel", k, "--node", "1:kernel=" + k1, "--stats", t.path("./k1.elf")},
                "(it is machine 1's --kernel file)", {k, k1});
}

TEST_CASE("emu: output to /dev/full fails with one line and a non-zero status", "[cli][output]") {
  if (::access("/dev/full", W_OK) != 0) {
    WARN("SKIPPED: no /dev/full");
    return;
  }
  TempDir t;
  const std::string k = kernel_copy(t);
  NEED_KERNEL(k);
  const ProcessResult stats = run_emu({"--kernel", k, "--stats", "/dev/full"});
  CHECK(stats.status == 3);
  CHECK(stats.err == "emu: --stats /dev/full: write failed: No space left on device\n");
  const ProcessResult serial = run_emu({"--kernel", k, "--serial", "3=file:/dev/full"});
  CHECK(serial.status == 3);
  CHECK(serial.err == "emu: --serial3 /dev/full: write failed: No space left on device\n");
  // A failed run leaves the old console log, and what this run printed as .partial.
  const std::string log = t.path("console.log");
  std::ofstream(log) << "the previous run's log";
  const ProcessResult failed = run_emu({"--kernel", k, "--serial", "3=file:" + log, "--stats", "/dev/full"});
  CHECK(failed.status == 3);
  CHECK(slurp_file(log) == "the previous run's log");
  CHECK(slurp_file(log + ".partial").find("Hello from a bare-metal MIPS I guest!") != std::string::npos);
  // The console on standard output: the same fault.
  const std::string err = t.path("err.txt");
  const int st = std::system((std::string(EMU_BINARY) + " --kernel " + k + " >/dev/full 2>" + err).c_str());
  CHECK(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 3);
  CHECK(slurp_file(err) == "emu: console on standard output: write failed: No space left on device\n");
}

TEST_CASE("emu: an output that cannot be created is refused before the run", "[cli][output]") {
  TempDir t;
  const TempRom spin(spin_forever());  // would run for ever
  for (const auto& [opt, file] : std::vector<std::pair<std::string, std::string>>{
           {"--stats", t.dir.string()},
           {"--pcap", t.dir.string()},
           {"--serial", "2=file:" + t.dir.string()},
           {"--stats", t.path("no/such/dir/s.json")}}) {
    CAPTURE(opt, file);
    const auto t0 = std::chrono::steady_clock::now();
    const ProcessResult r = run_emu({"--firmware", spin.path(), opt, file}, 20);
    CHECK(r.status == 2);
    CHECK(lines(r.err) == 1);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
  }
  CHECK(t.names().empty());
}

TEST_CASE("emu: SIGTERM mid-run leaves the old stats and serial log; --max-cycles writes new ones", "[cli][output]") {
  TempDir t;
  const TempRom spin(spin_forever());
  const std::string stats = t.path("stats.json"), log = t.path("console.log");
  std::ofstream(stats) << "the previous run's stats";
  std::ofstream(log) << "the previous run's log";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(EMU_BINARY, EMU_BINARY, "--firmware", spin.path().c_str(), "--stats", stats.c_str(), "--serial",
            ("3=file:" + log).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Running once its temporary files exist.
  for (int i = 0; i < 2000 && t.names().size() < 4; ++i) ::usleep(5000);
  CHECK(t.names().size() == 4);
  ::usleep(200000);
  ::kill(pid, SIGTERM);
  const int st = wait_bounded(pid);
  CHECK(WIFSIGNALED(st));
  CHECK(WTERMSIG(st) == SIGTERM);
  CHECK(slurp_file(stats) == "the previous run's stats");
  CHECK(slurp_file(log) == "the previous run's log");
  CHECK(t.names() == std::vector<std::string>{"console.log", "stats.json"});  // nothing written: no .partial

  const ProcessResult r = run_emu({"--firmware", spin.path(), "--stats", stats, "--max-cycles", "100000"});
  CHECK(r.status == 4);
  const std::string json = slurp_file(stats);
  CHECK(json.find("\"stop_reason\": \"cycle-limit\"") != std::string::npos);
  CHECK(json.substr(json.size() - 2) == "}\n");
  CHECK(t.names() == std::vector<std::string>{"console.log", "stats.json"});
}

TEST_CASE("emu: SIGINT keeps what a waiting guest printed as console.log.partial", "[cli][output]") {
  const std::string server = std::string(EMU_GUEST_DIR) + "/udp_echo.elf";
  if (!fs::exists(server)) {
    WARN("SKIPPED: no guest build (build/guest/udp_echo.elf)");
    return;
  }
  TempDir t;
  const std::string log = t.path("console.log");
  std::ofstream(log) << "the previous run's log";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::signal(SIGINT, SIG_DFL);  // a shell starting the tests in the background ignores it
    // A server with no client: it says it is ready, then waits for ever.
    ::execl(EMU_BINARY, EMU_BINARY, "--kernel", server.c_str(), "--append", "role=server ip=10.0.0.2", "--serial",
            ("3=file:" + log).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto ready = [&] {
    for (const auto& e : fs::directory_iterator(t.dir))
      if (e.path().filename().string().rfind(".console.log.emu-", 0) == 0 &&
          slurp_file(e.path().string()).find("udp_echo: ready") != std::string::npos)
        return true;
    return false;
  };
  for (int i = 0; i < 3000 && !ready(); ++i) ::usleep(10000);
  CHECK(ready());
  ::kill(pid, SIGINT);
  const int st = wait_bounded(pid);
  CHECK(WIFSIGNALED(st));
  CHECK(WTERMSIG(st) == SIGINT);
  CHECK(slurp_file(log) == "the previous run's log");
  CHECK(slurp_file(log + ".partial").find("udp_echo: ready") != std::string::npos);
  CHECK(t.names() == std::vector<std::string>{"console.log", "console.log.partial"});
}
