// The remote protocol's framing (emu/debug/rsp_packet.h): checksums, escapes, acks,
// Ctrl-C, packets split anywhere, and what a broken or hostile client sends.
#include <catch2/catch.hpp>

#include "emu/debug/rsp_packet.h"

using namespace emu::debug;
using Kind = PacketReader::Event::Kind;

namespace {

std::vector<PacketReader::Event> feed(PacketReader& r, const std::string& bytes) {
  std::vector<PacketReader::Event> ev;
  r.feed(bytes.data(), bytes.size(), ev);
  return ev;
}

}  // namespace

TEST_CASE("rsp: a packet, its checksum, acks and Ctrl-C", "[debug][rsp]") {
  PacketReader r;
  const auto ev = feed(r, "+$g#67-\x03junk$m0,4#fd");
  REQUIRE(ev.size() == 5);
  CHECK(ev[0].kind == Kind::kAck);
  CHECK(ev[1].kind == Kind::kPacket);
  CHECK(ev[1].payload == "g");
  CHECK(ev[2].kind == Kind::kNak);
  CHECK(ev[3].kind == Kind::kInterrupt);
  CHECK(ev[4].kind == Kind::kPacket);
  CHECK(ev[4].payload == "m0,4");
}

TEST_CASE("rsp: a packet split at every byte gives the same event", "[debug][rsp]") {
  const std::string wire = frame_packet("X80030000,2:}#");
  PacketReader r;
  std::vector<PacketReader::Event> ev;
  for (char c : wire) r.feed(&c, 1, ev);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == Kind::kPacket);
  CHECK(ev[0].payload == "X80030000,2:}#");
}

TEST_CASE("rsp: replies escape $ # } * and carry a correct checksum", "[debug][rsp]") {
  CHECK(frame_packet("OK") == "$OK#9a");
  CHECK(frame_packet("") == "$#00");
  const std::string f = frame_packet("a$b#c}d*e");
  CHECK(f.find('*') == std::string::npos);  // never run-length encoded, '*' itself escaped
  CHECK(f.substr(0, 14) == "$a}\x04" "b}\x03" "c}]d}\x0a" "e");
  PacketReader r;
  const auto ev = feed(r, f);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].payload == "a$b#c}d*e");
}

TEST_CASE("rsp: a wrong or malformed checksum is reported, and the reader goes on", "[debug][rsp]") {
  PacketReader r;
  auto ev = feed(r, "$g#00$g#zz$g#6");
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == Kind::kBadChecksum);
  CHECK(ev[1].kind == Kind::kBadChecksum);
  ev = feed(r, "7$?#3f");
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == Kind::kPacket);
  CHECK(ev[1].payload == "?");
}

TEST_CASE("rsp: a packet longer than the limit is refused without being kept", "[debug][rsp]") {
  PacketReader r;
  std::string big = "$" + std::string(PacketReader::kMaxPacket + 10, 'm') + "#00";
  auto ev = feed(r, big);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == Kind::kOversized);
  CHECK(ev[0].payload.empty());
  // Exactly the limit is fine.
  const std::string fits(PacketReader::kMaxPacket, 'q');
  ev = feed(r, frame_packet(fits));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == Kind::kPacket);
  CHECK(ev[0].payload == fits);
}

TEST_CASE("rsp: a '$' inside a packet starts over", "[debug][rsp]") {
  PacketReader r;
  const auto ev = feed(r, "$garbage$g#67");
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].payload == "g");
}

TEST_CASE("rsp: hex helpers", "[debug][rsp]") {
  CHECK(le32_hex(0x80030130) == "30010380");
  emu::u32 v;
  CHECK(parse_le32_hex("30010380", v));
  CHECK(v == 0x80030130);
  CHECK_FALSE(parse_le32_hex("3001038", v));
  CHECK_FALSE(parse_le32_hex("3001038g", v));
  emu::u64 n;
  CHECK(parse_hex("ffffffff80030000", n));
  CHECK(n == 0xffffffff80030000ull);
  CHECK_FALSE(parse_hex("", n));
  CHECK_FALSE(parse_hex("12345678901234567", n));
  std::string b;
  CHECK(hex_to_bytes("6869", b));
  CHECK(b == "hi");
  CHECK_FALSE(hex_to_bytes("686", b));
  CHECK(to_hex(std::string_view("hi")) == "6869");
}
