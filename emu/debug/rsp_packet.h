// The framing of GDB's remote serial protocol (GDB manual, "Remote Protocol": "Overview"
// and "Packet Acknowledgment"): a packet is `$DATA#CC`, CC the sum of DATA's bytes modulo
// 256 in two hex digits; '}' escapes the next byte (it is XORed with 0x20); '+' and '-'
// acknowledge; a lone 0x03 outside a packet is Ctrl-C. This layer knows nothing of what the
// packets mean (gdb_commands.h does): it cuts the byte stream into events, and frames replies.
//
// Replies are never run-length encoded ('*'): the protocol allows it but never requires it.
// A packet longer than kMaxPacket (what qSupported tells the client, PacketSize) is
// refused as a whole without being buffered: a broken or hostile client cannot make the
// emulator hold more than that.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "emu/common/types.h"

namespace emu::debug {

class PacketReader {
 public:
  static constexpr size_t kMaxPacket = 16384;

  struct Event {
    enum class Kind {
      kPacket,       // payload: the unescaped data
      kInterrupt,    // Ctrl-C (0x03)
      kAck,          // '+'
      kNak,          // '-': resend the last reply
      kBadChecksum,  // answer '-' (the client resends)
      kOversized,    // longer than kMaxPacket: refused
    };
    Kind kind;
    std::string payload;
  };

  // Cut `n` bytes into events, appended to `out` in order. Bytes outside packets other than
  // '+', '-' and 0x03 are ignored (as GDB's own stubs do).
  void feed(const char* data, size_t n, std::vector<Event>& out);

 private:
  enum class State { kIdle, kData, kEscape, kSum1, kSum2 };
  State state_ = State::kIdle;
  std::string data_;  // unescaped so far
  u8 sum_ = 0;        // of the bytes as sent
  u8 their_sum_ = 0;
  bool sum_digit_bad_ = false;
  bool oversized_ = false;
};

// `$DATA#CC` with '$', '#', '}' and '*' in DATA escaped.
std::string frame_packet(std::string_view data);

// Hex helpers of the protocol.
std::string to_hex(const void* bytes, size_t n);
std::string to_hex(std::string_view s);
// A 32-bit value as its 4 bytes in target (little-endian) order, as registers are sent.
std::string le32_hex(u32 v);
// Parses hex digits; false on anything else or an empty string.
bool parse_hex(std::string_view s, u64& out);
bool hex_to_bytes(std::string_view hex, std::string& out);
bool parse_le32_hex(std::string_view s, u32& out);

}  // namespace emu::debug
