// Real-time pacing between CPU run slices; see pacer.h.
#include "emu/machine/pacer.h"

#include <thread>

namespace emu {

Pacer::Pacer(u64 cpu_hz, Cycles cycle, Clock::time_point host)
    : hz_(cpu_hz ? cpu_hz : 1), anchor_cycle_(cycle), anchor_host_(host) {}

Pacer::Clock::time_point Pacer::due(Cycles cycle) const {
  const Cycles elapsed = cycle > anchor_cycle_ ? cycle - anchor_cycle_ : 0;
  // Exact integer arithmetic: elapsed * 1e9 / hz nanoseconds, without overflow.
  const unsigned __int128 ns = (unsigned __int128)elapsed * 1'000'000'000u / hz_;
  return anchor_host_ + std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(u64(ns)));
}

void Pacer::pace(Cycles now) {
  const Clock::time_point target = due(now);
  const Clock::time_point host = Clock::now();
  if (target > host) {
    std::this_thread::sleep_until(target);
  } else if (host - target > kMaxLag) {
    anchor_cycle_ = now;
    anchor_host_ = host;
    ++re_anchors_;
  }
}

}  // namespace emu
