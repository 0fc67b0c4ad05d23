// The shared-memory channel between two emulator processes on one host: for each side, the
// time it has published and a ring of the frames it sent, in one memfd that the listening
// side creates and passes over the Unix socket (link_protocol.h, SHM_OFFER).
//
// Why: a synchronisation window is only ~57 us of simulated time, a few host microseconds;
// a system call round trip per window would cost more than the emulation. Here publishing is
// a store and an atomic increment, reading the peer's time a load, and only a side that has
// to wait for its peer sleeps (futex(2) on the peer's sequence word), after spinning briefly.
//
// Layout (all little-endian, one cache line per writer to avoid false sharing):
//   [0, 4096)        header: magic, version, ring size; per side k (0 = listener,
//                    1 = connector): published (u64 ps), seq (u32 futex word, +1 on every
//                    publish), write_pos (u64, side k's producer index into ring k),
//                    read_pos (u64, written by the *other* side as it consumes ring k),
//                    sleeping (u32, set by the other side while it sleeps on seq).
//   ring 0, ring 1   ring_bytes each. Records are 8-byte aligned:
//                    u32 length, u32 sender, u64 seq, u64 start_ps, bytes, padding;
//                    a length of 0xffffffff means "skip to the start of the ring".
// Ordering: the producer writes records, then write_pos (release), then published
// (release), then seq; the consumer reads published (acquire) before write_pos, so having
// read time t it sees every frame sent before t was published. The futex handshake is the
// usual one: seq_cst increment then load of `sleeping` against seq_cst store of `sleeping`
// then re-load of seq.
// Everything read from the peer's half is validated: a broken or hostile peer yields
// "malformed data", never a crash.
#pragma once
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "emu/net/socket_util.h"

namespace emu::net {

class ShmChannel {
 public:
  // The listener's side: a new memfd of the given ring size.
  static ShmChannel create(u32 ring_bytes, const std::string& who);
  // The connector's side: map a descriptor received from the peer (size checked).
  static ShmChannel attach(Fd fd, u32 ring_bytes, const std::string& who);
  ShmChannel(ShmChannel&& o) noexcept;
  ~ShmChannel();
  int fd() const { return fd_.get(); }
  void set_side(int me) { me_ = me; }

  // Producer (our side).
  bool try_push(const WireFrame& f);  // false: the ring is full for now
  void publish(Picos t);
  // Consumer (the peer's side).
  Picos peer_published() const;
  u32 peer_seq() const;
  // Appends the peer's new frames; throws NetError naming `who` on malformed records.
  void pop(std::vector<WireFrame>& out);
  // Sleeps until the peer's seq differs from `seen_seq`, or `timeout`.
  void sleep_on_peer(u32 seen_seq, std::chrono::microseconds timeout);

 private:
  struct Side;
  struct Header;
  ShmChannel(Fd fd, u8* base, size_t size, u32 ring_bytes, std::string who);
  Side& side(int k) const;
  u8* ring(int k) const;
  Fd fd_;
  u8* base_ = nullptr;
  size_t size_ = 0;
  u32 ring_bytes_ = 0;
  int me_ = 0;
  std::string who_;
};

}  // namespace emu::net
