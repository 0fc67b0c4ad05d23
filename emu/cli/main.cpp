// The `emu` command: parse the command line (options.cpp), run the machines (session.cpp),
// report. Exit status (README "Running a guest"): 0 the guest halted through the PROM; 1
// the guest took an exception the boot ROM had to catch (it prints what happened); 2 a bad
// command line or input file; 3 an emulator error, or a network link that failed; 4
// --max-cycles or --max-instructions reached.
#include <cstdio>
#include <exception>

#include "emu/cli/options.h"
#include "emu/cli/session.h"
#include "emu/common/error.h"
#include "emu/net/wire_frame.h"

int main(int argc, char** argv) {
  using namespace emu;
  constexpr int kExitUser = 2, kExitEmulator = 3;
  try {
    const CliConfig cfg = parse_command_line(argc, argv);
    if (cfg.exit_now) return 0;
    return run_session(cfg);
  } catch (const UserError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "emu: %s\n", e.what());
    return kExitUser;
  } catch (const EmulatorError& e) {  // a write error on an output file, a host limit
    std::fflush(stdout);
    std::fprintf(stderr, "emu: %s\n", e.what());
    return kExitEmulator;
  } catch (const net::NetError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "emu: %s\n", e.what());
    return kExitEmulator;
  } catch (const net::NetInternalError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "emu: internal error (network synchronisation): %s\n", e.what());
    return kExitEmulator;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "emu: internal error: %s\n", e.what());
    return kExitEmulator;
  }
}
