// The `emu` command as a process (emu/cli/main.cpp): option errors are one line on stderr
// with exit status 2; the console on stdin never hangs or spins whatever stdin is
// (/dev/null, a closed pipe, an idle pipe, no descriptor at all); --realtime paces.
// Guests are tiny boot ROMs written by the test (--firmware), so no cross build is needed.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "emu/cpu/mips_asm.h"
#include "emu/machine/machine_fixture.h"  // TempRom, spin_forever

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

enum class Stdin { DevNull, ClosedPipe, IdlePipe, NoDescriptor, Text };

struct Result {
  int status = -1;  // exit status, or -1 if killed by the timeout
  std::string err;
  double seconds = 0;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Result run_emu(const std::vector<std::string>& args, Stdin mode = Stdin::DevNull, const std::string& text = "",
               int timeout_s = 30) {
  char err_name[] = "/tmp/emu-test-stderr-XXXXXX";
  const int err_fd = ::mkstemp(err_name);
  REQUIRE(err_fd >= 0);
  int pipe_fds[2] = {-1, -1};
  if (mode == Stdin::ClosedPipe || mode == Stdin::IdlePipe || mode == Stdin::Text) REQUIRE(::pipe(pipe_fds) == 0);
  if (mode == Stdin::Text) {
    REQUIRE(::write(pipe_fds[1], text.data(), text.size()) == ssize_t(text.size()));
  }
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    switch (mode) {
      case Stdin::DevNull: {
        const int fd = ::open("/dev/null", O_RDONLY);
        ::dup2(fd, 0);
        break;
      }
      case Stdin::NoDescriptor: ::close(0); break;
      default: ::dup2(pipe_fds[0], 0); break;
    }
    if (pipe_fds[0] >= 0) ::close(pipe_fds[0]);
    if (pipe_fds[1] >= 0) ::close(pipe_fds[1]);
    const int null_out = ::open("/dev/null", O_WRONLY);
    ::dup2(null_out, 1);
    ::dup2(err_fd, 2);
    std::vector<char*> argv;
    std::string exe = EMU_BINARY;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  if (pipe_fds[0] >= 0) ::close(pipe_fds[0]);
  // ClosedPipe / Text: the writer goes away now; IdlePipe: it stays open, silent.
  if (mode != Stdin::IdlePipe && pipe_fds[1] >= 0) ::close(pipe_fds[1]);
  Result r;
  int st = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &st, WNOHANG);
    if (w == pid) {
      r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      break;
    }
    if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(timeout_s)) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &st, 0);
      break;
    }
    ::usleep(2000);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (mode == Stdin::IdlePipe) ::close(pipe_fds[1]);
  ::close(err_fd);
  r.err = slurp(err_name);
  std::remove(err_name);
  return r;
}

unsigned lines(const std::string& s) {
  unsigned n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// Boot ROM for a DS3100: set up DZ line 3 (9600 8N1, receiver on), poll RDONE `polls`
// times (about 20 ms of simulated time for 100000), then halt 0 — or halt 0x11 as soon as
// a character arrives.
std::vector<u32> console_poll_rom(u32 polls) {
  return {
      lui(t0, 0xbc00),                         // 0: DZ at kseg1 0xbc000000
      ori(t1, zero, 0x0008), sh(t1, 0x10, t0),  // TCR: line 3
      ori(t1, zero, 0x1e1b), sh(t1, 0x08, t0),  // LPR: RXENAB | 9600 | 8 bits | line 3
      ori(t1, zero, 0x0020), sh(t1, 0x00, t0),  // CSR: MSE
      lui(t2, hi16(polls)), ori(t2, t2, lo16(polls)),
      lhu(t3, 0, t0),                          // 9: loop
      nop(),
      andi(t3, t3, 0x0080),                    // RDONE
      bne(t3, zero, 4),                        // -> 17
      addiu(t2, t2, -1),
      bne(t2, zero, -6),                       // -> 9
      nop(),
      halt(zero),                              // 16: no input came
      ori(k1, zero, 0x11),                     // 17: a character came
      halt(k1),
  };
}

}  // namespace

TEST_CASE("emu: bad --mac, --memory and --serial values are one-line errors, status 2", "[cli]") {
  const Result mac = run_emu({"--mac", "01:00:5e:00:00:01"});
  CHECK(mac.status == 2);
  CHECK(mac.err.rfind("emu: --mac: '01:00:5e:00:00:01' is a multicast address", 0) == 0);
  CHECK(lines(mac.err) == 1);
  const Result syntax = run_emu({"--machine", "ds5000-200", "--mac", "08:00:2b:1:2:3"});
  CHECK(syntax.status == 2);
  CHECK(syntax.err.rfind("emu: --mac: '08:00:2b:1:2:3' is not a MAC address", 0) == 0);
  CHECK(lines(syntax.err) == 1);
  const Result mem = run_emu({"--machine", "ds5000-200", "--memory", "136"});
  CHECK(mem.status == 2);
  CHECK(mem.err.rfind("emu: --memory: 136 MiB is not possible on a ds5000-200", 0) == 0);
  CHECK(lines(mem.err) == 1);
  const Result serial = run_emu({"--serial", "2=tcp:http"});
  CHECK(serial.status == 2);
  CHECK(serial.err.rfind("emu: --serial2: 'tcp:http' needs a TCP port number", 0) == 0);
  CHECK(lines(serial.err) == 1);
}

