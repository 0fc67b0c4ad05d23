// Cycle-keyed event scheduler: the only source of time for devices.
//
// Time is the owning machine's CPU cycle count (`now()`), advanced by the CPU. Devices
// own Event objects and (re)schedule them at absolute cycles; the CPU asks for
// `next_event()` and calls `run_due()` when it reaches it. Ties are broken by the order of
// scheduling, so a run is a pure function of its inputs.
#pragma once
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu {

class Scheduler;

class Event {
 public:
  Event(std::string name, std::function<void()> callback)
      : name_(std::move(name)), callback_(std::move(callback)) {}
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  const std::string& name() const { return name_; }
  bool scheduled() const { return scheduled_; }
  Cycles when() const { return when_; }

 private:
  friend class Scheduler;
  std::string name_;
  std::function<void()> callback_;
  Cycles when_ = 0;
  u64 seq_ = 0;
  bool scheduled_ = false;
};

class Scheduler {
 public:
  static constexpr Cycles kNever = std::numeric_limits<Cycles>::max();

  Cycles now() const { return now_; }
  // Only the CPU (or a test) moves time forward.
  void advance_to(Cycles t) { now_ = t; }
  Cycles& clock() { return now_; }

  // Schedule at an absolute cycle (clamped to now). Rescheduling moves the event.
  void schedule_at(Event& e, Cycles when);
  void schedule_in(Event& e, Cycles delta) { schedule_at(e, now_ + delta); }
  void cancel(Event& e);

  Cycles next_event() const { return next_; }
  // Run every event due at or before now(), in (time, scheduling order).
  void run_due();
  void clear();

 private:
  void recompute_next();
  std::vector<Event*> active_;
  Cycles now_ = 0;
  Cycles next_ = kNever;
  u64 seq_ = 0;
};

}  // namespace emu
