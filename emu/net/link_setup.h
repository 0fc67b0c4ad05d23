// Opening a link to another emulator process: connecting or accepting on a socket, then the
// handshake of link_protocol.h §1, which ends in a ShmPeer (both sides on one host, over a
// Unix socket) or a StreamPeer (TCP, or shm=off).
#pragma once
#include <memory>
#include <string>

#include "emu/net/peer_link.h"

namespace emu::net {

// What this process says about itself in HELLO. Stations with auto_id set may be renumbered
// by the connecting side's handshake (they then follow the listener's ids); the caller reads
// the ids back afterwards.
struct LocalIdentity {
  std::string label;
  Picos propagation_ps = 0;
  std::vector<proto::StationInfo> stations;
};

// Handshake on a connected socket. `listener`: we accepted it. Throws NetError.
std::unique_ptr<PeerLink> handshake(Fd sock, bool listener, const SocketAddress& addr, LocalIdentity& local,
                                    const LinkOptions& opt);

// connect=ADDR: connect (retrying until opt.timeout while nobody listens) and handshake.
std::unique_ptr<PeerLink> connect_link(const SocketAddress& addr, LocalIdentity& local, const LinkOptions& opt);

// listen=ADDR: bind now (so a test can learn a kernel-chosen port), accept later.
class LinkListener {
 public:
  explicit LinkListener(const SocketAddress& addr) : listener_(addr) {}
  const SocketAddress& address() const { return listener_.address(); }
  std::unique_ptr<PeerLink> accept(LocalIdentity& local, const LinkOptions& opt);

 private:
  Listener listener_;
};

}  // namespace emu::net
