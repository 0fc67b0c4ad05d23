#include "emu/debug/stop_points.h"

#include <algorithm>
#include <cstdint>

#include "emu/cpu/cpu.h"

namespace emu::debug {

bool StopPoints::access_of(u32 word, const Cpu& cpu, u32& va, u32& size, bool& is_store) {
  const unsigned op = word >> 26;
  switch (op) {
    case 0x20: case 0x24: case 0x28: size = 1; break;                 // lb lbu sb
    case 0x21: case 0x25: case 0x29: size = 2; break;                 // lh lhu sh
    case 0x22: case 0x23: case 0x26: case 0x2a: case 0x2b: case 0x2e:  // lwl lw lwr swl sw swr
    case 0x31: case 0x32: case 0x33: case 0x39: case 0x3a: case 0x3b:  // lwc1-3 swc1-3
      size = 4;
      break;
    default: return false;
  }
  is_store = op >= 0x28;
  va = cpu.gpr((word >> 21) & 31) + u32(int32_t(int16_t(word & 0xffff)));
  if (size == 4) va &= ~3u;  // LWL/LWR/SWL/SWR: the aligned word they touch part of
  return true;
}

bool StopPoints::stop_before(u32 va, u32 word) {
  if (stepping_) {
    reason_ = Reason::kStep;
    return true;
  }
  if (!breakpoints_.empty() && breakpoints_.count(va)) {
    reason_ = Reason::kBreakpoint;
    return true;
  }
  if (watchpoints_.empty()) return false;
  u32 addr, size;
  bool store;
  if (!access_of(word, cpu_, addr, size, store)) return false;
  for (const Watch& w : watchpoints_) {
    if (w.kind == WatchKind::kWrite && !store) continue;
    if (w.kind == WatchKind::kRead && store) continue;
    const u64 lo = std::max<u64>(addr, w.va), hi = std::min<u64>(u64(addr) + size, u64(w.va) + w.len);
    if (lo >= hi) continue;
    reason_ = w.kind == WatchKind::kWrite  ? Reason::kWatchWrite
              : w.kind == WatchKind::kRead ? Reason::kWatchRead
                                           : Reason::kWatchAccess;
    watch_address_ = u32(lo);
    return true;
  }
  return false;
}

void StopPoints::add_watchpoint(WatchKind kind, u32 va, u32 len) {
  watchpoints_.push_back({kind, va, std::max(len, 1u)});
}

bool StopPoints::remove_watchpoint(WatchKind kind, u32 va, u32 len) {
  for (auto it = watchpoints_.begin(); it != watchpoints_.end(); ++it)
    if (it->kind == kind && it->va == va && it->len == std::max(len, 1u)) {
      watchpoints_.erase(it);
      return true;
    }
  return false;
}

void StopPoints::clear() {
  breakpoints_.clear();
  watchpoints_.clear();
  stepping_ = false;
}

}  // namespace emu::debug
