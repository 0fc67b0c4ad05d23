#include "emu/debug/rsp_packet.h"

namespace emu::debug {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kDigits[] = "0123456789abcdef";

}  // namespace

void PacketReader::feed(const char* data, size_t n, std::vector<Event>& out) {
  for (size_t k = 0; k < n; ++k) {
    const char c = data[k];
    switch (state_) {
      case State::kIdle:
        if (c == '$') {
          state_ = State::kData;
          data_.clear();
          sum_ = 0;
          oversized_ = false;
        } else if (c == '+') {
          out.push_back({Event::Kind::kAck, {}});
        } else if (c == '-') {
          out.push_back({Event::Kind::kNak, {}});
        } else if (c == '\x03') {
          out.push_back({Event::Kind::kInterrupt, {}});
        }
        break;
      case State::kData:
      case State::kEscape:
        if (c == '#') {  // ends the packet even after '}' (a '#' is never escaped data)
          state_ = State::kSum1;
          break;
        }
        if (c == '$') {  // a new packet before this one ended: the client started over
          data_.clear();
          sum_ = 0;
          oversized_ = false;
          state_ = State::kData;
          break;
        }
        sum_ = u8(sum_ + u8(c));
        if (state_ == State::kData && c == '}') {
          state_ = State::kEscape;
          break;
        }
        if (data_.size() >= kMaxPacket) oversized_ = true;
        else data_.push_back(state_ == State::kEscape ? char(c ^ 0x20) : c);
        state_ = State::kData;
        break;
      case State::kSum1:
      case State::kSum2: {
        const int v = hex_value(c);
        if (state_ == State::kSum1) {
          sum_digit_bad_ = v < 0;
          their_sum_ = u8(v < 0 ? 0 : v << 4);
          state_ = State::kSum2;
          break;
        }
        const bool good = !sum_digit_bad_ && v >= 0 && u8(their_sum_ | v) == sum_;
        state_ = State::kIdle;
        if (oversized_) out.push_back({Event::Kind::kOversized, {}});
        else if (!good) out.push_back({Event::Kind::kBadChecksum, {}});
        else out.push_back({Event::Kind::kPacket, std::move(data_)});
        data_.clear();
        break;
      }
    }
  }
}

std::string frame_packet(std::string_view data) {
  std::string s;
  s.reserve(data.size() + 4);
  s.push_back('$');
  u8 sum = 0;
  for (char c : data) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      s.push_back('}');
      sum = u8(sum + u8('}'));
      c = char(c ^ 0x20);
    }
    s.push_back(c);
    sum = u8(sum + u8(c));
  }
  s.push_back('#');
  s.push_back(kDigits[sum >> 4]);
  s.push_back(kDigits[sum & 15]);
  return s;
}

std::string to_hex(const void* bytes, size_t n) {
  const u8* b = static_cast<const u8*>(bytes);
  std::string s;
  s.reserve(2 * n);
  for (size_t k = 0; k < n; ++k) {
    s.push_back(kDigits[b[k] >> 4]);
    s.push_back(kDigits[b[k] & 15]);
  }
  return s;
}

std::string to_hex(std::string_view s) { return to_hex(s.data(), s.size()); }

std::string le32_hex(u32 v) {
  const u8 b[4] = {u8(v), u8(v >> 8), u8(v >> 16), u8(v >> 24)};
  return to_hex(b, 4);
}

bool parse_hex(std::string_view s, u64& out) {
  if (s.empty() || s.size() > 16) return false;
  u64 v = 0;
  for (char c : s) {
    const int d = hex_value(c);
    if (d < 0) return false;
    v = (v << 4) | unsigned(d);
  }
  out = v;
  return true;
}

bool hex_to_bytes(std::string_view hex, std::string& out) {
  if (hex.size() % 2) return false;
  out.clear();
  for (size_t k = 0; k < hex.size(); k += 2) {
    const int hi = hex_value(hex[k]), lo = hex_value(hex[k + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(char(hi << 4 | lo));
  }
  return true;
}

bool parse_le32_hex(std::string_view s, u32& out) {
  std::string b;
  if (s.size() != 8 || !hex_to_bytes(s, b)) return false;
  out = u32(u8(b[0])) | u32(u8(b[1])) << 8 | u32(u8(b[2])) << 16 | u32(u8(b[3])) << 24;
  return true;
}

}  // namespace emu::debug