TEST_CASE("emu: bad timing, network and multi-machine options are one-line errors, status 2", "[cli]") {
  struct Case {
    std::vector<std::string> args;
    const char* starts;
  };
  const Case cases[] = {
      {{"--timing", "maybe"}, "emu: --timing: 'maybe' should be on or off"},
      {{"--timing-set", "mem_read=lots"}, "emu: --timing-set: 'mem_read=lots' should be NAME=CYCLES"},
      {{"--timing-set", "nonsense=3"}, "emu: --timing-set: unknown parameter 'nonsense'"},
      {{"--timing-set", "iblock_words=3"}, "emu: --timing-set: iblock_words must be a power of two"},
      {{"--timing", "off", "--cache-data"}, "emu: --cache-data needs the timing model"},
      {{"--lance-dma", "dram"}, "emu: --lance-dma: 'dram' should be buffer or main"},
      {{"--machines", "0"}, "emu: --machines: '0' is out of range (want a whole number from 1 to 16)"},
      {{"--machines", "2", "--node", "5:append=x"}, "emu: --node: machine 5 does not exist"},
      {{"--machines", "2", "--node", "1:colour=red"}, "emu: --node: unknown option 'colour'"},
      {{"--machines", "2", "--node", "oops"}, "emu: --node: 'oops' should look like"},
      {{"--net", "jump=/tmp/x"}, "emu: --net: "},
      {{"--net-loss", "drop=2"}, "emu: --net-loss: bad loss spec 'drop=2': drop '2' is out of range"},
      {{"--region-name", "x"}, "emu: --region-name: 'x' should look like 3=syscall"},
      {{"--region-name", "1=a\"b"}, "emu: --region-name: name 'a\"b' should be 1 to 64 letters"},
      {{"--tc", "3=pmag-ba"}, "emu: --tc: '3=pmag-ba' should look like 0=pmag-ba (option slots 0-2"},
      {{"--tc", "0=pmag-zz"}, "emu: --tc: 'pmag-zz' is not a module we have (pmag-ba"},
      {{"--tc", "0=pmag-ba"}, "emu: --tc: the ds3100 has no TURBOchannel option slots"},
      {{"--machine", "ds5000-200", "--tc", "1=pmag-ba", "--tc", "1=pmag-ba"}, "emu: --tc: slot 1 given twice"},
      {{"--display", "x11"}, "emu: --display: 'x11' should be none or sdl"},
      {{"--screenshot-at", "100"}, "emu: --screenshot-at needs --screenshot FILE.png"},
      {{"--screenshot", "/tmp/emu-x.png", "--screenshot-at", "soon"},
       "emu: --screenshot-at: 'soon' should be a cycle count or region:N"},
      {{"--screenshot", "/tmp/emu-x.png"},
       "emu: --screenshot: the ds3100 has no frame buffer fitted (fit one with --fb mono or --fb colour)"},
      {{"--fb", "grey"}, "emu: --fb: 'grey' should be mono or colour"},
      {{"--machine", "ds5000-200", "--fb", "mono"}, "emu: --fb: the ds5000-200 has no on-board frame buffer"},
      {{"--machine", "ds5000-200", "--display", "sdl"},
       "emu: --display sdl: the ds5000-200 has no frame buffer fitted (fit one with --tc 0=pmag-ba)"},
      {{"--machines", "2", "--screenshot", "/tmp/emu-x.png"},
       "emu: --screenshot: only for a single machine without --net or --pcap"},
      {{"--serial", "0=keyboard"}, "emu: --serial0: 'keyboard' is not a serial connection"},
      {{"--gdb-wait"}, "emu: --gdb-wait needs --gdb ADDR"},
      {{"--gdb", ""}, "emu: --gdb: empty address"},
      {{"--gdb", "99999"}, "emu: --gdb: port '99999' should be 0-65535"},
      {{"--gdb", "1234", "--net", "listen=/tmp/emu-cli-test-no.sock"}, "emu: --gdb: not with --net yet"},
      {{"--gdb", "unix:" + stand_in_rom().path()}, "emu: --gdb: unix:"},  // a file, not a socket: kept
      {{"--trace-events", "insn"}, "emu: --trace-events needs --trace FILE"},
      {{"--trace", "/tmp/t.trace", "--trace-events", "insn,bogus"}, "emu: --trace-events: unknown class 'bogus'"},
      {{"--trace", "/tmp/t.trace", "--trace-events", "mem"}, "emu: --trace-events: mem and cache need insn"},
      {{"--trace", "/tmp/t.trace", "--trace-start", "when:3"}, "emu: --trace-start: 'when:3' should be cycle:N"},
      {{"--trace", "/tmp/t.trace", "--trace-stop", "region:-1"}, "emu: --trace-stop region: "},
      {{"--trace", "/tmp/t.trace", "--trace-max-bytes", "100"}, "emu: --trace-max-bytes: '100' is out of range"},
      {{"--trace", ""}, "emu: --trace: empty file name"},
      {{"--machines", "2", "--trace", "/tmp/t.trace"}, "emu: --trace with --machines: give each machine its own"},
      {{"--machines", "2", "--node", "1:trace="}, "emu: --node 1:trace: empty file name"},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    CAPTURE(joined);
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"--firmware", stand_in_rom().path()});
    const Result r = run_emu(args);
    CHECK(r.status == 2);
    CHECK(r.err.rfind(c.starts, 0) == 0);
    CHECK(lines(r.err) == 1);
  }
}

