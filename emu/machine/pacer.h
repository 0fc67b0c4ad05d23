// --realtime: keep a machine's simulated time from running ahead of the host clock.
//
// The machine runs the CPU in slices of about 1 ms of simulated time and calls pace()
// between slices (never inside Cpu::run, whose hot loop stays free of host clocks); pace()
// sleeps until the host clock has caught up with the simulated time reached. When the host
// is the slower one (a heavy guest, a loaded machine), nothing is done — and if it falls
// more than kMaxLag behind, the pacer forgets the debt and re-anchors, so that a stall
// (a debugger stop, a suspended process) is not followed by a burst of unpaced running.
// Nothing here changes what the guest computes: pacing only adds host sleeps between
// slices, and the slices themselves end at block boundaries exactly where one long run
// would pass them (Cpu::run limits are absolute). The default mode has no pacer at all.
#pragma once
#include <chrono>

#include "emu/common/types.h"

namespace emu {

class Pacer {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kMaxLag{100};

  // Simulated cycles per pacing slice for a CPU clock: 1 ms worth (at least 1).
  static Cycles slice_cycles(u64 cpu_hz) { return cpu_hz >= 1000 ? cpu_hz / 1000 : 1; }

  // Anchor: simulated cycle `cycle` corresponds to host time `host`.
  Pacer(u64 cpu_hz, Cycles cycle, Clock::time_point host = Clock::now());

  // Host time at which simulated cycle `cycle` is due.
  Clock::time_point due(Cycles cycle) const;
  // Sleep until cycle `now` is due (see the file comment for the lagging case).
  void pace(Cycles now);
  u64 re_anchors() const { return re_anchors_; }

 private:
  u64 hz_;
  Cycles anchor_cycle_;
  Clock::time_point anchor_host_;
  u64 re_anchors_ = 0;
};

}  // namespace emu
