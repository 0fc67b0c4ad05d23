// Helpers for the network tests: the standard ping-pong scenario between two synthetic
// nodes, run in one process or split across two (the second a fork()ed child, linked by a
// listen=/connect= spec), with the results brought back for comparison.
#pragma once
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>

#include "emu/net/pcap_writer.h"
#include "emu/net/segment.h"
#include "tests/emu/net/fake_node.h"

namespace emu::net::test {

inline constexpr u64 kHz16 = 16'666'667;  // DECstation 2100 (KN01 at 12.5 MHz is the 2100; 16.67 MHz the 3100)
inline constexpr u64 kHz25 = 25'000'000;  // DECstation 5000/200

struct Scenario {
  FakeConfig a, b;
};

// A (mac 1) starts a chain every 40,000 cycles with frames of assorted sizes (a runt, a
// minimum, a maximum and others); B (mac 2) answers each frame after 500 cycles, A answers
// the answers after 300 cycles, so each chain is 7 frames long. Chains overlap.
inline Scenario ping_pong(u64 hz_a = kHz25, u64 hz_b = kHz25, Cycles end = 600'000) {
  Scenario s;
  s.a.hz = hz_a;
  s.a.mac = 1;
  s.a.peer_mac = 2;
  s.a.end_cycle = end;
  const size_t lens[] = {64, 200, 1518, 60, 100, 1000, 64, 512, 1518, 64, 300, 64, 1200, 64};
  for (u32 k = 0; k * 40'000 + 5'000 < end; k++) s.a.sends.emplace_back(5'000 + k * 40'000, k * 1000, lens[k % 14]);
  s.a.reply_delay = 300;
  s.a.reply_len = 128;
  s.b = s.a;
  s.b.hz = hz_b;
  s.b.mac = 2;
  s.b.peer_mac = 1;
  s.b.end_cycle = Cycles((unsigned __int128)end * hz_b / hz_a);  // both end at the same instant
  s.b.sends.clear();
  s.b.reply_delay = 500;
  s.b.reply_len = 90;
  return s;
}

struct Result {
  std::vector<Record> a, b;
  Cycles cycles_a = 0, cycles_b = 0;
  bool operator==(const Result&) const = default;
};

// Both nodes in this process. `b_first` adds B before A (explicit station ids keep the order).
inline Result run_in_process(const Scenario& sc, SegmentConfig cfg = {}, bool b_first = false,
                             PcapWriter* pcap = nullptr) {
  FakeNode a(sc.a), b(sc.b);
  Segment seg(cfg);
  if (b_first) {
    b.set_port(&seg.add_node(b, sc.b.hz, "b", 1));
    a.set_port(&seg.add_node(a, sc.a.hz, "a", 0));
  } else {
    a.set_port(&seg.add_node(a, sc.a.hz, "a", 0));
    b.set_port(&seg.add_node(b, sc.b.hz, "b", 1));
  }
  seg.capture_to(pcap);
  seg.run();
  return {a.records(), b.records(), a.cycles(), b.cycles()};
}

// Serialising a node's results through a pipe.
inline void write_result(int fd, const std::vector<Record>& r, Cycles c) {
  u64 n = r.size();
  (void)!::write(fd, &n, 8);
  (void)!::write(fd, &c, 8);
  for (auto& x : r) (void)!::write(fd, &x, sizeof x);
}
inline bool read_all(int fd, void* p, size_t n) {
  u8* b = static_cast<u8*>(p);
  while (n) {
    ssize_t r = ::read(fd, b, n);
    if (r <= 0) return false;
    b += r;
    n -= size_t(r);
  }
  return true;
}

// Forks `child` (its return value is its exit status; exceptions print and exit 1) with a
// pipe for results. The child dies with the parent.
inline pid_t fork_child(int& read_fd, const std::function<int(int write_fd)>& child) {
  int p[2];
  if (::pipe(p) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(p[0]);
    int rc = 1;
    try {
      rc = child(p[1]);
    } catch (const std::exception& e) {
      std::string m = e.what();
      std::fprintf(stderr, "child: %s\n", m.c_str());
      rc = 1;
    }
    ::_exit(rc);
  }
  ::close(p[1]);
  read_fd = p[0];
  return pid;
}

inline int wait_child(pid_t pid) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

// A in this process with `spec_a`, B in a child with `spec_b`. Optional captures per side.
inline Result run_two_process(const Scenario& sc, const std::string& spec_a, const std::string& spec_b,
                              SegmentConfig cfg = {}, const std::string& pcap_a = "", const std::string& pcap_b = "",
                              SyncStats* stats_a = nullptr) {
  int rfd = -1;
  pid_t pid = fork_child(rfd, [&](int wfd) {
    FakeNode b(sc.b);
    Segment seg(cfg);
    b.set_port(&seg.add_node(b, sc.b.hz, "b"));  // auto id: follows the listener's
    seg.attach(spec_b);
    std::unique_ptr<PcapWriter> pw;
    if (!pcap_b.empty()) pw = std::make_unique<PcapWriter>(pcap_b);
    seg.capture_to(pw.get());
    seg.run();
    if (pw) pw->close();
    write_result(wfd, b.records(), b.cycles());
    return 0;
  });
  Result r;
  FakeNode a(sc.a);
  {
    Segment seg(cfg);
    a.set_port(&seg.add_node(a, sc.a.hz, "a"));
    try {
      seg.attach(spec_a);
      std::unique_ptr<PcapWriter> pw;
      if (!pcap_a.empty()) pw = std::make_unique<PcapWriter>(pcap_a);
      seg.capture_to(pw.get());
      seg.run();
      if (pw) pw->close();
      if (stats_a) *stats_a = seg.sync_stats();
    } catch (...) {
      ::kill(pid, SIGKILL);
      wait_child(pid);
      ::close(rfd);
      throw;
    }
  }
  r.a = a.records();
  r.cycles_a = a.cycles();
  u64 n = 0;
  bool ok = read_all(rfd, &n, 8) && read_all(rfd, &r.cycles_b, 8);
  if (ok) {
    r.b.resize(n);
    ok = n == 0 || read_all(rfd, r.b.data(), n * sizeof(Record));
  }
  ::close(rfd);
  int st = wait_child(pid);
  if (!ok || st != 0) throw std::runtime_error("child side failed (status " + std::to_string(st) + ")");
  return r;
}

inline std::string temp_path(const std::string& what) {
  static int n = 0;
  return "/tmp/emu-net-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + "-" + what;
}

// A TCP port that was free a moment ago (tests only).
inline u16 free_tcp_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

}  // namespace emu::net::test
