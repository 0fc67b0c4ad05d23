// libFuzzer entry point for the `emu` command line (emu/cli/options.cpp): the input is split
// at NUL bytes into at most 64 arguments and parsed as argv[1..]. Every input must either
// parse or be refused with a UserError whose message is one line once made printable
// (what main() prints); any other exception, or a crash, is a finding.
// Built with -fsanitize=fuzzer elsewhere; tests/fuzz/replay_main.cpp replays the corpus.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "emu/cli/options.h"
#include "emu/common/error.h"
#include "emu/common/number.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args;
  std::string cur;
  for (size_t i = 0; i < size && args.size() < 64; ++i) {
    if (data[i] == 0) {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += char(data[i]);
    }
  }
  if (args.size() < 64) args.push_back(cur);
  for (const auto& a : args)  // these print to stdout and succeed: nothing to learn
    if (a == "--help" || a == "-h" || a == "--list-machines" || a == "--timing-table") return 0;
  std::vector<char*> argv{const_cast<char*>("emu")};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  try {
    (void)emu::parse_command_line(int(argv.size() - 1), argv.data());
  } catch (const emu::UserError& e) {
    const std::string line = emu::printable(e.what());
    if (line.empty() || line.find('\n') != std::string::npos) std::abort();
  } catch (...) {
    std::abort();  // "internal error" in emu: reachable from user input
  }
  return 0;
}
