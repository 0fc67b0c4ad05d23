// A Machine as a station on a simulated Ethernet segment (emu/net/net_node.h): its clock in
// picoseconds, runs up to a limit, and received frames scheduled on the machine's own
// scheduler for the LANCE at the cycle their last bit arrives.
//
// The contract net_node.h asks for holds because Cpu::run stops only at block boundaries,
// whose placement and the events and interrupts taken at them depend on the execution
// alone (cpu.h: run), and because Cpu::max_overshoot() bounds how far one block can go.
#pragma once
#include <deque>

#include "emu/machine/machine.h"
#include "emu/net/net_node.h"
#include "emu/net/wire_frame.h"
#include "emu/sched/scheduler.h"

namespace emu {

class MachineNode final : public net::NetNode {
 public:
  // The run ends (run_until returns false) when the guest halts or a user limit is
  // reached: cycle_limit / instruction_limit are absolute, as for Machine::run.
  MachineNode(Machine& m, Cycles cycle_limit, u64 instruction_limit);
  ~MachineNode() override;

  net::Picos now_ps() const override { return net::cycles_to_ps(m_.cpu().cycles(), hz_); }
  bool run_until(net::Picos limit) override;
  net::Picos max_overshoot_ps() const override;
  void deliver(const net::Frame& f, net::Picos arrival) override;

  // How the machine's run ended, once run_until has returned false.
  Cpu::Stop stop() const { return stop_; }
  // Checkpoints: frames delivered but not yet arrived at the LANCE, their arrival event
  // (on the machine's scheduler: saved after Machine::state, before Scheduler::end_state),
  // and whether the machine has finished.
  void state(StateIo& io);

 private:
  void arrive();

  Machine& m_;
  u64 hz_;
  Cycles cycle_limit_;
  u64 instruction_limit_;
  Cpu::Stop stop_ = Cpu::Stop::None;
  struct Pending {
    net::Frame frame;
    Cycles at;
  };
  std::deque<Pending> inbox_;  // in arrival order (the segment delivers in that order)
  Event arrival_;
};

}  // namespace emu
