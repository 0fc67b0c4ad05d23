// Message codec of the link protocol: see link_protocol.h.
#include "emu/net/link_protocol.h"

#include <cstring>

namespace emu::net::proto {
namespace {

void put16(std::vector<u8>& b, u16 v) { b.push_back(u8(v)); b.push_back(u8(v >> 8)); }
void put32(std::vector<u8>& b, u32 v) { for (int i = 0; i < 4; i++) b.push_back(u8(v >> (8 * i))); }
void put64(std::vector<u8>& b, u64 v) { for (int i = 0; i < 8; i++) b.push_back(u8(v >> (8 * i))); }
void put_str(std::vector<u8>& b, const std::string& s) {
  put16(b, u16(s.size() > 255 ? 255 : s.size()));
  b.insert(b.end(), s.begin(), s.begin() + (s.size() > 255 ? 255 : s.size()));
}

[[noreturn]] void malformed(const std::string& who, const std::string& why) {
  throw NetError("link " + who + ": malformed data from peer: " + why);
}

// Bounds-checked reading of a payload.
struct Cursor {
  const std::vector<u8>& b;
  size_t pos;
  const std::string& who;
  const char* what;
  void need(size_t n) {
    if (b.size() - pos < n) malformed(who, std::string(what) + " too short");
  }
  u64 get(int bytes) {
    need(bytes);
    u64 v = 0;
    for (int i = 0; i < bytes; i++) v |= u64(b[pos + i]) << (8 * i);
    pos += bytes;
    return v;
  }
  std::string str() {
    size_t n = get(2);
    need(n);
    std::string s(b.begin() + pos, b.begin() + pos + n);
    pos += n;
    return s;
  }
};

}  // namespace

std::vector<u8> encode(u16 type, const std::vector<u8>& payload) {
  std::vector<u8> m;
  put32(m, u32(kHeaderBytes + payload.size()));
  put16(m, type);
  put16(m, 0);
  m.insert(m.end(), payload.begin(), payload.end());
  return m;
}

std::vector<u8> encode_hello(const Hello& h) {
  std::vector<u8> p(kMagic, kMagic + 8);
  put32(p, h.version);
  put32(p, h.flags);
  put64(p, h.lookahead_ps);
  put64(p, h.propagation_ps);
  put_str(p, h.label);
  put32(p, u32(h.stations.size()));
  for (const StationInfo& s : h.stations) {
    put32(p, s.id);
    put32(p, s.auto_id ? kStationAutoId : 0);
    put64(p, s.hz);
    put64(p, s.max_overshoot_ps);
    put_str(p, s.name);
  }
  return encode(kHello, p);
}

void append_frame(std::vector<u8>& out, const WireFrame& f) {
  size_t n = f.frame.bytes.size();
  put32(out, u32(kHeaderBytes + kFrameHeaderBytes + n));
  put16(out, kFrame);
  put16(out, 0);
  put32(out, f.sender);
  put32(out, 0);
  put64(out, f.seq);
  put64(out, f.start);
  out.insert(out.end(), f.frame.bytes.begin(), f.frame.bytes.end());
}

void append_time(std::vector<u8>& out, Picos t) {
  put32(out, kHeaderBytes + 8);
  put16(out, kTime);
  put16(out, 0);
  put64(out, t);
}

Hello decode_hello(const Message& m, const std::string& who) {
  if (m.type != kHello) malformed(who, "expected HELLO, got message type " + std::to_string(m.type));
  if (m.payload.size() < 8 || std::memcmp(m.payload.data(), kMagic, 8) != 0)
    malformed(who, "not an emulator link (bad magic in HELLO)");
  Cursor c{m.payload, 8, who, "HELLO"};
  Hello h;
  h.version = u32(c.get(4));
  if (h.version != kVersion)
    throw NetError("link " + who + ": peer speaks link protocol version " + std::to_string(h.version) + ", we speak " +
                   std::to_string(kVersion));
  h.flags = u32(c.get(4));
  h.lookahead_ps = c.get(8);
  h.propagation_ps = c.get(8);
  h.label = c.str();
  u32 n = u32(c.get(4));
  if (n > 4096) malformed(who, "HELLO lists " + std::to_string(n) + " stations");
  for (u32 i = 0; i < n; i++) {
    StationInfo s;
    s.id = u32(c.get(4));
    s.auto_id = c.get(4) & kStationAutoId;
    s.hz = c.get(8);
    s.max_overshoot_ps = c.get(8);
    s.name = c.str();
    if (s.hz == 0) malformed(who, "HELLO station with a 0 Hz clock");
    h.stations.push_back(std::move(s));
  }
  return h;
}

WireFrame decode_frame(const Message& m, const std::string& who) {
  Cursor c{m.payload, 0, who, "FRAME"};
  WireFrame f;
  f.sender = u32(c.get(4));
  if (c.get(4) != 0) malformed(who, "FRAME with unknown flags");
  f.seq = c.get(8);
  f.start = c.get(8);
  size_t n = m.payload.size() - c.pos;
  if (n > kMaxCarriedBytes) malformed(who, "FRAME of " + std::to_string(n) + " bytes");
  f.frame.bytes.assign(m.payload.begin() + c.pos, m.payload.end());
  return f;
}

Picos decode_time(const Message& m, const std::string& who) {
  if (m.payload.size() != 8) malformed(who, "TIME of " + std::to_string(m.payload.size()) + " bytes");
  Cursor c{m.payload, 0, who, "TIME"};
  return c.get(8);
}

u32 check_header(const u8* h, const std::string& who) {
  u32 len = u32(h[0]) | u32(h[1]) << 8 | u32(h[2]) << 16 | u32(h[3]) << 24;
  u16 type = u16(h[4] | h[5] << 8);
  u16 reserved = u16(h[6] | h[7] << 8);
  if (len < kHeaderBytes || len > kMaxMessageBytes) malformed(who, "message length " + std::to_string(len));
  if (reserved != 0) malformed(who, "nonzero reserved header field");
  if (type != kHello && type != kShmOffer && type != kShmAccept && type != kRefuse && type != kFrame && type != kTime)
    malformed(who, "unknown message type " + std::to_string(type));
  return len;
}

std::optional<Message> MessageReader::next() {
  size_t avail = buf_.size() - pos_;
  if (avail < kHeaderBytes) {
    if (pos_ && pos_ == buf_.size()) { buf_.clear(); pos_ = 0; }
    return std::nullopt;
  }
  const u8* h = buf_.data() + pos_;
  u32 len = check_header(h, who_);
  u16 type = u16(h[4] | h[5] << 8);
  if (avail < len) return std::nullopt;
  Message m;
  m.type = type;
  m.payload.assign(h + kHeaderBytes, h + len);
  pos_ += len;
  if (pos_ > 65536 && pos_ * 2 > buf_.size()) {  // compact now and then
    buf_.erase(buf_.begin(), buf_.begin() + pos_);
    pos_ = 0;
  }
  return m;
}

}  // namespace emu::net::proto
