// A stretch of simulated time that an analysis is restricted to: the intervals of a guest
// region (its begins and ends in the trace that records it), in the picoseconds linked
// machines share, so that the other machines of the run can be measured over the same
// intervals (the server's cycles during the client's round trips).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "emu/common/types.h"

namespace emu::trace::tool {

class Window {
 public:
  // Region `id` from the first of `paths` whose trace has it; throws UserError if none does.
  static Window region(const std::vector<std::string>& paths, u64 id);
  size_t intervals() const { return ps_.size(); }
  const std::string& source() const { return source_; }
  // The intervals in one machine's cycles (clock hz); then contains() answers for it.
  void use_clock(u64 hz);
  bool contains(u64 cycle) const;

 private:
  std::vector<std::pair<u64, u64>> ps_;      // [begin, end) in picoseconds
  std::vector<std::pair<u64, u64>> cycles_;  // the same in the current machine's cycles
  std::string source_;
};

u64 cycles_to_ps(u64 cycles, u64 hz);
u64 ps_to_cycles(u64 ps, u64 hz);

}  // namespace emu::trace::tool
