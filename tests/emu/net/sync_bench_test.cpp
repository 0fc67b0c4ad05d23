// Synchronisation overhead, measured: two synthetic nodes that burn a realistic amount of
// host time per simulated cycle, run (1) unlinked, in two processes at once, and (2) linked,
// in two processes over shared memory / the Unix stream / TCP, and (3) linked in one process
// against the two run one after the other. Hidden: run it by hand, on a quiet machine:
//   build/tests/emu_tests "[.netbench]"         (EMU_NETBENCH_NS_PER_CYCLE, default 4)
// Realistic cost: the emulator runs a tight guest loop at ~375 MIPS on this host (2.7 ns a
// cycle); with caches, TLB misses and devices 3..10 ns a cycle is typical, so 4 ns is the
// default: one 57.6 us window (1,440 cycles at 25 MHz) is then ~6 us of host time.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <cstdlib>

#include "tests/emu/net/net_test_util.h"

using namespace emu;
using namespace emu::net;
using namespace emu::net::test;

namespace {

double secs(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double cpu_children() {
  rusage r{};
  getrusage(RUSAGE_CHILDREN, &r);
  return r.ru_utime.tv_sec + r.ru_stime.tv_sec + 1e-6 * (r.ru_utime.tv_usec + r.ru_stime.tv_usec);
}

// Host iterations of FakeNode's burn loop per simulated cycle for `ns` ns a cycle.
u64 calibrate(double ns) {
  double per_iter = 1e9;
  for (int i = 0; i < 5; i++) {
    FakeConfig c;
    c.burn_per_cycle = 100;
    c.end_cycle = 200'000;
    FakeNode n(c);
    auto t0 = Clock::now();
    n.run_until(kForever);
    per_iter = std::min(per_iter, secs(Clock::now() - t0) * 1e9 / (100.0 * 200'000));
  }
  u64 k = u64(ns / per_iter + 0.5);
  return k ? k : 1;
}

Scenario bench_scenario(u64 burn, Cycles end) {
  // Traffic: a chain of 7 frames every 100,000 cycles (4 ms): ~875 frames/s each way, a busy
  // but plausible load for a 10 Mb/s segment.
  Scenario sc;
  sc.a.end_cycle = end;
  for (Cycles c = 5'000; c < end; c += 100'000) sc.a.sends.emplace_back(c, u32(c / 100'000 * 1000), 64);
  sc.a.reply_delay = 300;
  sc.a.burn_per_cycle = burn;
  sc.b = sc.a;
  sc.b.mac = 2;
  sc.b.peer_mac = 1;
  sc.b.sends.clear();
  sc.b.reply_delay = 500;
  return sc;
}

struct Timing {
  double wall, cpu;
};

// Both nodes alone, each in its own child process, at the same time.
Timing unlinked(const Scenario& sc) {
  double c0 = cpu_children();
  auto t0 = Clock::now();
  pid_t p[2];
  int fds[2];
  for (int i = 0; i < 2; i++) {
    FakeConfig cfg = i ? sc.b : sc.a;
    cfg.sends.clear();  // nobody to talk to; the burn is the same
    p[i] = fork_child(fds[i], [cfg](int) {
      FakeNode n(cfg);
      n.run_until(kForever);
      return 0;
    });
  }
  for (int i = 0; i < 2; i++) {
    wait_child(p[i]);
    ::close(fds[i]);
  }
  return {secs(Clock::now() - t0), cpu_children() - c0};
}

Timing linked(const Scenario& sc, const std::string& spec_a, const std::string& spec_b) {
  double c0 = cpu_children();
  auto t0 = Clock::now();
  int fd = -1;
  pid_t pa = fork_child(fd, [&](int w) {
    SyncStats st;
    SegmentConfig cfg;
    if (const char* d = std::getenv("EMU_NETBENCH_SLICE_DIV")) cfg.peer_slice_ps = (kLinkLookaheadPs) / std::atoi(d);
    run_two_process(sc, spec_a, spec_b, cfg, "", "", &st);
    (void)!::write(w, &st, sizeof st);
    return 0;
  });
  SyncStats st{};
  read_all(fd, &st, sizeof st);
  wait_child(pa);
  ::close(fd);
  std::printf("    (side A: %llu rounds, %llu runs, %llu waits, %.3f s waiting)\n", (unsigned long long)st.rounds,
              (unsigned long long)st.runs, (unsigned long long)st.waits, st.wait_seconds);
  return {secs(Clock::now() - t0), cpu_children() - c0};
}

Timing best(const std::function<Timing()>& f, int n = 3) {
  Timing b{1e9, 1e9};
  for (int i = 0; i < n; i++) {
    Timing t = f();
    b.wall = std::min(b.wall, t.wall);
    b.cpu = std::min(b.cpu, t.cpu);
  }
  return b;
}

}  // namespace

TEST_CASE("net: synchronisation overhead of a linked pair (benchmark)", "[.netbench]") {
  double ns = std::getenv("EMU_NETBENCH_NS_PER_CYCLE") ? std::atof(std::getenv("EMU_NETBENCH_NS_PER_CYCLE")) : 4.0;
  u64 burn = calibrate(ns);
  const Cycles end = 50'000'000;  // 2 s simulated at 25 MHz
  Scenario sc = bench_scenario(burn, end);
  std::printf("netbench: %.1f ns of host work per simulated cycle (%llu iterations), %.1f s simulated per node\n", ns,
              (unsigned long long)burn, end / 25e6);
  Timing base = best([&] { return unlinked(sc); });
  std::printf("  unlinked, two processes:  wall %.3f s  cpu %.3f s\n", base.wall, base.cpu);
  std::string sock = temp_path("bench.sock");
  struct Row {
    const char* name;
    std::string a, b;
  };
  std::string port = std::to_string(free_tcp_port());
  for (const Row& r : {Row{"shared memory", "listen=" + sock, "connect=" + sock},
                       Row{"Unix stream  ", "listen=" + sock + ",shm=off", "connect=" + sock + ",shm=off"},
                       Row{"TCP loopback ", "listen=:" + port, "connect=127.0.0.1:" + port}}) {
    Timing t = best([&] { return linked(sc, r.a, r.b); });
    std::printf("  linked, %s:   wall %.3f s (%+.1f%%)  cpu %.3f s (%+.1f%%)\n", r.name, t.wall,
                100 * (t.wall / base.wall - 1), t.cpu, 100 * (t.cpu / base.cpu - 1));
  }
  // One process, round-robin, against the two nodes alone one after the other.
  auto t0 = Clock::now();
  for (auto cfg : {sc.a, sc.b}) {
    cfg.sends.clear();
    FakeNode n(cfg);
    n.run_until(kForever);
  }
  double alone = secs(Clock::now() - t0);
  t0 = Clock::now();
  Result r = run_in_process(sc);
  double rr = secs(Clock::now() - t0);
  std::printf("  in-process round-robin: %.3f s vs %.3f s alone (%+.1f%%); %zu + %zu records\n", rr, alone,
              100 * (rr / alone - 1), r.a.size(), r.b.size());
}
