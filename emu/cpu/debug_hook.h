// What the CPU asks a debugger (emu/debug) while one is attached: before each instruction
// runs, whether to stop in front of it. The CPU then returns from run() with Stop::Debug,
// in the middle of a block if need be, and the next run() carries on exactly where it
// stopped, so that the blocks, their timing and the places where interrupts and device
// events are taken are those of a run without a debugger (execute.cpp).
#pragma once
#include "emu/common/types.h"

namespace emu {

class DebugHook {
 public:
  virtual ~DebugHook() = default;
  // va: the instruction's virtual address; word: the instruction itself. The instruction
  // at which the CPU stopped is not asked about again when the run resumes: it runs.
  virtual bool stop_before(u32 va, u32 word) = 0;
};

}  // namespace emu
