// A peer that misbehaves ends the run with one clear line naming it, never a hang or a
// crash: garbage instead of a handshake, garbage after it, a peer that closes, a peer that
// stalls (short timeout), over the message stream and over shared memory; plus bad specs.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <thread>

#include "emu/net/link_protocol.h"
#include "emu/net/net_spec.h"
#include "emu/net/shm_channel.h"
#include "emu/net/socket_util.h"
#include "tests/emu/net/net_test_util.h"

using namespace emu;
using namespace emu::net;
using namespace emu::net::test;

namespace {

enum class Misbehave { GarbageFirst, GarbageAfter, CloseAfter, StallAfter, BadVersion, TimeBackwards };

void send_bytes(int fd, const std::vector<u8>& b) { write_all(fd, b.data(), b.size(), Clock::now() + std::chrono::seconds(5), "fake"); }

// Reads one message (header + payload) from the real side.
void read_one(int fd) {
  u8 h[8];
  read_exact(fd, h, 8, Clock::now() + std::chrono::seconds(5), "fake");
  u32 len = proto::check_header(h, "fake");
  std::vector<u8> p(len - 8);
  if (!p.empty()) read_exact(fd, p.data(), p.size(), Clock::now() + std::chrono::seconds(5), "fake");
}

std::vector<u8> fake_hello(u32 version = proto::kVersion) {
  proto::Hello h;
  h.version = version;
  h.lookahead_ps = kLinkLookaheadPs;
  h.label = "fake";
  h.stations.push_back({7, false, kHz25, 1'000'000, "fakenode"});
  return proto::encode_hello(h);
}

// A fake connecting peer, in a thread, doing `how` to the real listener at `path`.
std::thread fake_connector(const std::string& path, Misbehave how) {
  return std::thread([path, how] {
    try {
      Fd s = connect_socket(parse_socket_address(path), Clock::now() + std::chrono::seconds(10));
      if (how == Misbehave::GarbageFirst) {
        std::string g = "GET / HTTP/1.0\r\n\r\n";
        send_bytes(s.get(), std::vector<u8>(g.begin(), g.end()));
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        return;
      }
      read_one(s.get());                 // the listener's HELLO
      send_bytes(s.get(), fake_hello());  // flags 0: stay on the stream
      if (how == Misbehave::GarbageAfter) {
        std::vector<u8> g(64, 0xee);
        send_bytes(s.get(), g);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      } else if (how == Misbehave::CloseAfter) {
        std::vector<u8> t;
        proto::append_time(t, 1'000'000);
        send_bytes(s.get(), t);
        return;  // closes without finishing
      } else if (how == Misbehave::StallAfter) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      } else if (how == Misbehave::TimeBackwards) {
        std::vector<u8> t;
        proto::append_time(t, 5'000'000'000);
        proto::append_time(t, 4'000'000'000);
        send_bytes(s.get(), t);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      }
    } catch (const std::exception&) {
    }
  });
}

// The real side: one fake node, listening on `path`; returns the error it ended with.
std::string run_listener(const std::string& path, const std::string& opts = ",timeout=0.5") {
  FakeConfig c;
  c.end_cycle = 100'000'000;
  c.sends = {{1000, 1, 64}};
  FakeNode n(c);
  Segment seg;
  n.set_port(&seg.add_node(n, c.hz, "real"));
  try {
    seg.attach("listen=" + path + opts);
    seg.run();
  } catch (const NetError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("net: a peer that sends garbage instead of a handshake", "[net]") {
  std::string path = temp_path("garbage1.sock");
  auto t = fake_connector(path, Misbehave::GarbageFirst);
  std::string err = run_listener(path);
  t.join();
  INFO(err);
  CHECK(contains(err, "link unix:" + path));
  CHECK(contains(err, "malformed"));
  CHECK(err.find('\n') == std::string::npos);
}

TEST_CASE("net: a peer that sends garbage after the handshake", "[net]") {
  std::string path = temp_path("garbage2.sock");
  auto t = fake_connector(path, Misbehave::GarbageAfter);
  std::string err = run_listener(path);
  t.join();
  INFO(err);
  CHECK(contains(err, "link unix:" + path + " (peer 'fake')"));
  CHECK(contains(err, "malformed data from peer"));
}

TEST_CASE("net: a peer whose time goes backwards", "[net]") {
  std::string path = temp_path("back.sock");
  auto t = fake_connector(path, Misbehave::TimeBackwards);
  std::string err = run_listener(path);
  t.join();
  INFO(err);
  CHECK(contains(err, "time went back"));
}

TEST_CASE("net: a peer that closes before the end of the run", "[net]") {
  std::string path = temp_path("close.sock");
  auto t = fake_connector(path, Misbehave::CloseAfter);
  std::string err = run_listener(path, ",timeout=5");
  t.join();
  INFO(err);
  CHECK(contains(err, "(peer 'fake'): peer disconnected"));
}

TEST_CASE("net: a peer that stalls past the timeout", "[net]") {
  std::string path = temp_path("stall.sock");
  auto t = fake_connector(path, Misbehave::StallAfter);
  auto t0 = Clock::now();
  // stderr into a file for the run: the stall is reported halfway, before the timeout.
  char log_name[] = "/tmp/emu-stall-stderr-XXXXXX";
  const int log_fd = ::mkstemp(log_name), saved = ::dup(2);
  REQUIRE(log_fd >= 0);
  std::fflush(stderr);
  ::dup2(log_fd, 2);
  std::string err = run_listener(path, ",timeout=0.5");
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  ::close(log_fd);
  std::ifstream log(log_name);
  const std::string said((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  std::remove(log_name);
  auto took = Clock::now() - t0;
  t.join();
  INFO(err);
  CHECK(contains(err, "peer stalled"));
  CHECK(contains(err, "0.5 s"));
  CHECK(took < std::chrono::seconds(3));
  CHECK(contains(said, "emu: --net: listening at unix:" + path + "; waiting up to 0.5 s for the other emu"));
  CHECK(contains(said, ": no news from the peer for 0.25 s; waiting up to 0.5 s in all\n"));
}

TEST_CASE("net: nobody connects / nobody listens, within the timeout", "[net]") {
  std::string path = temp_path("nobody.sock");
  std::string err = run_listener(path, ",timeout=0.3");
  CHECK(contains(err, "no peer connected"));
  FakeConfig c;
  FakeNode n(c);
  Segment seg;
  n.set_port(&seg.add_node(n, c.hz, "real"));
  CHECK_THROWS_WITH(seg.attach("connect=" + path + ",timeout=0.3"), Catch::Contains("nobody listening"));
}

TEST_CASE("net: a listener that speaks another protocol version", "[net]") {
  std::string path = temp_path("version.sock");
  Listener l(parse_socket_address(path));
  std::thread t([&] {
    try {
      Fd s = l.accept(Clock::now() + std::chrono::seconds(10));
      send_bytes(s.get(), fake_hello(99));
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    } catch (...) {
    }
  });
  FakeConfig c;
  FakeNode n(c);
  Segment seg;
  n.set_port(&seg.add_node(n, c.hz, "real"));
  CHECK_THROWS_WITH(seg.attach("connect=" + path + ",timeout=2"), Catch::Contains("version 99, we speak 1"));
  t.join();
}

TEST_CASE("net: over shared memory, a peer that dies or stalls is noticed", "[net]") {
  for (bool die : {true, false}) {
    std::string path = temp_path("shmfail.sock");
    int rfd = -1;
    pid_t pid = fork_child(rfd, [&](int) {
      FakeConfig c;
      c.mac = 2;
      c.end_cycle = 100'000'000;
      c.sleep_per_run = std::chrono::microseconds(die ? 0 : 5'000'000);
      FakeNode n(c);
      Segment seg;
      n.set_port(&seg.add_node(n, c.hz, "child"));
      seg.attach("connect=" + path + ",timeout=30");
      if (die) ::_exit(3);  // gone right after the handshake
      seg.run();
      return 0;
    });
    std::string err = run_listener(path, ",timeout=0.5");
    ::kill(pid, SIGKILL);
    wait_child(pid);
    ::close(rfd);
    INFO(err);
    CHECK(contains(err, "link unix:" + path + " (peer 'emu')"));
    CHECK(contains(err, die ? "peer disconnected" : "peer stalled"));
  }
}

TEST_CASE("net: spec strings", "[net]") {
  NetSpec a = parse_net_spec("listen=/tmp/x.sock,timeout=2.5,shm=off,spin=0");
  CHECK(a.kind == NetSpec::Kind::Listen);
  CHECK(a.target == "/tmp/x.sock");
  CHECK(a.options.timeout == std::chrono::milliseconds(2500));
  CHECK_FALSE(a.options.allow_shm);
  CHECK(a.options.spin.count() == 0);
  CHECK(parse_net_spec("tap=emu0").kind == NetSpec::Kind::Tap);
  CHECK_THROWS_AS(parse_net_spec("listen"), NetError);
  CHECK_THROWS_AS(parse_net_spec("bogus=x"), NetError);
  CHECK_THROWS_AS(parse_net_spec("connect=a:1,timeout=-1"), NetError);
  CHECK_THROWS_AS(parse_net_spec("connect=a:1,colour=blue"), NetError);

  SocketAddress u = parse_socket_address("/tmp/a:b");
  CHECK(u.unix_socket);
  CHECK(parse_socket_address("sock").unix_socket);
  CHECK(parse_socket_address("unix:host:80").unix_socket);
  SocketAddress t = parse_socket_address("10.0.0.1:5000");
  CHECK_FALSE(t.unix_socket);
  CHECK(t.host == "10.0.0.1");
  CHECK(t.port == 5000);
  SocketAddress l = parse_socket_address(":6000");
  CHECK(l.host.empty());  // loopback
  CHECK(parse_socket_address("[::1]:7000").host == "::1");
  CHECK_THROWS_AS(parse_socket_address("h:99999"), NetError);
}

TEST_CASE("net: a shared-memory ring with broken indices or records is malformed data", "[net]") {
  // Two views of one channel in this process: side 0 writes, side 1 reads; the test breaks
  // side 0's half behind its back (offsets from the layout in shm_channel.h/.cpp).
  const u32 ring = 1 << 20;
  ShmChannel w = ShmChannel::create(ring, "test");
  w.set_side(0);
  Fd dup(::dup(w.fd()));
  ShmChannel r = ShmChannel::attach(std::move(dup), ring, "unix:/x (peer 'bad')");
  r.set_side(1);
  WireFrame f{make_frame(1, 2, 3), 1000, 0, 0};
  REQUIRE(w.try_push(f));
  w.publish(2000);
  std::vector<WireFrame> got;
  r.pop(got);
  REQUIRE(got.size() == 1);
  CHECK(got[0].frame.bytes == f.frame.bytes);
  CHECK(r.peer_published() == 2000);

  const off_t kWritePos0 = 128, kRing0 = 4096;
  u64 huge = u64(ring) * 4;
  REQUIRE(::pwrite(w.fd(), &huge, 8, kWritePos0) == 8);
  CHECK_THROWS_WITH(r.pop(got), Catch::Contains("link unix:/x (peer 'bad'): malformed data from peer: shared-memory ring"));

  u64 pos = 0;
  (void)!::pread(w.fd(), &pos, 8, kWritePos0 + 64);  // read_pos: where the reader is
  u64 next = pos + 64;
  u32 bogus_len = 0x7fffffff;
  REQUIRE(::pwrite(w.fd(), &bogus_len, 4, kRing0 + off_t(pos % ring)) == 4);
  REQUIRE(::pwrite(w.fd(), &next, 8, kWritePos0) == 8);
  CHECK_THROWS_WITH(r.pop(got), Catch::Contains("record of 2147483647 bytes"));
}

TEST_CASE("net: both sides must agree on the propagation delay", "[net]") {
  std::string sock = temp_path("prop.sock");
  int rfd = -1;
  pid_t pid = fork_child(rfd, [&](int) {
    FakeConfig c;
    FakeNode n(c);
    SegmentConfig cfg;
    cfg.propagation_ps = 1'000'000;
    Segment seg(cfg);
    n.set_port(&seg.add_node(n, c.hz, "child"));
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
  n.set_port(&seg.add_node(n, c.hz, "parent"));
  CHECK_THROWS_WITH(seg.attach("listen=" + sock + ",timeout=10"), Catch::Contains("propagation delay"));
  CHECK(wait_child(pid) == 7);
  ::close(rfd);
}
