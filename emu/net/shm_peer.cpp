// Shared-memory link transport: see shm_peer.h.
#include "emu/net/shm_peer.h"

#include <poll.h>
#include <sys/socket.h>

#include <sched.h>

#include <cerrno>
#include <thread>

namespace emu::net {
namespace {
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}
}  // namespace

ShmPeer::ShmPeer(Fd sock, ShmChannel channel, std::string who, proto::Hello peer, LinkOptions opt)
    : PeerLinkBase(std::move(who), std::move(peer), opt),
      sock_(std::move(sock)),
      ch_(std::move(channel)),
      spin_budget_(opt.spin) {}

// No orderly finish here: a link torn down by an error must look like a disconnect to the peer.
ShmPeer::~ShmPeer() = default;

void ShmPeer::drain() {
  // Time first (acquire), then the ring: every frame covered by that time is in the ring.
  Picos t = ch_.peer_published();
  size_t before = in_.size();
  ch_.pop(in_);
  for (size_t i = before; i < in_.size(); i++) {
    check_frame(in_[i]);
    news();
  }
  got_time(t);
}

void ShmPeer::check_socket() {
  pollfd p{sock_.get(), POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return;
  char c;
  ssize_t r = ::recv(sock_.get(), &c, 1, MSG_DONTWAIT);
  if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (r > 0) malformed("unexpected bytes on the socket after switching to shared memory");
  // End of file: fine if the peer had finished (it published kForever before closing).
  drain();
  if (peer_time() != kForever) disconnected();
}

void ShmPeer::send_frame(const WireFrame& f) {
  if (peer_time() == kForever) return;  // nobody reads any more
  while (!ch_.try_push(f)) {
    drain();
    if (peer_time() == kForever) return;
    check_socket();
    check_stall();
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

void ShmPeer::announce(Picos t) {
  note_announce(t);
  ch_.publish(t);
}

Picos ShmPeer::poll(std::vector<WireFrame>& out) {
  drain();
  for (auto& f : in_) out.push_back(std::move(f));
  in_.clear();
  return peer_time();
}

void ShmPeer::wait(Picos seen, std::chrono::microseconds slice) {
  auto start = Clock::now();
  auto end = start + slice;
  // The peer's frames are always followed by a publish, so a changed seq covers both kinds
  // of news. Read seq before looking, so a publish in between is never slept through.
  u32 seq = ch_.peer_seq();
  drain();
  if (peer_time() > seen || !in_.empty()) return;
  // Spin, yielding now and then: if the peer shares our core (a loaded host), yielding is
  // what lets it run; on an idle core sched_yield returns at once. The spin budget adapts:
  // halved each time spinning did not catch the peer, restored when it did.
  auto spin_end = start + spin_budget_;
  for (unsigned i = 1; Clock::now() < spin_end; i++) {
    for (int k = 0; k < 16; k++) cpu_relax();  // a pause is 10..140 cycles, by CPU model
    if (i % 4 == 0) sched_yield();
    if (ch_.peer_seq() != seq) {
      seq = ch_.peer_seq();
      drain();
      if (peer_time() > seen || !in_.empty()) {
        spin_budget_ = opt_.spin;
        return;
      }
    }
  }
  spin_budget_ /= 2;
  if (spin_budget_.count() == 0 && ++waits_ % 64 == 0) spin_budget_ = opt_.spin;  // probe again now and then
  for (;;) {
    check_stall();
    check_socket();
    auto now = Clock::now();
    if (now >= end) return;
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(end - now);
    ch_.sleep_on_peer(seq, left < std::chrono::microseconds(10'000) ? left : std::chrono::microseconds(10'000));
    seq = ch_.peer_seq();
    drain();
    if (peer_time() > seen || !in_.empty()) return;
  }
}

void ShmPeer::finish() noexcept {
  if (finished_) return;
  finished_ = true;
  ch_.publish(kForever);
  ::shutdown(sock_.get(), SHUT_RDWR);
}

}  // namespace emu::net
