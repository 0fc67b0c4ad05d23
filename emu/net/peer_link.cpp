// Checks shared by the link transports: see peer_link.h.
#include "emu/net/peer_link.h"

#include <algorithm>
#include <cstdio>

namespace emu::net {

PeerLinkBase::PeerLinkBase(std::string who, proto::Hello peer, LinkOptions opt)
    : who_(std::move(who)), peer_(std::move(peer)), opt_(opt) {
  for (const auto& s : peer_.stations) stations_.insert(s.id);
}

void PeerLinkBase::malformed(const std::string& why) const {
  throw NetError("link " + who_ + ": malformed data from peer: " + why);
}

void PeerLinkBase::disconnected() const {
  throw NetError("link " + who_ + ": peer disconnected before the end of the run");
}

void PeerLinkBase::check_frame(const WireFrame& f) const {
  if (!stations_.count(f.sender)) malformed("frame from station " + std::to_string(f.sender) + ", not one of the peer's");
  if (f.start < peer_time_)
    malformed("frame starting at " + std::to_string(f.start) + " ps, before the peer's announced time " +
              std::to_string(peer_time_) + " ps");
  if (f.frame.bytes.size() > kMaxCarriedBytes) malformed("frame of " + std::to_string(f.frame.bytes.size()) + " bytes");
}

void PeerLinkBase::got_time(Picos t) {
  if (t < peer_time_)
    malformed("time went back from " + std::to_string(peer_time_) + " to " + std::to_string(t) + " ps");
  if (t != peer_time_) news();
  peer_time_ = t;
}

void PeerLinkBase::check_stall() {
  auto now = Clock::now();
  if (!waiting_) {
    waiting_ = true;
    waiting_since_ = now;
    return;
  }
  const auto s = std::chrono::duration_cast<std::chrono::milliseconds>(opt_.timeout).count();
  const std::string timeout = std::to_string(s / 1000) + "." + std::to_string(s % 1000 / 100) + " s";
  if (now - waiting_since_ >= opt_.timeout)
    throw NetError("link " + who_ + ": peer stalled: no progress for " + timeout + " (timeout)");
  const auto notice = std::min<std::chrono::milliseconds>(kStallNotice, opt_.timeout / 2);
  if (opt_.report_waits && !stall_reported_ && now - waiting_since_ >= notice) {
    stall_reported_ = true;
    std::fprintf(stderr, "emu: link %s: no news from the peer for %g s; waiting up to %s in all\n", who_.c_str(),
                 double(notice.count()) / 1000, timeout.c_str());
  }
}

}  // namespace emu::net
