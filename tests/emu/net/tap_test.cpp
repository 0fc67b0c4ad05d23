// The TAP backend, in a private network namespace of a fork()ed child (needs root, or the
// test is reported SKIPPED with the reason): a frame the host sends reaches the node with a
// good FCS, and the node's answer reaches the host without its FCS. Also the one-line error
// when the TAP cannot be opened.
#include <catch2/catch.hpp>

#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>

#include <atomic>
#include <thread>

#include "emu/net/tap_device.h"
#include "tests/emu/net/net_test_util.h"

using namespace emu;
using namespace emu::net;
using namespace emu::net::test;

namespace {

constexpr int kSkip = 77;

void say(int fd, const std::string& s) { (void)!::write(fd, s.data(), s.size()); }

// In the child: 0 passed, kSkip skipped, anything else failed; the reason goes to `out`.
int tap_round_trip(int out) {
  if (::unshare(CLONE_NEWNET) != 0) {
    say(out, std::string("cannot make a network namespace (unshare: ") + std::strerror(errno) + "; needs root)");
    return kSkip;
  }
  if (::access("/dev/net/tun", R_OK | W_OK) != 0) {
    say(out, "/dev/net/tun is not available");
    return kSkip;
  }
  const char* ifname = "emutap0";
  FakeConfig c;
  c.mac = 2;
  c.end_cycle = 25'000'000 * 4ull;  // 4 s simulated; ~0.4 s of host time with the sleeps below
  c.sleep_per_run = std::chrono::microseconds(100);
  c.reply_delay = 100;
  c.reply_chain = 1000;  // answer everything
  FakeNode node(c);
  Segment seg;
  node.set_port(&seg.add_node(node, c.hz, "tapnode"));
  try {
    seg.attach(std::string("tap=") + ifname);
  } catch (const NetError& e) {
    say(out, e.what());
    return kSkip;
  }
  // Bring the interface up (ioctl: no iproute2 needed).
  int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  ifreq ifr{};
  std::strcpy(ifr.ifr_name, ifname);
  ::ioctl(s, SIOCGIFFLAGS, &ifr);
  ifr.ifr_flags |= IFF_UP;
  if (::ioctl(s, SIOCSIFFLAGS, &ifr) != 0) {
    say(out, std::string("cannot bring ") + ifname + " up: " + std::strerror(errno));
    return 1;
  }
  ::close(s);
  int ps = ::socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
  sockaddr_ll sll{};
  sll.sll_family = AF_PACKET;
  sll.sll_protocol = htons(ETH_P_ALL);
  sll.sll_ifindex = int(if_nametoindex(ifname));
  if (ps < 0 || ::bind(ps, reinterpret_cast<sockaddr*>(&sll), sizeof sll) != 0) {
    say(out, std::string("packet socket: ") + std::strerror(errno));
    return 1;
  }
  std::atomic<int> result{-1};
  std::string why;
  std::thread host([&] {
    // The host sends a short (42-byte) frame without FCS, as host stacks do.
    Frame f = make_frame(9, 2, 40, 64);
    f.bytes.resize(42);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::send(ps, f.bytes.data(), f.bytes.size(), 0);
    auto end = Clock::now() + std::chrono::seconds(3);
    u8 buf[2048];
    while (Clock::now() < end) {
      timeval tv{0, 100'000};
      ::setsockopt(ps, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      sockaddr_ll from{};
      socklen_t fl = sizeof from;
      ssize_t n = ::recvfrom(ps, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &fl);
      if (n < 18 || from.sll_pkttype == PACKET_OUTGOING) continue;
      if (buf[12] != 0x88 || buf[13] != 0xb5) continue;  // IPv6 chatter and the like
      u32 tag = u32(buf[14]) | u32(buf[15]) << 8 | u32(buf[16]) << 16 | u32(buf[17]) << 24;
      if (tag == 41 && n == 60 && buf[5] == 9) {  // the answer: 64 bytes less the FCS, to us
        result = 0;
        return;
      }
      why = "unexpected frame: tag " + std::to_string(tag) + ", " + std::to_string(n) + " bytes";
    }
    if (why.empty()) why = "no answer from the node within 3 s";
    result = 1;
  });
  try {
    seg.run();
  } catch (const std::exception& e) {
    host.join();
    say(out, e.what());
    return 1;
  }
  host.join();
  bool got = false;
  for (auto& r : node.records()) got |= r.kind == 'R' && r.tag == 40 && r.fcs_ok;
  if (!got) {
    say(out, "the node did not receive the host's frame with a good FCS");
    return 1;
  }
  if (result != 0) say(out, why);
  return result;
}

}  // namespace

TEST_CASE("net: TAP bridge in a network namespace, both directions", "[net]") {
  int rfd = -1;
  pid_t pid = fork_child(rfd, tap_round_trip);
  std::string msg;
  char buf[512];
  ssize_t n;
  while ((n = ::read(rfd, buf, sizeof buf)) > 0) msg.append(buf, size_t(n));
  ::close(rfd);
  int st = wait_child(pid);
  if (st == kSkip) {
    WARN("SKIPPED: " + msg);
    return;
  }
  INFO(msg);
  CHECK(st == 0);
}

TEST_CASE("net: a TAP that cannot be opened gives one line naming it", "[net]") {
  CHECK_THROWS_WITH(TapDevice("an-interface-name-too-long"), Catch::StartsWith("tap an-interface-name-too-long: "));
  // Without privileges (as nobody), in a child.
  int rfd = -1;
  pid_t pid = fork_child(rfd, [](int out) {
    if (::getuid() == 0 && ::setuid(65534) != 0) return kSkip;
    try {
      TapDevice t("emutapx");
    } catch (const NetError& e) {
      say(out, e.what());
      return 0;
    }
    return 2;  // opened: this host lets anyone create TAPs
  });
  std::string msg;
  char buf[512];
  ssize_t n;
  while ((n = ::read(rfd, buf, sizeof buf)) > 0) msg.append(buf, size_t(n));
  ::close(rfd);
  int st = wait_child(pid);
  if (st == 2 || st == kSkip) {
    WARN("SKIPPED: could not drop privileges to test the error");
    return;
  }
  INFO(msg);
  CHECK(st == 0);
  CHECK(msg.rfind("tap emutapx: ", 0) == 0);
  CHECK(msg.find('\n') == std::string::npos);
}
