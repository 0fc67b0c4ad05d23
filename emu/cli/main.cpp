// The `emu` command: parse the command line (options.cpp), run the machines (session.cpp),
// report. Exit status (README "Running a guest"): 0 the guest halted through the PROM; 1
// the guest took an exception the boot ROM had to catch (it prints what happened); 2 a bad
// command line or input file; 3 an emulator error, or a network link that failed; 4
// --max-cycles or --max-instructions reached.
#include <cstdio>
#include <exception>
#include <new>

#include "emu/cli/options.h"
#include "emu/cli/session.h"
#include "emu/common/error.h"
#include "emu/common/number.h"
#include "emu/net/wire_frame.h"

namespace {

// One line on stderr, whatever the message quotes from the user (number.h printable).
void report(const char* prefix, const char* what) {
  std::fflush(stdout);
  std::fprintf(stderr, "emu: %s%s\n", prefix, emu::printable(what).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace emu;
  constexpr int kExitUser = 2, kExitEmulator = 3;
  try {
    CliConfig cfg = parse_command_line(argc, argv);
    cfg.argv.assign(argv, argv + argc);
    if (cfg.exit_now) return 0;
    return run_session(cfg);
  } catch (const UserError& e) {
    report("", e.what());
    return kExitUser;
  } catch (const EmulatorError& e) {  // a write error on an output file, a host limit
    report("", e.what());
    return kExitEmulator;
  } catch (const net::NetError& e) {
    report("", e.what());
    return kExitEmulator;
  } catch (const net::NetInternalError& e) {
    report("internal error (network synchronisation): ", e.what());
    return kExitEmulator;
  } catch (const std::bad_alloc&) {
    // Guest RAM is reserved lazily (emu/mem/guest_ram.h), so this is the host running out
    // while the run needed memory of its own: not a bug to report, not a crash.
    report("", "out of host memory (the host could not give the emulator the memory it needed)");
    return kExitEmulator;
  } catch (const std::exception& e) {
    report("internal error: ", e.what());
    return kExitEmulator;
  }
}
