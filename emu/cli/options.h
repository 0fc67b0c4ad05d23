// The `emu` command line, parsed (Boost.Program_options) into what a run needs: the options
// of each machine, the limits, the outputs, and the network. Bad input throws UserError
// with a one-line message naming the option.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"
#include "emu/display/display_config.h"
#include "emu/machine/machine.h"
#include "emu/trace/trace_options.h"

namespace emu {

struct CliConfig {
  bool exit_now = false;        // --help, --list-machines, --timing-table: printed already
  std::vector<MachineOptions> nodes;  // one per machine of this process (--machines N)
  std::string stats_path;
  Cycles max_cycles = 0;        // 0 = none
  u64 max_instructions = 0;
  std::vector<std::string> region_names;  // N=NAME
  bool trace_exec = false;
  // Checkpoints (emu/checkpoint/checkpoint.h, emu/cli/checkpoint_run.h).
  std::string checkpoint_path;        // --checkpoint FILE
  Cycles checkpoint_at_cycle = 0;     // --checkpoint-at N (0 = none)
  bool checkpoint_at_region = false;  // --checkpoint-at region:N
  u32 checkpoint_region = 0;
  std::string restore_path;           // --restore FILE
  bool state_hash = false;            // --state-hash
  bool quiet = false;            // no live status line on the terminal
  DisplayConfig display;        // --display, --screenshot, --screenshot-at (machine 0)
  std::string gdb;        // --gdb ADDR: a GDB remote-protocol server (emu/debug/gdb_server.h)
  bool gdb_wait = false;  // --gdb-wait: wait for the debugger before the first instruction
  // Cycle traces: one path per machine ("" = none): --trace FILE, --node K:trace=FILE.
  std::vector<std::string> trace_paths;
  trace::TraceOptions trace;
  std::vector<std::string> argv;  // the command line, for the trace header
  // Network: links to other processes or a TAP (listen=, connect=, tap=), loss, capture.
  std::vector<std::string> net;
  std::string net_loss;
  std::string pcap;
  bool networked() const { return nodes.size() > 1 || !net.empty() || !pcap.empty(); }
};

CliConfig parse_command_line(int argc, char** argv);

}  // namespace emu
