// The run of one machine with checkpoints (--checkpoint, --checkpoint-at, SIGUSR1): the
// machine runs in pieces that end where a checkpoint is due, which changes nothing about
// the run (Cpu::run: stopping at a block boundary and going on is transparent), so a run
// that saves checkpoints gives the same cycles and output as one that does not.
#pragma once
#include "emu/cli/options.h"
#include "emu/cpu/cpu.h"

namespace emu {

class Machine;
class RegionRecorder;

// Runs m to the limits (absolute, as Machine::run), saving cfg.checkpoint_path at
// --checkpoint-at, on each SIGUSR1, and — without --checkpoint-at — when the run ends.
// `missed` is set when --checkpoint-at was never reached (no checkpoint written).
Cpu::Stop run_with_checkpoints(const CliConfig& cfg, Machine& m, RegionRecorder& regions, Cycles cycle_limit,
                               u64 instruction_limit, bool& missed);

}  // namespace emu
