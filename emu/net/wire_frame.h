// A frame as the links carry it between stations: the bytes, when its transmission began
// in link time, who sent it and its number among that sender's frames. Plus the two error
// kinds of emu/net and the one place arrival times are computed.
//
// Sources: emu/net/ethernet.h (wire timing, shared/reference/am7990-lance.md §11).
#pragma once
#include <limits>
#include <stdexcept>
#include <string>

#include "emu/net/ethernet.h"

namespace emu::net {

// "Never" / "finished": a published time that no longer constrains anyone.
inline constexpr Picos kForever = std::numeric_limits<Picos>::max();
// Announced by a side whose machines have finished but which still records the segment
// (a capture): it sends nothing more, but wants the peer's frames until the peer finishes.
inline constexpr Picos kFinishedListening = kForever - 1;
inline constexpr Picos sat_add(Picos a, Picos b) { return a > kForever - b ? kForever : a + b; }
inline constexpr Picos sat_sub(Picos a, Picos b) { return a == kForever ? kForever : (a > b ? a - b : 0); }

// The largest frame a link carries (the LANCE can chain buffers past 1518 bytes; the
// receiver judges such frames, but something has to bound a message).
inline constexpr unsigned kMaxCarriedBytes = 65535;

struct WireFrame {
  Frame frame;
  Picos start = 0;   // first preamble bit leaves the sender
  u32 sender = 0;    // station id, unique on the segment (across processes)
  u64 seq = 0;       // 0, 1, 2, ... per sender, counting frames the loss filter dropped
};

// The instant the last bit reaches every other station: start + the frame's time on the
// wire + the segment's propagation delay. A frame shorter than the 64-byte minimum (a runt,
// or a zero-length mistake) is given a minimum frame's wire time: real runts end sooner,
// but every receiver's controller discards them, and this keeps the lookahead valid (no
// frame ever arrives sooner than kLinkLookaheadPs + propagation after it started).
inline Picos arrival_ps(const WireFrame& f, Picos propagation_ps) {
  Picos wire = f.frame.bytes.size() < kMinFrameBytes ? kLinkLookaheadPs : frame_wire_ps(f.frame.bytes.size());
  return f.start + wire + propagation_ps;
}

// The order in which one receiver is given frames: by arrival, then by sender, then by the
// sender's numbering. Total and host-independent, so deliveries are too.
struct DeliveryKey {
  Picos arrival;
  u32 sender;
  u64 seq;
  friend bool operator<(const DeliveryKey& a, const DeliveryKey& b) {
    if (a.arrival != b.arrival) return a.arrival < b.arrival;
    if (a.sender != b.sender) return a.sender < b.sender;
    return a.seq < b.seq;
  }
};

// A link failed or was misused from outside: a peer closed, stalled, sent malformed data,
// an address could not be used, a TAP could not be opened. what() is one line naming the
// peer, address or interface. The CLI prints it and exits non-zero.
class NetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The emulator broke its own rules (a frame delivered in a receiver's past, a node that
// overran its announced overshoot, time going backwards). Always a bug; never silenced.
class NetInternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace emu::net
