// The live status line of a run (issue 13): simulated time, guest MIPS and speed against
// the real machine, per machine; for a network, the share of host time spent waiting for
// the peer. Drawn a few times a second by tick(), which the run loop calls often (it costs
// a clock read); what it draws, and how it stays out of the guest's console, is
// emu/common/status_line.h. Reading the machines' counters does not touch their state.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "emu/common/status_line.h"
#include "emu/machine/machine.h"

namespace emu {
namespace net { class Segment; }

class Progress {
 public:
  Progress(std::vector<Machine*> machines, const net::Segment* segment);
  void tick();
  void erase() { line_.erase(); }
  // What the line says after `host_seconds` more of host time (for tests).
  std::string text(double host_seconds);

  static constexpr std::chrono::milliseconds kInterval{250};
  // Simulated cycles per slice when a single machine runs with a status line: small enough
  // for a few ticks a second at 1 MIPS, large enough to cost nothing.
  static constexpr Cycles kSliceCycles = 1'000'000;

 private:
  struct Last {
    u64 instructions = 0;
    Cycles cycles = 0;
  };
  std::vector<Machine*> machines_;
  const net::Segment* segment_;
  std::vector<Last> last_;
  double last_wait_ = 0;
  std::chrono::steady_clock::time_point last_time_;
  StatusLine line_;
};

}  // namespace emu
