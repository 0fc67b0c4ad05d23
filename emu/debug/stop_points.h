// Breakpoints, watchpoints and single-stepping: the DebugHook (emu/cpu/debug_hook.h) a
// debugger installs in the CPU. Nothing here touches guest memory or the CPU's state:
// breakpoints are addresses compared before each instruction (GDB's Z0 and Z1 are the
// same thing here), and a watchpoint compares the address a load or store is about to
// use, computed from the instruction and its base register.
//
// A watchpoint stops in front of the accessing instruction, not after it: GDB's MIPS
// targets say their watchpoints are "non-steppable" (mips-tdep.c), so GDB itself steps
// over the instruction with the watchpoint removed and then compares the value.
#pragma once
#include <unordered_set>
#include <vector>

#include "emu/cpu/debug_hook.h"

namespace emu {
class Cpu;
}

namespace emu::debug {

class StopPoints final : public DebugHook {
 public:
  enum class Reason { kNone, kStep, kBreakpoint, kWatchWrite, kWatchRead, kWatchAccess };
  enum class WatchKind { kWrite, kRead, kAccess };  // GDB's Z2, Z3, Z4

  explicit StopPoints(const Cpu& cpu) : cpu_(cpu) {}

  bool stop_before(u32 va, u32 word) override;

  void add_breakpoint(u32 va) { breakpoints_.insert(va); }
  bool remove_breakpoint(u32 va) { return breakpoints_.erase(va) > 0; }
  void add_watchpoint(WatchKind kind, u32 va, u32 len);
  bool remove_watchpoint(WatchKind kind, u32 va, u32 len);
  void set_stepping(bool on) { stepping_ = on; }
  void clear();
  // Nothing to look for: the CPU can run without the hook (at full speed).
  bool idle() const { return !stepping_ && breakpoints_.empty() && watchpoints_.empty(); }

  // Why the last stop_before() said yes, and for a watchpoint the address it reports.
  Reason reason() const { return reason_; }
  u32 watch_address() const { return watch_address_; }

  // The data address and size a load or store instruction word would access with the
  // CPU's registers now; false if it is not a load or store. (Public for the tests.)
  static bool access_of(u32 word, const Cpu& cpu, u32& va, u32& size, bool& is_store);

 private:
  struct Watch {
    WatchKind kind;
    u32 va, len;
  };
  const Cpu& cpu_;
  std::unordered_set<u32> breakpoints_;
  std::vector<Watch> watchpoints_;
  bool stepping_ = false;
  Reason reason_ = Reason::kNone;
  u32 watch_address_ = 0;
};

}  // namespace emu::debug
