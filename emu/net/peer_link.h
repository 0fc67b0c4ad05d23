// The other process on a segment, as the runner (segment.h) sees it: a place to send our
// frames and time announcements, and a source of the peer's frames and announced time.
// Two implementations: StreamPeer (messages on the socket: TCP, or Unix with shm=off) and
// ShmPeer (shared memory after a handshake on a Unix socket). Protocol: link_protocol.h.
//
// PeerLinkBase holds what both share: the peer's identity from its HELLO, the checks on
// what it sends (time never going back, no frame starting before a time it announced, only
// its own stations as senders), and the stall clock — how long we have been waiting with no
// news from the peer and no progress of our own; past `timeout` that is "peer stalled".
#pragma once
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "emu/net/link_protocol.h"
#include "emu/net/socket_util.h"

namespace emu::net {

struct LinkOptions {
  std::chrono::milliseconds timeout{60'000};  // handshake, connecting, and stalls
  bool allow_shm = true;                      // Unix sockets: shared memory after the handshake
  std::chrono::microseconds spin{50};         // waiting: spin this long before sleeping
  u32 ring_bytes = 1 << 20;                   // shared-memory ring, each direction
  // Say on stderr, at once, what a link waits for and where: a listener's address (with
  // the port the kernel chose for :0), a connector with nobody listening yet, a peer
  // silent for kStallNotice. Without it a waiting run looks hung.
  bool report_waits = true;
};
// How long a silent peer is waited for before report_waits says so (or half the timeout,
// when that is shorter).
inline constexpr std::chrono::milliseconds kStallNotice{10'000};

class PeerLink {
 public:
  virtual ~PeerLink() = default;
  // "unix:/tmp/a.sock (peer 'name')", for messages.
  virtual const std::string& who() const = 0;
  virtual const proto::Hello& peer_hello() const = 0;
  virtual void send_frame(const WireFrame& f) = 0;
  // Every frame we start from now on starts at or after t (kForever: we have finished).
  virtual void announce(Picos t) = 0;
  // Without blocking: appends the frames that have arrived (checked) and returns the latest
  // time the peer announced (kForever once it has finished).
  virtual Picos poll(std::vector<WireFrame>& out) = 0;
  // Blocks until the peer announces a time after `seen` or sends a frame, or `slice`
  // passes. Throws NetError if the peer has gone, sent malformed data, or stalled.
  virtual void wait(Picos seen, std::chrono::microseconds slice) = 0;
  // Whether the peer seems to run at the same time as we do (waits end while we spin); if
  // not (both on one core), running in small slices only adds context switches.
  virtual bool runs_alongside() const { return true; }
  // Orderly end: announce kForever and push it out. Best effort; never throws.
  virtual void finish() noexcept = 0;
};

class PeerLinkBase : public PeerLink {
 public:
  PeerLinkBase(std::string who, proto::Hello peer, LinkOptions opt);
  const std::string& who() const override { return who_; }
  const proto::Hello& peer_hello() const override { return peer_; }

 protected:
  [[noreturn]] void malformed(const std::string& why) const;
  [[noreturn]] void disconnected() const;
  // Checks and records what the peer sent.
  void check_frame(const WireFrame& f) const;
  void got_time(Picos t);
  Picos peer_time() const { return peer_time_; }
  // Stall clock: news() on anything from the peer or progress of ours; check_stall() while
  // waiting throws once we have waited `timeout` since.
  void news() { waiting_ = false; stall_reported_ = false; }
  void check_stall();
  void note_announce(Picos t) { if (t != last_announced_) { last_announced_ = t; news(); } }

  std::string who_;
  proto::Hello peer_;
  LinkOptions opt_;

 private:
  std::set<u32> stations_;
  Picos peer_time_ = 0;
  Picos last_announced_ = 0;
  bool waiting_ = false, stall_reported_ = false;
  Clock::time_point waiting_since_;
};

}  // namespace emu::net