TEST_CASE("emu: --display sdl without a usable display is one line, status 2", "[cli][display]") {
  ::setenv("SDL_VIDEODRIVER", "nosuchdriver", 1);  // inherited by the emu process
  const Result r = run_emu({"--firmware", stand_in_rom().path(), "--fb", "mono", "--display", "sdl"});
  ::unsetenv("SDL_VIDEODRIVER");
  CHECK(r.status == 2);
  CHECK(r.err.rfind("emu: --display sdl: SDL_Init: ", 0) == 0);
  CHECK(lines(r.err) == 1);
}

TEST_CASE("emu: --pcap and --stats never overwrite an input file", "[cli]") {
  const Result r = run_emu({"--firmware", stand_in_rom().path(), "--pcap", stand_in_rom().path()});
  CHECK(r.status == 2);
  CHECK(r.err.find("is an input file; refusing to overwrite it with --pcap") != std::string::npos);
  const Result s = run_emu({"--firmware", stand_in_rom().path(), "--stats", stand_in_rom().path()});
  CHECK(s.status == 2);
  CHECK(s.err.find("refusing to overwrite it with --stats") != std::string::npos);
}

TEST_CASE("emu: the console never hangs on a closed or non-terminal stdin", "[cli][serial]") {
  const TempRom rom(console_poll_rom(100000));
  const std::vector<std::string> args = {"--machine", "ds3100", "--firmware", rom.path()};
  // The ROM does see input when there is some (so the cases below mean something).
  const Result text = run_emu(args, Stdin::Text, "x");
  CHECK(text.status == 0x11);
  for (Stdin mode : {Stdin::DevNull, Stdin::ClosedPipe, Stdin::IdlePipe, Stdin::NoDescriptor}) {
    CAPTURE(int(mode));
    const Result r = run_emu(args, mode);
    CHECK(r.status == 0);  // ran to the end of its polling loop: no hang, no input
    CHECK(r.err.empty());
    CHECK(r.seconds < 20);
  }
}

TEST_CASE("emu: --realtime paces the run; the default does not", "[cli][realtime]") {
  const TempRom spin(spin_forever());  // `b .` at the reset vector
  // 0.3 s of simulated time on a DS3100.
  // (--timing off: the run then stops exactly at the limit; with the timing model it stops
  // at the first block boundary after it.)
  const std::vector<std::string> base = {"--machine", "ds3100", "--firmware", spin.path(), "--max-cycles", "5000000",
                                         "--timing", "off"};
  const Result fast = run_emu(base);
  CHECK(fast.status == 4);
  std::vector<std::string> rt = base;
  rt.push_back("--realtime");
  const Result paced = run_emu(rt);
  CHECK(paced.status == 4);
  CHECK(paced.seconds >= 0.3);
  CHECK(paced.err.find("cycle-limit reached after 5000000 cycles") != std::string::npos);
}

TEST_CASE("emu: --help lists the machine options", "[cli]") {
  char out_name[] = "/tmp/emu-test-help-XXXXXX";
  const int fd = ::mkstemp(out_name);
  REQUIRE(fd >= 0);
  ::close(fd);
  const std::string cmd = std::string(EMU_BINARY) + " --help >" + out_name + " 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string help = slurp(out_name);
  std::remove(out_name);
  for (const char* s : {"--realtime", "--mac", "unix:PATH", "tcp:PORT", "--rtc-host-time", "--memory"}) {
    CAPTURE(s);
    CHECK(help.find(s) != std::string::npos);
  }
}
