// What the network runner (emu/net/segment.h) sees of one emulated machine: a clock in
// picoseconds it can run up to a limit, and an inbox for frames that arrive at a given
// instant. The lead implements it for Machine; tests implement it with synthetic nodes.
//
// Contract (the determinism of linked runs rests on it — see segment.h for the proof):
//  * now_ps() never decreases.
//  * run_until(limit) runs until now_ps() >= limit (or the node finishes) and returns with
//    now_ps() < limit + max_overshoot_ps(); with now_ps() >= limit already it returns at
//    once. max_overshoot_ps() is a constant of the node, and 2 * max_overshoot_ps() must be
//    below the link lookahead (kLinkLookaheadPs, 57.6 us), or the runner refuses the node.
//  * Where a run is cut does not change what the node does: run_until(a); run_until(b) leaves
//    the node exactly as run_until(b) would, if nothing is delivered in between. So the
//    state at "the first stop at or after t" depends only on t and on earlier deliveries.
//  * Frames leave through the EthernetPort the runner gives the node (Segment::add_node),
//    synchronously, from inside run_until: transmit(frame, start_cycle) with start_cycle no
//    earlier than the node's time at the last return from run_until.
//  * deliver(f, arrival) is called between runs, with arrival >= now_ps(), in a state that is
//    itself a deterministic function of the run (see segment.h); the node schedules the
//    frame's arrival (its last bit) at `arrival`. Calls for one node come in increasing
//    (arrival, sender station, sender's frame number) order.
//  * Once run_until has returned false the node is finished: it is never run or delivered to
//    again, and peers no longer wait for it.
#pragma once
#include "emu/net/ethernet.h"

namespace emu::net {

class NetNode {
 public:
  virtual ~NetNode() = default;
  virtual Picos now_ps() const = 0;
  // Run until now_ps() >= limit or the node finishes (guest halted, user limit). Guarantee:
  // on return now_ps() < limit + max_overshoot_ps(). Returns false once the node has finished.
  virtual bool run_until(Picos limit) = 0;
  virtual Picos max_overshoot_ps() const = 0;
  // A frame whose last bit arrives at `arrival` (always >= now_ps()); the node schedules it.
  virtual void deliver(const Frame& f, Picos arrival) = 0;
};

}  // namespace emu::net
