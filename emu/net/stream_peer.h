// A peer reached over a stream socket, frames and times as messages (link_protocol.h §2):
// the transport for TCP between hosts, and for Unix sockets when shared memory is off.
//
// Pipelined: frames and time announcements are queued in a user-space buffer and written
// without blocking once per announce(); nothing waits for an answer. An announcement that
// would follow another still unsent replaces it (only the newest time matters), so a slow
// reader costs memory for its frames only. Reading is non-blocking too. Waiting spins on
// non-blocking reads for LinkOptions::spin, then sleeps in poll(2) on the socket. The cost is one send and usually one recv per synchronisation window, a
// few microseconds each: fine between hosts, which is what this is for; on one host the
// shared-memory transport (shm_peer.h) avoids the system calls.
#pragma once
#include "emu/net/peer_link.h"

namespace emu::net {

class StreamPeer : public PeerLinkBase {
 public:
  // `sock` is connected and has completed the handshake; `reader` holds any bytes already
  // read past the peer's HELLO.
  StreamPeer(Fd sock, std::string who, proto::Hello peer, LinkOptions opt, proto::MessageReader reader);
  ~StreamPeer() override;
  void send_frame(const WireFrame& f) override;
  void announce(Picos t) override;
  Picos poll(std::vector<WireFrame>& out) override;
  void wait(Picos seen, std::chrono::microseconds slice) override;
  void finish() noexcept override;
  bool runs_alongside() const override { return spin_budget_.count() > 0; }

 private:
  void flush();      // write what the socket takes now
  void read_some();  // read what is there now; parse
  Fd sock_;
  proto::MessageReader reader_;
  std::vector<u8> out_;
  size_t out_pos_ = 0;
  size_t last_time_at_ = ~size_t(0);  // offset in out_ of a trailing, unsent TIME message
  std::vector<WireFrame> in_;
  bool eof_ = false;
  bool finished_ = false;
  bool shut_wr_ = false;  // we sent our end of file
  std::chrono::microseconds spin_budget_;
  unsigned waits_ = 0;
};

}  // namespace emu::net
