// Seeded, deterministic frame loss and corruption ("--net-loss"), for testing how guests
// cope with a bad wire.
//
// Where it acts: at the sender, once, as a frame is handed to the segment (Segment's port),
// before any receiver, capture or remote process sees it. So every receiver, in this process
// or another, sees the same outcome, and a capture shows what the receivers got (a dropped
// frame is absent; a corrupted one appears corrupted).
//
// How it decides: a counter-based generator (SplitMix64, Steele et al., "Fast splittable
// pseudorandom number generators", OOPSLA 2014) hashed from (seed, sender station, the
// sender's frame number). No state carries from one frame to the next, so the decision for a
// frame does not depend on host timing or on what other stations did.
// Corruption flips one bit, chosen by the same hash, anywhere in DA..FCS: the receiver's CRC
// check then fails (a flip in the FCS itself too), as a real bit error would make it.
#pragma once
#include <string>

#include "emu/net/wire_frame.h"

namespace emu::net {

struct LossConfig {
  double drop_rate = 0;     // 0..1, fraction of frames lost
  double corrupt_rate = 0;  // 0..1, fraction of the frames not lost that get one bit flipped
  u64 seed = 1;
  bool active() const { return drop_rate > 0 || corrupt_rate > 0; }
};

// "drop=0.01,corrupt=0.001,seed=7" (any subset, any order). Throws NetError naming the bad part.
LossConfig parse_loss_spec(const std::string& spec);

class LossFilter {
 public:
  enum class Verdict { Pass, Drop, Corrupt };
  explicit LossFilter(LossConfig cfg = {});
  // Decides the fate of frame `seq` of station `sender`; corrupts `f` in place if so.
  Verdict apply(u32 sender, u64 seq, Frame& f) const;
  const LossConfig& config() const { return cfg_; }

 private:
  LossConfig cfg_;
  u64 drop_threshold_, corrupt_threshold_;  // compared with 64-bit hash values
};

}  // namespace emu::net
