// One `emu` invocation: the machines of this process, built from the parsed command line,
// run alone or on a simulated Ethernet (emu/net/segment.h: other machines in this process,
// a peer process, a TAP), then the reports (region tables, --stats) and the exit status.
#pragma once
#include "emu/cli/options.h"

namespace emu {

// Exit status: 0 every machine halted with status 0; otherwise the first machine's that
// did not (its PROM exit status, 4 for a --max-* limit). Throws UserError (2) and
// EmulatorError / net errors (3) for main() to report.
int run_session(const CliConfig& cfg);

}  // namespace emu
