// A Linux TAP interface (tuntap(4): /dev/net/tun, IFF_TAP | IFF_NO_PI) as a station on a
// segment, bridging the emulated machines to the host's network stack.
//
// Real time, so NOT deterministic: what the host sends and when depends on the host. The
// segment (segment.h) reads the TAP without blocking between runs and gives each host frame
// the start time of the latest local node, so it arrives at that node's current time plus
// its wire time; frames the nodes send are written to the TAP as they are transmitted. There
// is no pacing: the emulated machines run as fast as the host lets them, faster or slower
// than real time.
//
// FCS: host frames carry none and may be shorter than the Ethernet minimum (the host's NIC
// would pad them), so read() pads to 60 bytes and appends the FCS, as a real sender would;
// write() drops the last 4 bytes (the FCS) of the emulated frame. A frame whose FCS is wrong
// (the loss filter corrupted it) is not written: a real receiver would discard it.
#pragma once
#include <string>
#include <vector>

#include "emu/net/socket_util.h"

namespace emu::net {

class TapDevice {
 public:
  // Opens (creating if needed, which needs CAP_NET_ADMIN) the TAP interface `ifname`.
  // Throws NetError "tap IFNAME: ..." if it cannot.
  explicit TapDevice(const std::string& ifname);
  const std::string& name() const { return name_; }
  int fd() const { return fd_.get(); }
  // Appends every frame the host has queued (with padding and FCS added), without blocking.
  void read_frames(std::vector<Frame>& out);
  // One emulated frame to the host. Frames the host cannot take right now are dropped,
  // as an overrun host NIC would.
  void write(const Frame& f);
  u64 dropped() const { return dropped_; }

 private:
  std::string name_;
  Fd fd_;
  u64 dropped_ = 0;
};

}  // namespace emu::net
