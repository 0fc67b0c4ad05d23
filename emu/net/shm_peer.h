// A peer on the same host, reached through a shared-memory channel (shm_channel.h) that was
// set up over a Unix socket (link_protocol.h). The socket stays open only to notice the peer
// going away: its end of file, read with poll(2) while we wait, is "peer disconnected"
// unless the peer had published kForever (finished) first.
//
// Waiting for the peer: spin for up to LinkOptions::spin re-reading its sequence word (the
// peer is usually a few microseconds away from publishing), yielding the core now and then
// (the peer may be waiting for it), then sleep on the word with futex(2) in slices of at
// most 10 ms, looking at the socket and the stall clock between slices. The spin is halved
// after every wait it failed to catch, so an overloaded host stops spinning.
// A full ring (the peer is not consuming) is waited out the same way, consuming the peer's
// ring meanwhile so that two sides with full rings cannot wait for each other.
#pragma once
#include "emu/net/peer_link.h"
#include "emu/net/shm_channel.h"

namespace emu::net {

class ShmPeer : public PeerLinkBase {
 public:
  ShmPeer(Fd sock, ShmChannel channel, std::string who, proto::Hello peer, LinkOptions opt);
  ~ShmPeer() override;
  void send_frame(const WireFrame& f) override;
  void announce(Picos t) override;
  Picos poll(std::vector<WireFrame>& out) override;
  void wait(Picos seen, std::chrono::microseconds slice) override;
  void finish() noexcept override;
  bool runs_alongside() const override { return spin_budget_.count() > 0; }

 private:
  void drain();         // peer's ring and time into in_ / peer_time()
  void check_socket();  // throws if the peer has gone (or wrote on the socket)
  Fd sock_;
  ShmChannel ch_;
  std::vector<WireFrame> in_;
  bool finished_ = false;
  std::chrono::microseconds spin_budget_;
  unsigned waits_ = 0;
};

}  // namespace emu::net
