#include "emu/sched/scheduler.h"

#include <algorithm>

namespace emu {

void Scheduler::schedule_at(Event& e, Cycles when) {
  if (when < now_) when = now_;
  if (!e.scheduled_) active_.push_back(&e);
  e.scheduled_ = true;
  e.when_ = when;
  e.seq_ = seq_++;
  recompute_next();
}

void Scheduler::cancel(Event& e) {
  if (!e.scheduled_) return;
  e.scheduled_ = false;
  active_.erase(std::remove(active_.begin(), active_.end(), &e), active_.end());
  recompute_next();
}

void Scheduler::recompute_next() {
  next_ = kNever;
  for (const Event* e : active_) next_ = std::min(next_, e->when_);
}

void Scheduler::run_due() {
  // Events may schedule further events (also due now); loop until none is due.
  while (next_ <= now_) {
    Event* first = nullptr;
    for (Event* e : active_) {
      if (e->when_ > now_) continue;
      if (!first || e->when_ < first->when_ || (e->when_ == first->when_ && e->seq_ < first->seq_))
        first = e;
    }
    if (!first) break;
    cancel(*first);
    first->callback_();
  }
}

void Scheduler::state(StateIo& io) {
  io.section("scheduler");
  io.pod(now_);
  io.pod(seq_);
  if (io.loading()) clear();
  saved_events_ = 0;
}

void Scheduler::event_state(StateIo& io, Event& e) {
  // An idle event's old time and order are not state (and would make equal states differ).
  bool on = e.scheduled_;
  Cycles when = on ? e.when_ : 0;
  u64 seq = on ? e.seq_ : 0;
  io.boolean(on);
  io.pod(when);
  io.pod(seq);
  if (on) ++saved_events_;
  if (!io.loading()) return;
  io.check(!on || seq < seq_, "a pending event is out of the scheduling order");
  cancel(e);
  if (!on) return;
  e.scheduled_ = true;
  e.when_ = when;
  e.seq_ = seq;
  active_.push_back(&e);
  recompute_next();
}

void Scheduler::end_state(const StateIo& io) const {
  if (io.loading() || saved_events_ == active_.size()) return;
  std::string names;
  for (const Event* e : active_) names += " " + e->name();
  throw std::logic_error("checkpoint: a pending event has no owner that saves it (pending:" + names + ")");
}

void Scheduler::clear() {
  for (Event* e : active_) e->scheduled_ = false;
  active_.clear();
  next_ = kNever;
}

}  // namespace emu
