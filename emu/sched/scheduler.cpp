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

void Scheduler::clear() {
  for (Event* e : active_) e->scheduled_ = false;
  active_.clear();
  next_ = kNever;
}

}  // namespace emu
