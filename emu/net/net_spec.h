// The spec strings that attach a segment to the outside world, as the CLI takes them:
//   listen=ADDR[,OPT...]   wait for one peer process to connect (ADDR: socket_util.h —
//                          a Unix socket path, or HOST:PORT, loopback unless HOST is named)
//   connect=ADDR[,OPT...]  connect to a peer process that listens there
//   tap=IFNAME             bridge to the host's TAP interface IFNAME (tap_device.h)
// OPT: timeout=SECONDS (handshake, connecting and stalls; default 60), shm=off (keep frames
// on the socket even on one host; default on for Unix sockets), spin=MICROSECONDS (how long
// a waiting side spins before it sleeps; default 50).
// A Unix path containing ',' cannot be given here.
#pragma once
#include <string>

#include "emu/net/peer_link.h"

namespace emu::net {

struct NetSpec {
  enum class Kind { Listen, Connect, Tap };
  Kind kind = Kind::Connect;
  std::string target;  // ADDR or IFNAME
  LinkOptions options;
};

// Throws NetError naming the spec when it is malformed.
NetSpec parse_net_spec(const std::string& spec, const LinkOptions& defaults = {});

}  // namespace emu::net
