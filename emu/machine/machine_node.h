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

// Something that looks at a machine around each of its runs (a debugger,
// emu/debug/gdb_server.h). after_run() is told how a run that ended short of the node's
// end stopped (Stop::Debug, or a limit of the segment's): true = go on (after a debugger
// stop, the node runs on to the same limit); false = the run was ended (killed). finish()
// is told how the machine's run ended.
class RunWatcher {
 public:
  virtual ~RunWatcher() = default;
  virtual void before_run() = 0;
  virtual bool after_run(Cpu::Stop stop) = 0;
  virtual void finish(Cpu::Stop stop) = 0;  // the machine's run is over
};

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

  // Told about each frame as it arrives (its last bit: cycle and link time), for --trace.
  void set_receive_observer(std::function<void(const net::Frame&, Cycles, net::Picos)> f) { observer_ = std::move(f); }

  // How the machine's run ended, once run_until has returned false.
  Cpu::Stop stop() const { return stop_; }
  // Checkpoints: frames delivered but not yet arrived at the LANCE, their arrival event
  // (on the machine's scheduler: saved after Machine::state, before Scheduler::end_state),
  // and whether the machine has finished.
  void state(StateIo& io);
  void set_watcher(RunWatcher* w) { watcher_ = w; }

 private:
  void arrive();

  Machine& m_;
  u64 hz_;
  Cycles cycle_limit_;
  u64 instruction_limit_;
  Cpu::Stop stop_ = Cpu::Stop::None;
  RunWatcher* watcher_ = nullptr;
  struct Pending {
    net::Frame frame;
    Cycles at;
    net::Picos ps;
  };
  std::deque<Pending> inbox_;  // in arrival order (the segment delivers in that order)
  Event arrival_;
  std::function<void(const net::Frame&, Cycles, net::Picos)> observer_;
};

}  // namespace emu
