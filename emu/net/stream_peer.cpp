// Message-stream link transport: see stream_peer.h.
#include "emu/net/stream_peer.h"

#include <poll.h>
#include <sys/socket.h>

#include <sched.h>

#include <cerrno>
#include <cstring>

namespace emu::net {

StreamPeer::StreamPeer(Fd sock, std::string who, proto::Hello peer, LinkOptions opt, proto::MessageReader reader)
    : PeerLinkBase(std::move(who), std::move(peer), opt),
      sock_(std::move(sock)),
      reader_(std::move(reader)),
      spin_budget_(opt.spin) {
  set_nonblocking(sock_.get());
}

// No orderly finish here: a link torn down by an error must look like a disconnect to the peer.
StreamPeer::~StreamPeer() = default;

void StreamPeer::send_frame(const WireFrame& f) {
  if (shut_wr_) return;  // the peer has finished: it no longer reads
  last_time_at_ = ~size_t(0);
  proto::append_frame(out_, f);
}

void StreamPeer::announce(Picos t) {
  note_announce(t);
  if (shut_wr_) return;
  if (last_time_at_ != ~size_t(0) && last_time_at_ >= out_pos_) {
    // Replace the unsent announcement: u64 at offset 8 of the TIME message.
    for (int i = 0; i < 8; i++) out_[last_time_at_ + 8 + i] = u8(t >> (8 * i));
  } else {
    last_time_at_ = out_.size();
    proto::append_time(out_, t);
  }
  flush();
}

void StreamPeer::flush() {
  while (out_pos_ < out_.size()) {
    ssize_t w = ::send(sock_.get(), out_.data() + out_pos_, out_.size() - out_pos_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) { out_pos_ += size_t(w); continue; }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (peer_time() == kForever) { out_pos_ = out_.size(); break; }  // it has finished and gone: fine
    disconnected();
  }
  if (out_pos_ == out_.size()) {
    out_.clear();
    out_pos_ = 0;
    last_time_at_ = ~size_t(0);
  } else if (out_pos_ > (1u << 20)) {
    out_.erase(out_.begin(), out_.begin() + out_pos_);
    if (last_time_at_ != ~size_t(0)) last_time_at_ -= out_pos_;
    out_pos_ = 0;
  }
}

void StreamPeer::read_some() {
  u8 buf[65536];
  while (!eof_) {
    ssize_t r = ::recv(sock_.get(), buf, sizeof buf, MSG_DONTWAIT);
    if (r > 0) { reader_.feed(buf, size_t(r)); continue; }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    eof_ = true;  // end of file, or reset
  }
  while (auto m = reader_.next()) {
    if (m->type == proto::kFrame) {
      WireFrame f = proto::decode_frame(*m, who_);
      check_frame(f);
      news();
      in_.push_back(std::move(f));
    } else if (m->type == proto::kTime) {
      got_time(proto::decode_time(*m, who_));
    } else {
      malformed("unexpected message type " + std::to_string(m->type) + " after the handshake");
    }
  }
  if (peer_time() == kForever && !shut_wr_) {
    // The peer has finished and reads nothing more but our end of file: stop sending, so
    // that neither side closes with unread data (which would reset the connection and could
    // lose the peer's last announcement).
    out_.clear();
    out_pos_ = 0;
    last_time_at_ = ~size_t(0);
    ::shutdown(sock_.get(), SHUT_WR);
    shut_wr_ = true;
  }
  if (eof_ && peer_time() != kForever) {
    if (!reader_.empty()) malformed("connection closed in the middle of a message");
    disconnected();
  }
}

Picos StreamPeer::poll(std::vector<WireFrame>& out) {
  if (out_pos_ < out_.size()) flush();
  read_some();
  for (auto& f : in_) out.push_back(std::move(f));
  in_.clear();
  return peer_time();
}

void StreamPeer::wait(Picos seen, std::chrono::microseconds slice) {
  auto start = Clock::now();
  auto end = start + slice;
  // Spin first on non-blocking reads: the answer is usually microseconds away, and sleeping
  // in poll(2) adds a wake-up to each wait.
  for (auto spin_end = start + spin_budget_; Clock::now() < spin_end;) {
    read_some();
    if (peer_time() > seen || !in_.empty()) {
      spin_budget_ = opt_.spin;
      return;
    }
    sched_yield();  // the peer may be waiting for this core
  }
  spin_budget_ /= 2;  // spinning did not catch it: spin less next time
  if (spin_budget_.count() == 0 && ++waits_ % 64 == 0) spin_budget_ = opt_.spin;  // probe again now and then
  for (;;) {
    read_some();
    if (peer_time() > seen || !in_.empty()) return;
    check_stall();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    if (left < 0) return;
    pollfd p{sock_.get(), short(POLLIN | (out_pos_ < out_.size() ? POLLOUT : 0)), 0};
    ::poll(&p, 1, int(left > 10 ? 10 : left));
    if (p.revents & POLLOUT) flush();
    if (Clock::now() >= end) {
      read_some();
      check_stall();
      return;
    }
  }
}

void StreamPeer::finish() noexcept {
  if (finished_ || !sock_) return;
  finished_ = true;
  try {
    auto end = Clock::now() + opt_.timeout;
    if (!shut_wr_) {
      announce(kForever);
      while (out_pos_ < out_.size() && Clock::now() < end) {
        pollfd p{sock_.get(), POLLOUT, 0};
        ::poll(&p, 1, 100);
        flush();
      }
      ::shutdown(sock_.get(), SHUT_WR);
      shut_wr_ = true;
    }
    // Read (and drop) until the peer, having seen our end, closes its side.
    u8 buf[65536];
    while (Clock::now() < end) {
      pollfd p{sock_.get(), POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      ssize_t r = ::recv(sock_.get(), buf, sizeof buf, MSG_DONTWAIT);
      if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) break;
    }
  } catch (...) {
  }
}

}  // namespace emu::net
