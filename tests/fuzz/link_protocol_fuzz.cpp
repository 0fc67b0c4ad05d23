// libFuzzer target for the link protocol's reader (emu/net/link_protocol.*): what a hostile
// or broken peer process can send. The first input byte sets how the rest arrives (in
// pieces of 1..256 bytes, as a socket may cut it); the rest is the byte stream. Each
// message is decoded as its type says; a refusal must be NetError (the run ends with one
// line), and whatever is accepted must survive encoding and decoding again unchanged.
// Anything else (another exception, a crash, a sanitizer report) is a finding.
// tools/fuzz builds it with libFuzzer; the ordinary build replays
// tests/fuzz/corpus/link_protocol/ through tests/fuzz/replay_main.cpp.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "emu/net/link_protocol.h"

namespace {

using namespace emu::net;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "link_protocol_fuzz: %s\n", what);
  std::abort();
}

proto::Message reread(const std::vector<emu::u8>& bytes) {
  proto::MessageReader r("fuzz");
  r.feed(bytes.data(), bytes.size());
  std::optional<proto::Message> m = r.next();
  check(m.has_value() && r.empty(), "an encoded message does not read back as one message");
  return *m;
}

bool same(const proto::Hello& a, const proto::Hello& b) {
  if (a.version != b.version || a.flags != b.flags || a.lookahead_ps != b.lookahead_ps ||
      a.propagation_ps != b.propagation_ps || a.label != b.label || a.stations.size() != b.stations.size())
    return false;
  for (size_t i = 0; i < a.stations.size(); ++i) {
    const proto::StationInfo &s = a.stations[i], &t = b.stations[i];
    if (s.id != t.id || s.auto_id != t.auto_id || s.hz != t.hz || s.max_overshoot_ps != t.max_overshoot_ps ||
        s.name != t.name)
      return false;
  }
  return true;
}

// The encoder writes names of at most 255 bytes (put_str); longer ones cannot round-trip.
bool short_names(const proto::Hello& h) {
  if (h.label.size() > 255) return false;
  return std::all_of(h.stations.begin(), h.stations.end(), [](const auto& s) { return s.name.size() <= 255; });
}

void decode(const proto::Message& m) {
  switch (m.type) {
    case proto::kHello: {
      const proto::Hello h = proto::decode_hello(m, "fuzz");
      if (short_names(h)) check(same(proto::decode_hello(reread(proto::encode_hello(h)), "fuzz"), h),
                                "HELLO does not survive encode + decode");
      break;
    }
    case proto::kFrame: {
      const WireFrame f = proto::decode_frame(m, "fuzz");
      std::vector<emu::u8> out;
      proto::append_frame(out, f);
      const WireFrame g = proto::decode_frame(reread(out), "fuzz");
      check(g.sender == f.sender && g.seq == f.seq && g.start == f.start && g.frame.bytes == f.frame.bytes,
            "FRAME does not survive encode + decode");
      break;
    }
    case proto::kTime: {
      const Picos t = proto::decode_time(m, "fuzz");
      std::vector<emu::u8> out;
      proto::append_time(out, t);
      check(proto::decode_time(reread(out), "fuzz") == t, "TIME does not survive encode + decode");
      break;
    }
    default:
      break;  // SHM_OFFER, SHM_ACCEPT, REFUSE: read by their users, nothing to decode here
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = size_t(data[0]) + 1;
  proto::MessageReader reader("fuzz");
  try {
    for (size_t pos = 1; pos < size; pos += piece) {
      reader.feed(data + pos, std::min(piece, size - pos));
      while (std::optional<proto::Message> m = reader.next()) decode(*m);
    }
  } catch (const NetError&) {
    // A malformed stream ends the link with one line naming the peer: what it should get.
  }
  return 0;
}
