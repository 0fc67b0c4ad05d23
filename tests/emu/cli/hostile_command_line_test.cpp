// The command line says no clearly (issue 9): every mistake a user can type is refused with
// exit status 2 and exactly one line on stderr, never "internal error", a crash, a hang or
// a silently wrong meaning (`--max-cycles -1` used to mean "no limit").
//
// A large generated list (every option with empty, negative, huge and junk values, plus the
// cases seen) goes through parse_command_line in-process: it may accept a value or throw
// UserError, nothing else. Every value it refuses is then given to build/emu as a process.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "emu/cli/options.h"
#include "emu/common/error.h"
#include "tests/support/process.h"

using namespace emu;
using namespace emu::test;

namespace {

using Args = std::vector<std::string>;

// Which exception parse_command_line throws: "" = none, "user: MESSAGE", or "OTHER: ...".
std::string parse_outcome(const Args& args) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv{const_cast<char*>("emu")};
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  try {
    (void)parse_command_line(int(argv.size() - 1), argv.data());
  } catch (const UserError& e) {
    return std::string("user: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("OTHER: ") + e.what();
  } catch (...) {
    return "OTHER: not a std::exception";
  }
  return "";
}

unsigned count_lines(const std::string& s) {
  unsigned n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

std::string joined(const Args& a) {
  std::string s;
  for (const auto& x : a) s += "[" + x + "] ";
  return s;
}

const char* const kValueOptions[] = {
    "--machine", "--kernel",     "--append", "--memory",    "--firmware", "--max-cycles", "--max-instructions",
    "--stats",   "--timing",     "--timing-set", "--lance-dma", "--region-name", "--mac", "--serial",
    "--machines", "--node",      "--net",    "--net-loss",  "--pcap",
};

const char* const kHostileValues[] = {
    "", "-1", "-0", "+1", "0", "0x", "0x-1", "99999999999999999999999", "4294967296", "18446744073709551616",
    "1e3", " 1", "1 ", "abc", "=", ",", ":", "=,=", "x=y", "3=", "-1=a", "1:", "\x01\x02", "a\nb", "%s%n%x",
    "drop=nan", "seed=-1", "seed=0x", "drop=0.5,", "listen=", "connect=", "connect=:0", "tap=",
    "listen=127.0.0.1:99999999999999999999999", "connect=h:-1", "listen=/tmp/x,timeout=-1", "listen=/tmp/x,spin=1e9",
    "0:memory=0", "0:memory=-1", "99999999999:append=x", "-1:kernel=x", "0:kernel=", "0:nothing=1",
    "99999999999=a", "-1=a", "1=", "1=a b", "1=\"", "mem_read=-1", "mem_read=99999999999999999999", "mem_read=",
    "=5", "4=stdio", "3=", "3=tcp:-1", "3=tcp:99999", "3=tcp:", "3=unix:", "3=file:", "3=file:,", "3=bogus",
    "08:00:2b:00:00:0g", "01:00:5e:00:00:01", "00:00:00:00:00:00",
};

// Seen in issue 9, and the forms around them.
const Args kSeen[] = {
    // Boost's error message substitutes placeholders in the user's words until none is left:
    // a word holding one looped for ever (found by tools/fuzz).
    {"-/%original_token%"},
    {"--%canonical_option%"},
    {"--append", "a", "--append", "%value%"},
    {"--max-cycles", "-1"},
    {"--max-cycles=-1"},
    {"--max-instructions", "-5"},
    {"--memory", "0"},
    {"--memory", "-16"},
    {"--serial", "3="},
    {"--net-loss", "seed=-1"},
    {"--net-loss", ""},
    {"--region-name", "99999999999=a"},
    {"--region-name", "-1=a"},
    {"build/guest/hello.elf"},
    {"--machine", "ds3100", "prog.elf"},
    {"--kernel", ""},
    {"--firmware", ""},
    {"--stats", ""},
    {"--pcap", ""},
    {"--mac", ""},
    {"--net", "listen=127.0.0.1:99999999999999999999999"},
    {"--net", "connect=127.0.0.1:0"},
    {"--net", "tap=emu0,timeout=1"},
    {"--machines", "-1"},
    {"--machines", "17"},
    {"--machines", "2", "--node", "1:memory=0"},
    {"--machines", "2", "--node", "1:kernel="},
    {"--machines", "2", "--node", "1:mac="},
    {"--serial", "3=null", "--serial", "3=stdio"},
    {"--timing-set", "mem_read=010x"},
    {"--kernel"},
    {"--bogus"},
    {"-x"},
};

// Refused as files, after parsing: a directory, a device.
const Args kBadFiles[] = {
    {"--kernel", "/"},
    {"--kernel", "/dev/zero"},
    {"--firmware", "/"},
    {"--firmware", "/dev/zero"},
};

std::vector<Args> hostile_command_lines() {
  std::vector<Args> all(std::begin(kSeen), std::end(kSeen));
  for (const char* opt : kValueOptions) {
    for (const char* v : kHostileValues) all.push_back({opt, v});
    all.push_back({opt, std::string(5000, '9')});
    all.push_back({opt, std::string(5000, 'a')});
    all.push_back({std::string(opt) + "=" + "-1"});
  }
  return all;
}

}  // namespace

TEST_CASE("command line: the cases of issue 9 are refused in-process", "[cli][hostile]") {
  for (const Args& a : kSeen) {
    CAPTURE(joined(a));
    const std::string out = parse_outcome(a);
    CHECK(out.rfind("user: ", 0) == 0);
  }
  CHECK(parse_outcome({"prog.elf"}) ==
        "user: unexpected argument 'prog.elf': options start with -- (did you mean --kernel prog.elf? see emu --help)");
  CHECK(parse_outcome({"--max-cycles", "-1"}) ==
        "user: --max-cycles: '-1' is negative (want a whole number from 1 to 18446744073709551615, decimal or 0x hex)");
  CHECK(parse_outcome({"--kernel", ""}) == "user: --kernel: empty file name");
  // What is still accepted means what it says.
  CHECK(parse_outcome({"--max-cycles", "0x10"}).empty());
  CHECK(parse_outcome({"--net-loss", "drop=0.25,seed=3", "--machines", "2"}).empty());
  CHECK(parse_outcome({"--machine", "ds5000-200", "--machines", "16", "--memory", "480"}).empty());
}

TEST_CASE("command line: hostile values never escape as anything but a UserError", "[cli][hostile]") {
  unsigned refused = 0;
  for (const Args& a : hostile_command_lines()) {
    CAPTURE(joined(a));
    const std::string out = parse_outcome(a);
    CHECK(out.rfind("OTHER", 0) != 0);
    refused += out.rfind("user: ", 0) == 0;
  }
  CHECK(refused > 800);  // the list is mostly mistakes
}

TEST_CASE("command line: build/emu refuses each with status 2 and one line", "[cli][hostile]") {
  std::vector<Args> runs;
  for (const Args& a : hostile_command_lines())
    if (parse_outcome(a).rfind("user: ", 0) == 0) runs.push_back(a);
  for (const Args& a : kBadFiles) runs.push_back(a);
  // A fresh directory as the working directory: nothing a case names can touch the tree.
  char dir[] = "/tmp/emu-hostile-XXXXXX";
  REQUIRE(::mkdtemp(dir));
  const auto here = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  for (const Args& a : runs) {
    CAPTURE(joined(a));
    Args argv{EMU_BINARY};
    argv.insert(argv.end(), a.begin(), a.end());
    const ProcessResult r = run_process(argv, 30);
    CHECK(r.status == 2);
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.rfind("emu: ", 0) == 0);
    CHECK(r.err.find("internal error") == std::string::npos);
    CHECK(r.out.empty());
  }
  std::filesystem::current_path(here);
  CHECK(std::filesystem::is_empty(dir));  // no case created a file
  std::filesystem::remove_all(dir);
}

