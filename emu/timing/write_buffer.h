// The R2020/R3020 write buffer: a FIFO of (by default) 4 posted stores between the CPU
// and memory (reference r3000-cpu.md §10; DTJ: "a four-stage write buffer ... allows the
// CPU to write to its write-through cache without stalling as long as the buffer is not
// full").
//
// Model. Each store enters at the cycle it issues and then occupies the memory for its
// own retire time (RAM word, partial word or device write, from the timing profile);
// entries retire strictly in order, one at a time. A store that finds all entries still
// pending stalls the CPU until the oldest retires. Reads that go to memory wait until the
// buffer is empty (the safe ordering the reference recommends; the R3000 cannot bypass a
// pending write to the same address otherwise). CpCond0 on DECstations is "buffer empty"
// (the `1: bc0f 1b` wbflush idiom).
//
// The buffer keeps only times, not data: the emulator performs each store at once (a
// device sees its register write at issue time), which no driver can tell apart.
#pragma once
#include <algorithm>
#include <array>

#include "emu/common/types.h"
#include "emu/state/state_io.h"

namespace emu {

class WriteBuffer {
 public:
  static constexpr unsigned kMaxDepth = 8;

  explicit WriteBuffer(unsigned depth = 4) { set_depth(depth); }
  void set_depth(unsigned depth) {
    depth_ = std::clamp(depth, 1u, kMaxDepth);
    reset();
  }
  void reset() {
    retire_.fill(0);
    head_ = 0;
    last_ = 0;
  }

  // A store issued at `now` whose retirement takes `occupancy` cycles. Returns how many
  // cycles the CPU stalls because the buffer is full.
  Cycles push(Cycles now, u32 occupancy) {
    // retire_[head_] is the retire time of the entry pushed depth_ stores ago: if it is
    // still pending, so are all younger ones, and the buffer is full.
    const Cycles oldest = retire_[head_];
    const Cycles stall = oldest > now ? oldest - now : 0;
    const Cycles start = std::max(now + stall, last_);
    last_ = start + occupancy;
    retire_[head_] = last_;
    if (++head_ == depth_) head_ = 0;
    return stall;
  }
  // Cycles until every posted store has retired.
  Cycles drain_time(Cycles now) const { return last_ > now ? last_ - now : 0; }
  bool empty(Cycles now) const { return last_ <= now; }
  unsigned depth() const { return depth_; }
  // Checkpoints: the pending retire times (the depth is the timing profile's).
  void state(StateIo& io) {
    io.pod(retire_);
    io.pod(head_);
    io.pod(last_);
    io.check(head_ < depth_, "the write buffer's head is beyond its depth");
  }

 private:
  std::array<Cycles, kMaxDepth> retire_{};
  unsigned depth_ = 4;
  unsigned head_ = 0;
  Cycles last_ = 0;  // retire time of the youngest entry
};

}  // namespace emu
