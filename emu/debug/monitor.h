// GDB's `monitor` commands (qRcmd): the emulator's own state, which no register or memory
// read shows. `monitor help` lists them. Every command only looks: none changes the run.
#pragma once
#include <string>

namespace emu {
class Machine;
}

namespace emu::debug {

// The text to show for one command line (ending in a newline), or a one-line complaint.
std::string monitor_command(Machine& m, const std::string& line);

}  // namespace emu::debug
