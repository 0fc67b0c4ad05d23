// udp_echo (guest/net/udp_echo.cpp) against a synthetic peer on ONE emulated machine: a
// host-side station attached to the machine's LANCE port (Machine::attach_ethernet) that
// receives what the guest transmits and answers with frames delivered through
// Am7990::receive at the cycle their last bit would arrive. It plays the server for the
// guest client (ARP replies, UDP echoes, the stop acknowledgement) and a scripted client
// for the guest server (ARP, requests of several sizes, corrupt checksums, stop).
//
// Everything the guest sends is checked here independently of the guest code: the FCS
// (devices/lance/ether_crc.h), the IPv4 header checksum and the UDP checksum over the
// pseudo-header (RFC 791, RFC 768, RFC 1071), lengths, addresses and ports.
//
// Timing of the peer: it answers kTurnaroundPs after the end of the guest's frame; the
// answer's last bit arrives one wire time later (am7990-lance.md §11; net::frame_wire_ps).
#include <catch2/catch.hpp>

#include <cstdio>
#include <deque>
#include <functional>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "devices/lance/am7990.h"
#include "devices/lance/ether_crc.h"
#include "emu/machine/machine.h"
#include "emu/net/ethernet.h"
#include "support/process.h"

using namespace emu;

namespace {

using Bytes = std::vector<u8>;
using Mac = std::array<u8, 6>;

constexpr net::Picos kTurnaroundPs = 20'000'000;  // 20 us from request end to reply start
constexpr u32 kClientIp = 0x0a000001, kServerIp = 0x0a000002;
const Mac kPeerMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x99};  // locally administered
const Mac kBroadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

u16 get16(const u8* p) { return u16(p[0] << 8 | p[1]); }
u32 get32(const u8* p) { return u32(p[0]) << 24 | u32(p[1]) << 16 | u32(p[2]) << 8 | p[3]; }
void put16(Bytes& b, size_t at, u16 v) { b[at] = u8(v >> 8), b[at + 1] = u8(v); }
void put32(Bytes& b, size_t at, u32 v) { put16(b, at, u16(v >> 16)), put16(b, at + 2, u16(v)); }

