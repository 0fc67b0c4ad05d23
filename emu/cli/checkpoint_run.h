// Checkpoints during a run (--checkpoint, --checkpoint-at, SIGUSR1). Saving changes nothing
// about the run: one machine runs in pieces that end where a checkpoint is due (Cpu::run:
// stopping at a block boundary and going on is transparent); machines on a segment are
// saved between the segment's rounds, where each stands at a stop of its own.
#pragma once
#include <functional>

#include "emu/checkpoint/checkpoint.h"
#include "emu/cli/options.h"
#include "emu/cpu/cpu.h"

namespace emu {

class Checkpointer {
 public:
  // `run` names the parts to save; --checkpoint-at N counts machine 0's cycles, region:N
  // looks at every machine's regions.
  // Without cfg.checkpoint_path it does nothing.
  Checkpointer(const CliConfig& cfg, CheckpointRun run);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // One machine: runs it to the limits (absolute, as Machine::run), saving on the way.
  // With slice > 0, `between` is called between pieces of at most that many cycles (the
  // status line).
  Cpu::Stop run_one(Cycles cycle_limit, u64 instruction_limit, Cycles slice = 0,
                    const std::function<void()>& between = {});
  // On a segment: after each round (net::Segment::set_round_hook).
  void after_round();
  // The run has ended: without --checkpoint-at, save now. True when --checkpoint-at was
  // never reached (nothing was saved for it).
  bool finish();

 private:
  void save(const char* why);
  bool due() const;
  const CliConfig& cfg_;
  CheckpointRun run_;
  Machine& first_;
  bool at_pending_ = false, region_hit_ = false, stopped_for_region_ = false;
};

}  // namespace emu
