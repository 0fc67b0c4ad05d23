// The link protocol between two emulator processes that share one simulated Ethernet
// segment, and its message codec. (Users' view: `listen=ADDR` / `connect=ADDR`, see
// net_spec.h; timing and the synchronisation proof: segment.h.)
//
// Transport: one stream socket, Unix (same host) or TCP. All integers little-endian.
// Every message is   u32 length (of the whole message, header included, 8..65600)
//                    u16 type
//                    u16 reserved (0)
//                    payload
//
// 1. Handshake. The listening side sends HELLO first; the connecting side reads it, then
//    answers with its own HELLO (so it can renumber stations whose ids were left to the
//    runner: they follow the listener's). Each checks the other's:
//      HELLO (type 1)  magic "DSEMUNET" (8 bytes), u32 version (1), u32 flags (bit 0: can
//                      use shared memory), u64 lookahead_ps, u64 propagation_ps,
//                      u16 label length + label (the process's name for messages),
//                      u32 station count, then per station: u32 id, u32 flags (bit 0: id
//                      chosen by the runner), u64 clock Hz, u64 max overshoot ps,
//                      u16 name length + name.
//    A wrong magic or version, a different lookahead or propagation delay, or a station id
//    used on both sides ends the run (one line naming the address); the side that finds
//    the problem first tells the other before closing, so both print the reason:
//      REFUSE (type 4)  u16 length + text (one line).
//    If both sides set "can use shared memory" (a Unix socket), the listener then sends
//      SHM_OFFER (type 2)  u32 ring bytes, with a memfd as SCM_RIGHTS ancillary data,
//    the connector maps it and answers
//      SHM_ACCEPT (type 3) no payload,
//    and from then on frames and times go through the shared memory (shm_channel.h) and
//    the socket carries nothing: it only tells, by closing, that the peer has gone.
//    Otherwise (TCP, or shm=off) frames and times stay on the stream:
// 2. Running (stream mode). Messages flow both ways, pipelined: a sender never waits for
//    an answer.
//      FRAME (type 16) u32 sender station, u32 flags (0), u64 sender's frame number,
//                      u64 start_ps, then the frame bytes (DA..FCS), at most 65535.
//      TIME  (type 17) u64 t: every frame this side will ever send or forward from now on
//                      starts at or after t. Non-decreasing. t = 2^64-1: finished, nothing
//                      more will come, and nothing more is read; the side may then close
//                      the socket. t = 2^64-2: finished, nothing more will come, but still
//                      reading (it records the segment): keep sending until you finish.
//    A side sends FRAME messages before the TIME that covers them, so the receiver, having
//    read TIME t, holds every frame that starts before t.
// 3. Ending. A close (end of file, reset) before TIME 2^64-1 is "peer disconnected"; no
//    message from the peer for `timeout` seconds of host time while we wait for it is "peer
//    stalled"; a message that breaks these rules (bad length or type, time going backwards,
//    a frame starting before a time already announced, a station that is not the peer's)
//    is "malformed data". Each ends the run with one line naming the address.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "emu/net/wire_frame.h"

namespace emu::net::proto {

inline constexpr char kMagic[8] = {'D', 'S', 'E', 'M', 'U', 'N', 'E', 'T'};
inline constexpr u32 kVersion = 1;
inline constexpr u32 kHeaderBytes = 8;
inline constexpr u32 kFrameHeaderBytes = 24;
inline constexpr u32 kMaxMessageBytes = kHeaderBytes + kFrameHeaderBytes + kMaxCarriedBytes + 64;

enum Type : u16 { kHello = 1, kShmOffer = 2, kShmAccept = 3, kRefuse = 4, kFrame = 16, kTime = 17 };
inline constexpr u32 kHelloCanShm = 1;
inline constexpr u32 kStationAutoId = 1;

struct StationInfo {
  u32 id = 0;
  bool auto_id = false;
  u64 hz = 0;
  Picos max_overshoot_ps = 0;
  std::string name;
};

struct Hello {
  u32 version = kVersion;
  u32 flags = 0;
  Picos lookahead_ps = 0;
  Picos propagation_ps = 0;
  std::string label;
  std::vector<StationInfo> stations;
};

struct Message {
  u16 type = 0;
  std::vector<u8> payload;
};

std::vector<u8> encode(u16 type, const std::vector<u8>& payload);
std::vector<u8> encode_hello(const Hello& h);
void append_frame(std::vector<u8>& out, const WireFrame& f);
void append_time(std::vector<u8>& out, Picos t);

// These throw NetError("link WHO: malformed data from peer: ...").
Hello decode_hello(const Message& m, const std::string& who);
WireFrame decode_frame(const Message& m, const std::string& who);
Picos decode_time(const Message& m, const std::string& who);

// Checks an 8-byte message header; returns the message's total length. Throws NetError.
u32 check_header(const u8* h, const std::string& who);

// Splits a byte stream into messages, checking the header.
class MessageReader {
 public:
  explicit MessageReader(std::string who) : who_(std::move(who)) {}
  void feed(const u8* p, size_t n) { buf_.insert(buf_.end(), p, p + n); }
  std::optional<Message> next();
  bool empty() const { return pos_ == buf_.size(); }

 private:
  std::string who_;
  std::vector<u8> buf_;
  size_t pos_ = 0;
};

}  // namespace emu::net::proto
