// Link handshake: see link_setup.h and link_protocol.h §1.
#include "emu/net/link_setup.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "emu/net/shm_peer.h"
#include "emu/net/stream_peer.h"

namespace emu::net {
namespace {

proto::Message read_message(int fd, Clock::time_point deadline, const std::string& who) {
  u8 h[proto::kHeaderBytes];
  read_exact(fd, h, sizeof h, deadline, who);
  u32 len = proto::check_header(h, who);
  proto::Message m;
  m.type = u16(h[4] | h[5] << 8);
  m.payload.resize(len - proto::kHeaderBytes);
  if (!m.payload.empty()) read_exact(fd, m.payload.data(), m.payload.size(), deadline, who);
  if (m.type == proto::kRefuse) {
    std::string why;
    if (m.payload.size() >= 2) why.assign(m.payload.begin() + 2, m.payload.end());
    for (char& c : why)
      if (c == '\n' || c == '\r') c = ' ';
    throw NetError("link " + who + ": peer refused the link: " + why.substr(0, 300));
  }
  return m;
}

std::string peer_name(const SocketAddress& addr, const proto::Hello& h) {
  return addr.text() + (h.label.empty() ? "" : " (peer '" + h.label + "')");
}

void check_compatible_or_throw(const proto::Hello& peer, const LocalIdentity& local, const std::string& who) {
  if (peer.lookahead_ps != kLinkLookaheadPs)
    throw NetError("link " + who + ": peer's link lookahead is " + std::to_string(peer.lookahead_ps) + " ps, ours " +
                   std::to_string(kLinkLookaheadPs) + " ps (different emulator builds?)");
  if (peer.propagation_ps != local.propagation_ps)
    throw NetError("link " + who + ": peer's propagation delay is " + std::to_string(peer.propagation_ps) +
                   " ps, ours " + std::to_string(local.propagation_ps) + " ps; both sides must agree");
  std::set<u32> ids;
  for (const auto& s : local.stations) ids.insert(s.id);
  for (const auto& s : peer.stations)
    if (!ids.insert(s.id).second)
      throw NetError("link " + who + ": station id " + std::to_string(s.id) +
                     " is used on both sides; give each machine a distinct id");
}

// Checks, and on failure tells the peer why (REFUSE) before throwing.
void check_compatible(int fd, const proto::Hello& peer, const LocalIdentity& local, const std::string& who) {
  try {
    check_compatible_or_throw(peer, local, who);
  } catch (const NetError& e) {
    std::string why = e.what();
    size_t colon = why.find(": ");  // drop our "link ADDR" prefix: the peer names us itself
    why = colon == std::string::npos ? why : why.substr(colon + 2);
    if (why.size() > 300) why.resize(300);
    std::vector<u8> p(2 + why.size());
    p[0] = u8(why.size());
    p[1] = u8(why.size() >> 8);
    std::copy(why.begin(), why.end(), p.begin() + 2);
    auto m = proto::encode(proto::kRefuse, p);
    try {
      write_all(fd, m.data(), m.size(), Clock::now() + std::chrono::seconds(1), who);
    } catch (const NetError&) {
    }
    throw;
  }
}

// The connector's stations left to the runner follow the listener's ids when they collide.
void renumber(LocalIdentity& local, const proto::Hello& listener) {
  std::set<u32> theirs;
  for (const auto& s : listener.stations) theirs.insert(s.id);
  bool collide = false, all_auto = true;
  for (const auto& s : local.stations) {
    collide |= theirs.count(s.id) > 0;
    all_auto &= s.auto_id;
  }
  if (!collide || !all_auto || theirs.empty()) return;
  u32 next = *theirs.rbegin() + 1;
  for (auto& s : local.stations) s.id = next++;
}

// How the other process names this address in its --net option.
std::string spelling(const SocketAddress& a) { return a.unix_socket ? a.text() : a.text().substr(4); }

std::string seconds_text(std::chrono::milliseconds ms) {
  char b[32];
  std::snprintf(b, sizeof b, "%g s", double(ms.count()) / 1000);
  return b;
}

}  // namespace

std::unique_ptr<PeerLink> handshake(Fd sock, bool listener, const SocketAddress& addr, LocalIdentity& local,
                                    const LinkOptions& opt) {
  auto deadline = Clock::now() + opt.timeout;
  std::string who = addr.text();
  proto::Hello mine;
  mine.flags = addr.unix_socket && opt.allow_shm ? proto::kHelloCanShm : 0;
  mine.lookahead_ps = kLinkLookaheadPs;
  mine.propagation_ps = local.propagation_ps;
  mine.label = local.label;
  proto::Hello peer;
  if (listener) {
    mine.stations = local.stations;
    auto m = proto::encode_hello(mine);
    write_all(sock.get(), m.data(), m.size(), deadline, who);
    peer = proto::decode_hello(read_message(sock.get(), deadline, who), who);
    who = peer_name(addr, peer);
    check_compatible(sock.get(), peer, local, who);
  } else {
    peer = proto::decode_hello(read_message(sock.get(), deadline, who), who);
    who = peer_name(addr, peer);
    renumber(local, peer);
    check_compatible(sock.get(), peer, local, who);
    mine.stations = local.stations;
    auto m = proto::encode_hello(mine);
    write_all(sock.get(), m.data(), m.size(), deadline, who);
  }
  bool shm = (mine.flags & proto::kHelloCanShm) && (peer.flags & proto::kHelloCanShm);
  if (!shm) return std::make_unique<StreamPeer>(std::move(sock), who, std::move(peer), opt, proto::MessageReader(who));

  if (listener) {
    ShmChannel ch = ShmChannel::create(opt.ring_bytes, who);
    ch.set_side(0);
    std::vector<u8> payload{u8(opt.ring_bytes), u8(opt.ring_bytes >> 8), u8(opt.ring_bytes >> 16), u8(opt.ring_bytes >> 24)};
    auto m = proto::encode(proto::kShmOffer, payload);
    send_with_fd(sock.get(), m.data(), m.size(), ch.fd(), who);
    proto::Message a = read_message(sock.get(), deadline, who);
    if (a.type != proto::kShmAccept || !a.payload.empty())
      throw NetError("link " + who + ": malformed data from peer: expected SHM_ACCEPT");
    return std::make_unique<ShmPeer>(std::move(sock), std::move(ch), who, std::move(peer), opt);
  }
  u8 buf[proto::kHeaderBytes + 4];
  Fd memfd = recv_with_fd(sock.get(), buf, sizeof buf, deadline, who);
  u32 len = u32(buf[0]) | u32(buf[1]) << 8 | u32(buf[2]) << 16 | u32(buf[3]) << 24;
  u16 type = u16(buf[4] | buf[5] << 8);
  if (len != sizeof buf || type != proto::kShmOffer)
    throw NetError("link " + who + ": malformed data from peer: expected SHM_OFFER");
  u32 ring = u32(buf[8]) | u32(buf[9]) << 8 | u32(buf[10]) << 16 | u32(buf[11]) << 24;
  ShmChannel ch = ShmChannel::attach(std::move(memfd), ring, who);
  ch.set_side(1);
  auto m = proto::encode(proto::kShmAccept, {});
  write_all(sock.get(), m.data(), m.size(), deadline, who);
  return std::make_unique<ShmPeer>(std::move(sock), std::move(ch), who, std::move(peer), opt);
}

std::unique_ptr<PeerLink> connect_link(const SocketAddress& addr, LocalIdentity& local, const LinkOptions& opt) {
  Fd s = connect_socket(addr, Clock::now() + opt.timeout, [&] {
    if (opt.report_waits)
      std::fprintf(stderr, "emu: --net: nobody listens at %s yet; retrying for up to %s (the other emu needs --net listen=%s)\n",
                   addr.text().c_str(), seconds_text(opt.timeout).c_str(), spelling(addr).c_str());
  });
  return handshake(std::move(s), false, addr, local, opt);
}

std::unique_ptr<PeerLink> LinkListener::accept(LocalIdentity& local, const LinkOptions& opt) {
  // The address as bound: a TCP port 0 is now the port the kernel chose.
  const SocketAddress& at = listener_.address();
  if (opt.report_waits)
    std::fprintf(stderr, "emu: --net: listening at %s; waiting up to %s for the other emu (--net connect=%s)\n",
                 at.text().c_str(), seconds_text(opt.timeout).c_str(), spelling(at).c_str());
  Fd s = listener_.accept(Clock::now() + opt.timeout);
  return handshake(std::move(s), true, listener_.address(), local, opt);
}

}  // namespace emu::net
