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
#include "emu/state/state_io.h"

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

  // Checkpoints (emu/state/state_io.h). An event has no identity of its own: its owner
  // (device + which event) saves it with event_state() inside its own state(), so the
  // callback is the owner's again after a restore. state() saves the clock and the
  // scheduling order; a reader then drops every pending event until its owner restores it.
  // end_state(): every pending event was saved by an owner (throws std::logic_error naming
  // one that was not: a new device that forgot its events).
  void state(StateIo& io);
  void event_state(StateIo& io, Event& e);
  void end_state(const StateIo& io) const;

 private:
  void recompute_next();
  std::vector<Event*> active_;
  Cycles now_ = 0;
  Cycles next_ = kNever;
  u64 seq_ = 0;
  size_t saved_events_ = 0;  // pending events saved since state()
};

}  // namespace emu
