#include "tools/emu-trace/window.h"

#include <algorithm>

#include "emu/common/error.h"
#include "tools/emu-trace/trace_walk.h"

namespace emu::trace::tool {
namespace {

constexpr unsigned __int128 kPsPerSecond = 1000000000000ull;

struct RegionFinder : TraceVisitor {
  u64 id = 0;
  std::vector<u64> open;
  std::vector<std::pair<u64, u64>> found;  // cycles
  void on_record(const Record& r) override {
    if (r.type != RecordType::Region || r.a != id) return;
    if (r.kind == 0) {
      open.push_back(r.time);
    } else if (!open.empty()) {
      found.push_back({open.back(), r.time});
      open.pop_back();
    }
  }
};

}  // namespace

// As traces/README.md defines the common axis: picoseconds = cycles × 10¹² / cpu_hz, rounded down.
u64 cycles_to_ps(u64 cycles, u64 hz) { return u64((unsigned __int128)cycles * kPsPerSecond / hz); }
u64 ps_to_cycles(u64 ps, u64 hz) { return u64(((unsigned __int128)ps * hz + kPsPerSecond - 1) / kPsPerSecond); }

Window Window::region(const std::vector<std::string>& paths, u64 id) {
  for (const std::string& path : paths) {
    TraceReader r(path);
    if (!r.header().has(EventClass::Region) || r.header().cpu_hz == 0) continue;
    RegionFinder f;
    f.id = id;
    walk(r, f);
    if (f.found.empty()) continue;
    Window w;
    std::sort(f.found.begin(), f.found.end());
    for (auto [b, e] : f.found) w.ps_.push_back({cycles_to_ps(b, r.header().cpu_hz), cycles_to_ps(e, r.header().cpu_hz)});
    w.source_ = path;
    return w;
  }
  throw UserError("--region " + std::to_string(id) + ": no trace given has that region (begun and ended)");
}

void Window::use_clock(u64 hz) {
  cycles_.clear();
  for (auto [b, e] : ps_) cycles_.push_back({ps_to_cycles(b, hz), ps_to_cycles(e, hz)});
}

bool Window::contains(u64 cycle) const {
  auto it = std::upper_bound(cycles_.begin(), cycles_.end(), cycle, [](u64 c, const auto& iv) { return c < iv.first; });
  return it != cycles_.begin() && cycle < std::prev(it)->second;
}

}  // namespace emu::trace::tool