TEST_CASE("command line: 16 machines of 480 MiB run in little host memory", "[cli][memory]") {
  // Guest RAM is reserved lazily: the run touches only what the boot ROM and hello touch.
  const ProcessResult r = run_process({EMU_BINARY, "--machine", "ds5000-200", "--machines", "16", "--memory", "480",
                                       "--kernel", std::string(EMU_GUEST_DIR) + "/hello.elf"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  rusage ru{};
  REQUIRE(::getrusage(RUSAGE_CHILDREN, &ru) == 0);
  CHECK(ru.ru_maxrss < 1024 * 1024);  // KiB: under 1 GiB for 7.5 GiB of guest RAM
}

TEST_CASE("command line: guest RAM the host cannot reserve is one line, not std::bad_alloc", "[cli][memory]") {
  // An address-space limit below the 7.5 GiB asked for (ulimit -v counts reservations).
  const ProcessResult r =
      run_process({"/bin/sh", "-c",
                   "ulimit -v 3000000 && exec \"$0\" --machine ds5000-200 --machines 16 --memory 480 --kernel \"$1\"",
                   EMU_BINARY, std::string(EMU_GUEST_DIR) + "/hello.elf"});
  CHECK(r.status == 2);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.rfind("emu: --memory: the host cannot reserve 480 MiB of guest RAM", 0) == 0);
  CHECK(r.err.find("internal error") == std::string::npos);
}