// RFC 1071: ones'-complement sum of big-endian words; returns the folded complement.
u16 inet_checksum(const u8* p, size_t n, u32 sum = 0) {
  for (; n >= 2; n -= 2, p += 2) sum += u32(p[0]) << 8 | p[1];
  if (n) sum += u32(p[0]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return u16(~sum);
}
u32 pseudo_sum(u32 src, u32 dst, u16 udp_len) {
  return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + 17 + udp_len;
}

Bytes ether(const Mac& dst, const Mac& src, u16 type) {
  Bytes f(14);
  std::copy(dst.begin(), dst.end(), f.begin());
  std::copy(src.begin(), src.end(), f.begin() + 6);
  put16(f, 12, type);
  return f;
}

Bytes arp(u16 op, const Mac& eth_dst, u32 spa, const Mac& tha, u32 tpa) {
  Bytes f = ether(eth_dst, kPeerMac, 0x0806);
  f.resize(14 + 28);
  put16(f, 14, 1), put16(f, 16, 0x0800), f[18] = 6, f[19] = 4, put16(f, 20, op);
  std::copy(kPeerMac.begin(), kPeerMac.end(), f.begin() + 22);
  put32(f, 28, spa);
  std::copy(tha.begin(), tha.end(), f.begin() + 32);
  put32(f, 38, tpa);
  return f;
}

enum class Corrupt { None, IpChecksum, UdpChecksum, NoUdpChecksum };

Bytes udp(const Mac& dst_mac, u32 src, u32 dst, u16 sport, u16 dport, const Bytes& payload,
          Corrupt c = Corrupt::None) {
  Bytes f = ether(dst_mac, kPeerMac, 0x0800);
  const size_t ip = 14, u = 34, ulen = 8 + payload.size();
  f.resize(u + ulen);
  f[ip] = 0x45, f[ip + 1] = 0, put16(f, ip + 2, u16(20 + ulen)), put16(f, ip + 4, 0x1234);
  put16(f, ip + 6, 0), f[ip + 8] = 64, f[ip + 9] = 17, put16(f, ip + 10, 0);
  put32(f, ip + 12, src), put32(f, ip + 16, dst);
  put16(f, ip + 10, inet_checksum(&f[ip], 20));
  put16(f, u, sport), put16(f, u + 2, dport), put16(f, u + 4, u16(ulen)), put16(f, u + 6, 0);
  std::copy(payload.begin(), payload.end(), f.begin() + u + 8);
  u16 sum = inet_checksum(&f[u], ulen, pseudo_sum(src, dst, u16(ulen)));
  put16(f, u + 6, sum ? sum : 0xffff);
  if (c == Corrupt::IpChecksum) f[ip + 10] ^= 0x01;
  if (c == Corrupt::UdpChecksum) f[u + 6] ^= 0x01;
  if (c == Corrupt::NoUdpChecksum) put16(f, u + 6, 0);
  return f;
}

// A decoded guest frame; `error` says what is wrong with it.
struct Seen {
  Bytes f;  // DA..data (FCS removed)
  u16 type = 0;
  std::string error;
  // ARP
  u16 op = 0;
  u32 spa = 0, tpa = 0;
  // UDP
  u32 src = 0, dst = 0;
  u16 sport = 0, dport = 0;
  Bytes payload;
};

Seen decode(const Bytes& wire) {
  Seen s;
  if (wire.size() < 64) s.error = "runt frame of " + std::to_string(wire.size()) + " bytes";
  else if (!lance::fcs_ok(wire.data(), wire.size())) s.error = "bad FCS";
  if (!s.error.empty()) return s;
  s.f.assign(wire.begin(), wire.end() - 4);
  const Bytes& f = s.f;
  s.type = get16(&f[12]);
  if (f[6] & 1) s.error = "multicast source address";
  if (s.type == 0x0806) {
    if (get16(&f[14]) != 1 || get16(&f[16]) != 0x0800 || f[18] != 6 || f[19] != 4) s.error = "bad ARP header";
    s.op = get16(&f[20]), s.spa = get32(&f[28]), s.tpa = get32(&f[38]);
    return s;
  }
  if (s.type != 0x0800) {
    s.error = "unexpected EtherType";
    return s;
  }
  const u8* ip = &f[14];
  const unsigned total = get16(ip + 2);
  if (ip[0] != 0x45) s.error = "IP version/IHL not 4/5";
  else if (inet_checksum(ip, 20) != 0) s.error = "bad IP header checksum";
  else if (ip[9] != 17) s.error = "not UDP";
  else if (f.size() != std::max<size_t>(60, 14 + total))
    s.error = "IP total length does not match the frame (padded to 60)";
  if (!s.error.empty()) return s;
  s.src = get32(ip + 12), s.dst = get32(ip + 16);
  const u8* u = ip + 20;
  const u16 ulen = get16(u + 4);
  if (ulen != total - 20) s.error = "UDP length does not match the IP length";
  else if (get16(u + 6) == 0) s.error = "no UDP checksum";
  else if (inet_checksum(u, ulen, pseudo_sum(s.src, s.dst, ulen)) != 0) s.error = "bad UDP checksum";
  s.sport = get16(u), s.dport = get16(u + 2);
  s.payload.assign(u + 8, u + ulen);
  return s;
}

// The host-side station. `on_frame` reacts to each guest frame (decoded) at its end.
class SyntheticPeer : public net::EthernetPort {
 public:
  explicit SyntheticPeer(Machine& m) : m_(m), ev_("synthetic-peer", [this] { deliver(); }) {
    m.attach_ethernet(this);
  }
  ~SyntheticPeer() override {
    m_.scheduler().cancel(ev_);
    m_.attach_ethernet(nullptr);
  }
  Cycles cycles(net::Picos ps) const { return net::ps_to_cycles_ceil(ps, m_.profile().cpu_hz); }

  void transmit(const net::Frame& frame, Cycles start) override {
    Seen s = decode(frame.bytes);
    if (!s.error.empty()) errors.push_back(s.error);
    const Cycles end = start + cycles(net::frame_wire_ps(frame.bytes.size()));
    if (on_frame && s.error.empty()) on_frame(s, end);
  }
  // Send `f` (DA..data) so that it starts kTurnaroundPs after `after` (and not before the
  // previous answer has left the wire).
  void send(Bytes f, Cycles after) {
    if (f.size() < 60) f.resize(60, 0);
    const u32 fcs = lance::fcs(f.data(), f.size());
    for (int k = 0; k < 4; ++k) f.push_back(u8(fcs >> (8 * k)));
    Cycles start = after + cycles(kTurnaroundPs);
    if (start < wire_free_) start = wire_free_;
    const Cycles end = start + cycles(net::frame_wire_ps(f.size()));
    wire_free_ = end + cycles(net::kInterFrameGapPs);
    queue_.push_back({end, std::move(f)});
    if (!ev_.scheduled()) m_.scheduler().schedule_at(ev_, queue_.front().first);
  }

  std::function<void(const Seen&, Cycles)> on_frame;
  std::vector<std::string> errors;

 private:
  void deliver() {
    while (!queue_.empty() && queue_.front().first <= m_.scheduler().now()) {
      net::Frame fr;
      fr.bytes = std::move(queue_.front().second);
      queue_.pop_front();
      m_.lance().receive(fr);
    }
    if (!queue_.empty()) m_.scheduler().schedule_at(ev_, queue_.front().first);
  }

  Machine& m_;
  Event ev_;
  std::deque<std::pair<Cycles, Bytes>> queue_;
  Cycles wire_free_ = 0;
};

struct GuestRun {
  std::string console;
  Cpu::Stop stop = Cpu::Stop::None;
  int status = -1;
};

MachineOptions guest_options(const std::string& machine, const std::string& append, const std::string& console,
                             bool main_dma) {
  MachineOptions o;
  o.machine = machine;
  o.kernel = std::string(EMU_GUEST_DIR) + "/udp_echo.elf";
  o.append = append;
  o.serial = {"null", "null", "null", "file:" + console};
  o.lance_main_memory = main_dma;
  return o;
}

std::string temp_path() {
  char name[] = "/tmp/emu-udp-echo-XXXXXX";
  const int fd = ::mkstemp(name);
  if (fd >= 0) ::close(fd);
  return name;
}

std::string read_console(const std::string& path) {
  std::string s = test::slurp_file(path), out;
  for (char c : s)
    if (c != '\r') out += c;
  std::remove(path.c_str());
  return out;
}

bool contains(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("udp_echo client against a synthetic echo server", "[guest][net]") {
  struct Case {
    const char* machine;
    const char* extra;
    bool main_dma;
    unsigned count, size;
  };
  const Case cases[] = {
      {"ds3100", "", false, 5, 1},
      {"ds5000-200", "", false, 5, 1},
      {"ds3100", " mode=poll", false, 3, 1},
      {"ds5000-200", " dma=main", true, 3, 1},
      {"ds5000-200", " warmup=2", false, 2, 1472},
  };
  for (const Case& c : cases) {
    SECTION(std::string(c.machine) + c.extra + " size " + std::to_string(c.size)) {
      const std::string console = temp_path();
      const std::string append = "role=client ip=10.0.0.1 peer=10.0.0.2 count=" + std::to_string(c.count) +
                                 " size=" + std::to_string(c.size) + c.extra;
      GuestRun r;
      unsigned requests = 0, stops = 0;
      u64 hz = 0;
      std::vector<std::string> errors;
      {
        Machine m(guest_options(c.machine, append, console, c.main_dma));
        hz = m.profile().cpu_hz;
        SyntheticPeer peer(m);
        Mac guest_mac{};
        peer.on_frame = [&](const Seen& s, Cycles end) {
          std::copy(s.f.begin() + 6, s.f.begin() + 12, guest_mac.begin());
          if (s.type == 0x0806 && s.op == 1 && s.tpa == kServerIp && s.spa == kClientIp) {
            peer.send(arp(2, guest_mac, kServerIp, guest_mac, kClientIp), end);
          } else if (s.type == 0x0800) {
            if (s.src != kClientIp || s.dst != kServerIp) peer.errors.push_back("UDP addresses");
            if (s.dport == 7) {
              ++requests;
              if (s.payload.size() != c.size) peer.errors.push_back("request size");
              peer.send(udp(guest_mac, kServerIp, kClientIp, 7, s.sport, s.payload), end);
            } else if (s.dport == 8) {
              ++stops;
              peer.send(udp(guest_mac, kServerIp, kClientIp, 8, s.sport, s.payload), end);
            }
          }
        };
        r.stop = m.run(400'000'000, ~u64(0));
        r.status = m.cpu().exit_status();
        errors = peer.errors;
        m.commit_outputs();  // the console file is put in place at the end of the run
      }
      r.console = read_console(console);
      INFO("console:\n" << r.console);
      for (const auto& e : errors) FAIL_CHECK("guest frame: " << e);
      REQUIRE(r.stop == Cpu::Stop::Halted);
      CHECK(r.status == 0);
      CHECK(requests == c.count + (contains(append, "warmup=2") ? 2 : 0));
      CHECK(stops == 1);
      CHECK(contains(r.console, "udp_echo: peer 10.0.0.2 is 02:00:00:00:00:99 (arp requests 1, "));
      // One line per exchange, each at least the two wire times plus the peer's turnaround.
      std::istringstream in(r.console);
      std::string line;
      unsigned lines = 0;
      // Request and echo are equally long: two wire times and the peer's turnaround.
      const size_t frame = std::max<size_t>(60, 14 + 28 + c.size) + 4;
      const u64 min_cycles = net::ps_to_cycles_ceil(2 * net::frame_wire_ps(frame) + kTurnaroundPs, hz);
      while (std::getline(in, line)) {
        unsigned i = 0, rtt = 0;
        if (std::sscanf(line.c_str(), "xchg %u rtt %u", &i, &rtt) == 2) {
          ++lines;
          CHECK(i == lines);
          CHECK(rtt >= min_cycles);
          CHECK(rtt < min_cycles + 200000);
        }
      }
      CHECK(lines == c.count);
      CHECK(contains(r.console, "(answered " + std::to_string(c.count) + " of " + std::to_string(c.count) + ")"));
      CHECK(contains(r.console, "udp_echo: stop acknowledged"));
      CHECK(contains(r.console, "udp_echo: done"));
    }
  }
}

TEST_CASE("udp_echo server answers a synthetic client and drops corrupt datagrams", "[guest][net]") {
  struct Step {
    unsigned size;
    Corrupt corrupt;
    bool echo;  // an echo must come back
  };
  // Sizes 1..1472 (a 1514-byte frame), then frames the server must drop, then one without
  // a UDP checksum (allowed: RFC 768), then the stop request on port 8.
  const std::vector<Step> script = {
      {1, Corrupt::None, true},         {2, Corrupt::None, true},       {100, Corrupt::None, true},
      {1472, Corrupt::None, true},      {10, Corrupt::UdpChecksum, false}, {10, Corrupt::IpChecksum, false},
      {33, Corrupt::NoUdpChecksum, true},
  };
  struct Case {
    const char* machine;
    const char* extra;
    bool main_dma;
  };
  const Case cases[] = {{"ds3100", "", false}, {"ds5000-200", "", false}, {"ds5000-200", " mode=poll dma=main", true}};
  for (const Case& c : cases) {
    SECTION(std::string(c.machine) + c.extra) {
      const std::string console = temp_path();
      GuestRun r;
      std::vector<std::string> errors;
      unsigned echoes = 0, stop_acks = 0, arp_replies = 0;
      {
        Machine m(guest_options(c.machine, std::string("role=server ip=10.0.0.2") + c.extra, console, c.main_dma));
        SyntheticPeer peer(m);
        Mac server_mac{};
        size_t step = 0;
        Bytes expected;
        // No echo expected: go on after this long.
        const Cycles quiet = peer.cycles(3'000'000'000);  // 3 ms
        // Send the current step's datagram (or the stop request after the last one).
        std::function<void(Cycles)> send_step;
        Event next("synthetic-client", [&] { send_step(m.scheduler().now()); });
        send_step = [&](Cycles after) {
          if (step == script.size()) {
            peer.send(udp(server_mac, kClientIp, kServerIp, 5001, 8, {'s', 't', 'o', 'p'}), after);
            return;
          }
          const Step& s = script[step];
          expected.assign(s.size, 0);
          for (unsigned k = 0; k < s.size; ++k) expected[k] = u8(step * 31 + k);
          peer.send(udp(server_mac, kClientIp, kServerIp, 5000, 7, expected, s.corrupt), after);
          if (!s.echo) {
            ++step;
            m.scheduler().schedule_at(next, after + quiet);
          }
        };
        peer.on_frame = [&](const Seen& s, Cycles end) {
          if (s.type == 0x0806) {
            std::copy(s.f.begin() + 6, s.f.begin() + 12, server_mac.begin());
            if (s.op == 1 && s.spa == kServerIp && s.tpa == kServerIp) {  // the announcement
              peer.send(arp(1, kBroadcast, kClientIp, Mac{}, kServerIp), end);
            } else if (s.op == 2 && s.spa == kServerIp && s.tpa == kClientIp) {
              ++arp_replies;
              send_step(end);
            } else {
              peer.errors.push_back("unexpected ARP");
            }
            return;
          }
          if (s.src != kServerIp || s.dst != kClientIp) peer.errors.push_back("echo addresses");
          if (s.sport == 8 && s.dport == 5001) {
            ++stop_acks;
            return;
          }
          if (s.sport != 7 || s.dport != 5000) peer.errors.push_back("echo ports");
          if (step >= script.size() || !script[step].echo) {
            peer.errors.push_back("an echo for a datagram that had to be dropped");
            return;
          }
          if (s.payload != expected) peer.errors.push_back("echo payload differs");
          ++echoes;
          ++step;
          send_step(end);
        };
        r.stop = m.run(400'000'000, ~u64(0));
        r.status = m.cpu().exit_status();
        m.scheduler().cancel(next);
        errors = peer.errors;
        m.commit_outputs();
      }
      r.console = read_console(console);
      INFO("console:\n" << r.console);
      for (const auto& e : errors) FAIL_CHECK("guest frame: " << e);
      REQUIRE(r.stop == Cpu::Stop::Halted);
      CHECK(r.status == 0);
      CHECK(arp_replies == 1);
      CHECK(echoes == 5);
      CHECK(stop_acks == 1);
      CHECK(contains(r.console, "udp_echo: ready\n"));
      CHECK(contains(r.console, "udp_echo: stopped after 5 echoes (stop request from 10.0.0.1)"));
      // ARP: our request answered; sent: the announcement and the reply. IP: 8 datagrams,
      // one with a bad header checksum; UDP: 6 valid (5 echoed + stop), one bad checksum.
      CHECK(contains(r.console, "udp_echo: inet arp rx 1 answered 1 tx 2; ip rx 8 bad-header 0 bad-checksum 1 "
                                "not-ours 0 fragments 0 other 0; udp rx 6 bad-length 0 bad-checksum 1 tx 6;"));
      CHECK(contains(r.console, "udp_echo: done"));
    }
  }
}
