#include "emu/cli/progress.h"

#include <cstdio>

#include "emu/net/segment.h"

namespace emu {

Progress::Progress(std::vector<Machine*> machines, const net::Segment* segment)
    : machines_(std::move(machines)), segment_(segment), last_(machines_.size()),
      last_time_(std::chrono::steady_clock::now()) {
  for (size_t k = 0; k < machines_.size(); ++k) last_[k] = {machines_[k]->cpu().stats().instructions, machines_[k]->cpu().cycles()};
}

void Progress::tick() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_time_ < kInterval) return;
  const double host = std::chrono::duration<double>(now - last_time_).count();
  last_time_ = now;
  line_.show(text(host));
}

std::string Progress::text(double host_seconds) {
  std::string out = "emu:";
  char buf[160];
  for (size_t k = 0; k < machines_.size(); ++k) {
    Machine& m = *machines_[k];
    const u64 insns = m.cpu().stats().instructions;
    const Cycles cycles = m.cpu().cycles();
    const double hz = double(m.profile().cpu_hz);
    // Speed against the real machine: simulated time passed over host time passed.
    const double mips = host_seconds > 0 ? double(insns - last_[k].instructions) / host_seconds / 1e6 : 0;
    const double speed = host_seconds > 0 ? double(cycles - last_[k].cycles) / hz / host_seconds : 0;
    last_[k] = {insns, cycles};
    const std::string who = machines_.size() > 1 ? std::to_string(k) + " " : "";
    std::snprintf(buf, sizeof buf, "%s %s%s %.3f s, %.1f MIPS, %.2fx real time", k ? " |" : "", who.c_str(),
                  m.profile().name, double(cycles) / hz, mips, speed);
    out += buf;
  }
  if (segment_) {
    const double wait = segment_->sync_stats().wait_seconds;
    const double share = host_seconds > 0 ? (wait - last_wait_) / host_seconds : 0;
    last_wait_ = wait;
    std::snprintf(buf, sizeof buf, " | waiting for the peer %.0f%%", share * 100);
    out += buf;
  }
  return out;
}

}  // namespace emu
