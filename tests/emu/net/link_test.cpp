// Two processes on one segment (the second a fork()ed child): the same results as one
// process, over shared memory, over the message stream on a Unix socket and over TCP;
// under a throttled peer; with different clocks on the two sides; the same capture file
// on both sides.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "tests/emu/net/net_test_util.h"

using namespace emu;
using namespace emu::net;
using namespace emu::net::test;

namespace {

std::vector<char> slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void check_same(const Result& ref, const Result& got) {
  CHECK(got.a.size() == ref.a.size());
  CHECK(got.b.size() == ref.b.size());
  CHECK(got.a == ref.a);
  CHECK(got.b == ref.b);
  CHECK(got.cycles_a == ref.cycles_a);
  CHECK(got.cycles_b == ref.cycles_b);
}

}  // namespace

TEST_CASE("net: two processes over shared memory match one process", "[net]") {
  Scenario sc = ping_pong(kHz25, kHz25);
  Result ref = run_in_process(sc);
  std::string sock = temp_path("shm.sock");
  Result got = run_two_process(sc, "listen=" + sock, "connect=" + sock);
  check_same(ref, got);
}

TEST_CASE("net: two processes over the Unix message stream match one process", "[net]") {
  Scenario sc = ping_pong(kHz25, kHz25);
  Result ref = run_in_process(sc);
  std::string sock = temp_path("stream.sock");
  Result got = run_two_process(sc, "listen=" + sock + ",shm=off", "connect=" + sock + ",shm=off");
  check_same(ref, got);
}

TEST_CASE("net: two processes over TCP on loopback match one process", "[net]") {
  Scenario sc = ping_pong(kHz25, kHz16);
  Result ref = run_in_process(sc);
  std::string port = std::to_string(free_tcp_port());
  Result got = run_two_process(sc, "listen=:" + port, "connect=127.0.0.1:" + port);
  check_same(ref, got);
}

TEST_CASE("net: different clocks on the two sides (16.67 and 25 MHz) across processes", "[net]") {
  Scenario sc = ping_pong(kHz16, kHz25);
  Result ref = run_in_process(sc);
  std::string sock = temp_path("clocks.sock");
  Result got = run_two_process(sc, "listen=" + sock, "connect=" + sock);
  check_same(ref, got);
}

TEST_CASE("net: a throttled peer changes nothing but the host time", "[net]") {
  Scenario sc = ping_pong(kHz25, kHz16, 300'000);
  Result ref = run_in_process(sc);
  SECTION("the child sleeps on every run") {
    Scenario slow = sc;
    slow.b.sleep_per_run = std::chrono::microseconds(150);
    std::string sock = temp_path("slowb.sock");
    check_same(ref, run_two_process(slow, "listen=" + sock, "connect=" + sock));
  }
  SECTION("the parent sleeps on every run, over TCP") {
    Scenario slow = sc;
    slow.a.sleep_per_run = std::chrono::microseconds(150);
    std::string port = std::to_string(free_tcp_port());
    check_same(ref, run_two_process(slow, "listen=127.0.0.1:" + port, "connect=localhost:" + port));
  }
  SECTION("spinning disabled: every wait sleeps") {
    std::string sock = temp_path("nospin.sock");
    check_same(ref, run_two_process(sc, "listen=" + sock + ",spin=0", "connect=" + sock + ",spin=0"));
  }
}

TEST_CASE("net: the loss filter gives the same outcome in one process and in two", "[net]") {
  Scenario sc = ping_pong(kHz25, kHz25);
  SegmentConfig cfg;
  cfg.loss = parse_loss_spec("drop=0.1,corrupt=0.1,seed=42");
  Result ref = run_in_process(sc, cfg);
  size_t bad = 0;
  for (auto& r : ref.b) bad += r.kind == 'R' && !r.fcs_ok;
  for (auto& r : ref.a) bad += r.kind == 'R' && !r.fcs_ok;
  CHECK(bad > 0);  // with these rates and this seed some frames arrive corrupted
  Result clean = run_in_process(sc);
  CHECK(clean.a.size() > ref.a.size());  // and chains broken by losses are shorter
  std::string sock = temp_path("loss.sock");
  check_same(ref, run_two_process(sc, "listen=" + sock, "connect=" + sock, cfg));
}

TEST_CASE("net: both processes write the capture an in-process run writes", "[net]") {
  Scenario sc = ping_pong(kHz16, kHz25, 300'000);
  std::string p0 = temp_path("inproc.pcapng"), pa = temp_path("a.pcapng"), pb = temp_path("b.pcapng");
  {
    PcapWriter w(p0);
    run_in_process(sc, {}, false, &w);
    w.close();
  }
  std::string sock = temp_path("pcap.sock");
  run_two_process(sc, "listen=" + sock, "connect=" + sock, {}, pa, pb);
  auto f0 = slurp(p0), fa = slurp(pa), fb = slurp(pb);
  CHECK(f0.size() > 1000);
  CHECK(fa == f0);
  CHECK(fb == f0);
  std::remove(p0.c_str());
  std::remove(pa.c_str());
  std::remove(pb.c_str());
}

TEST_CASE("net: station ids: explicit ids that collide are refused by the handshake", "[net]") {
  std::string sock = temp_path("ids.sock");
  int rfd = -1;
  pid_t pid = fork_child(rfd, [&](int) {
    FakeConfig c;
    FakeNode n(c);
    Segment seg;
    n.set_port(&seg.add_node(n, c.hz, "child", 0));
    try {
      seg.attach("connect=" + sock + ",timeout=10");
    } catch (const NetError&) {
      return 7;
    }
    return 0;
  });
  FakeConfig c;
  FakeNode n(c);
  Segment seg;
  n.set_port(&seg.add_node(n, c.hz, "parent", 0));
  try {
    seg.attach("listen=" + sock + ",timeout=10");
    FAIL("handshake accepted a duplicate station id");
  } catch (const NetError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find("station id 0") != std::string::npos);
  }
  CHECK(wait_child(pid) == 7);
  ::close(rfd);
}
