#include "emu/machine/machine_node.h"

#include "devices/lance/am7990.h"

namespace emu {

MachineNode::MachineNode(Machine& m, Cycles cycle_limit, u64 instruction_limit)
    : m_(m),
      hz_(m.profile().cpu_hz),
      cycle_limit_(cycle_limit),
      instruction_limit_(instruction_limit),
      arrival_("net-arrival", [this] { arrive(); }) {}

MachineNode::~MachineNode() { m_.scheduler().cancel(arrival_); }

bool MachineNode::run_until(net::Picos limit) {
  if (stop_ != Cpu::Stop::None) return false;
  const Cycles want = limit == net::kForever ? cycle_limit_ : net::ps_to_cycles_ceil(limit, hz_);
  const Cycles to = std::min(want, cycle_limit_);
  if (m_.cpu().cycles() >= to && to < cycle_limit_) return true;
  for (;;) {
    if (watcher_) watcher_->before_run();
    const Cpu::Stop s = m_.run(to, instruction_limit_);
    const bool short_of_end = s == Cpu::Stop::Debug || (s == Cpu::Stop::Cycles && m_.cpu().cycles() < cycle_limit_);
    if (watcher_ && short_of_end && !watcher_->after_run(s)) {
      stop_ = Cpu::Stop::Requested;
    } else if (s == Cpu::Stop::Debug) {
      continue;  // (without a watcher no debugger can stop it)
    } else if (short_of_end) {
      return true;
    } else {
      stop_ = s;
    }
    if (watcher_) watcher_->finish(stop_);
    return false;
  }
}

net::Picos MachineNode::max_overshoot_ps() const {
  // +1 cycle: cycles_to_ps rounds down.
  return net::cycles_to_ps(m_.cpu().max_overshoot() + 1, hz_);
}

void MachineNode::deliver(const net::Frame& f, net::Picos arrival) {
  inbox_.push_back({f, net::ps_to_cycles_ceil(arrival, hz_), arrival});
  if (!arrival_.scheduled()) m_.scheduler().schedule_at(arrival_, inbox_.front().at);
}

void MachineNode::arrive() {
  const Pending p = std::move(inbox_.front());
  inbox_.pop_front();
  if (observer_) observer_(p.frame, p.at, p.ps);
  m_.lance().receive(p.frame);
  if (!inbox_.empty()) m_.scheduler().schedule_at(arrival_, inbox_.front().at);
}

void MachineNode::state(StateIo& io) {
  io.section("machine-node");
  io.deque(inbox_, 1u << 20, [&](Pending& p) {
    io.vec(p.frame.bytes, 1u << 16);
    io.pod(p.at);
  });
  m_.scheduler().event_state(io, arrival_);
  io.pod(stop_);
  io.check(stop_ <= Cpu::Stop::Requested, "a machine's stop reason is unknown");
}

}  // namespace emu
