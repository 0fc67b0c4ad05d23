// Capture files (read back by tshark when it is installed: timestamps, lengths, FCS status)
// and the seeded loss/corruption filter.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/emu/net/net_test_util.h"

using namespace emu;
using namespace emu::net;
using namespace emu::net::test;

namespace {

bool have_tshark() { return std::system("tshark --version >/dev/null 2>&1") == 0; }

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

}  // namespace

TEST_CASE("net: pcapng and pcap read back by tshark (timestamps, FCS)", "[net]") {
  std::string png = temp_path("t.pcapng"), pc = temp_path("t.pcap");
  // Three frames: good 64 bytes, good non-IP 200 bytes, and a bad FCS.
  Frame good64 = make_frame(1, 2, 11, 64), good200 = make_frame(1, 2, 12, 200), bad = make_frame(1, 2, 13, 100);
  bad.bytes[50] ^= 0x10;
  for (auto fmt : {PcapWriter::Format::PcapNg, PcapWriter::Format::Pcap}) {
    PcapWriter w(fmt == PcapWriter::Format::PcapNg ? png : pc, fmt);
    w.write(5'000'123'456, good64);       // 5.000123456 ms (the last 456 ps are truncated)
    w.write(1'234'567'890'000, good200);  // 1.23456789 s
    w.write(2'000'000'000'000, bad);
    w.close();
    CHECK(w.frames_written() == 3);
  }
  if (!have_tshark()) {
    WARN("SKIPPED: tshark is not installed (tools/setup installs it); capture files not read back");
    return;
  }
  auto ng = lines(run("tshark -r " + png + " -o eth.check_fcs:TRUE -T fields -e frame.time_epoch -e frame.len -e eth.fcs.status 2>/dev/null"));
  REQUIRE(ng.size() == 3);
  CHECK(ng[0] == "0.005000123\t64\t1");  // FCS status 1 = good
  CHECK(ng[1] == "1.234567890\t200\t1");
  CHECK(ng[2] == "2.000000000\t100\t0");  // bad
  auto classic = lines(run("tshark -r " + pc + " -T fields -e frame.time_epoch -e frame.len 2>/dev/null"));
  REQUIRE(classic.size() == 3);
  CHECK(classic[0] == "0.005000123\t60");  // FCS left out
  CHECK(classic[1] == "1.234567890\t196");
  std::remove(png.c_str());
  std::remove(pc.c_str());
}

TEST_CASE("net: a segment's capture holds every frame in start order", "[net]") {
  std::string path = temp_path("seg.pcapng");
  Scenario sc = ping_pong(kHz16, kHz25, 200'000);
  Result r;
  {
    PcapWriter w(path);
    r = run_in_process(sc, {}, false, &w);
    w.close();
    size_t tx = 0;
    for (auto& x : r.a) tx += x.kind == 'T';
    for (auto& x : r.b) tx += x.kind == 'T';
    CHECK(w.frames_written() == tx);
  }
  if (!have_tshark()) {
    WARN("SKIPPED: tshark is not installed; segment capture not read back");
    return;
  }
  auto ts = lines(run("tshark -r " + path + " -o eth.check_fcs:TRUE -T fields -e frame.time_epoch -e eth.fcs.status 2>/dev/null"));
  REQUIRE(!ts.empty());
  // The first frame is A's tag 0, stamped with its start: cycle 5000 at 16.67 MHz.
  u64 ns = cycles_to_ps(5000, kHz16) / 1000;
  char want[64];
  std::snprintf(want, sizeof want, "%llu.%09llu\t1", (unsigned long long)(ns / 1'000'000'000), (unsigned long long)(ns % 1'000'000'000));
  CHECK(ts[0] == want);
  for (size_t i = 1; i < ts.size(); i++) {
    CHECK(std::stod(ts[i - 1]) <= std::stod(ts[i]));
    CHECK(ts[i].substr(ts[i].size() - 1) == "1");
  }
  std::remove(path.c_str());
}

TEST_CASE("net: a capture that cannot be written says so", "[net]") {
  CHECK_THROWS_WITH(PcapWriter("/nonexistent-dir/x.pcapng"), Catch::Contains("pcap /nonexistent-dir/x.pcapng: cannot create"));
  if (::access("/dev/full", W_OK) == 0) {
    PcapWriter w("/dev/full");
    Frame f = make_frame(1, 2, 1, 1518);
    CHECK_THROWS_WITH([&] {
      for (int i = 0; i < 100; i++) w.write(0, f);
      w.close();
    }(), Catch::Contains("--pcap /dev/full: write failed: No space left on device"));
  }
}

TEST_CASE("net: loss filter: seeded, stateless, at the configured rates", "[net]") {
  LossFilter none;
  Frame f = make_frame(1, 2, 5, 64);
  CHECK(none.apply(0, 0, f) == LossFilter::Verdict::Pass);

  LossConfig c = parse_loss_spec("drop=0.2,corrupt=0.1,seed=9");
  CHECK(c.drop_rate == 0.2);
  CHECK(c.corrupt_rate == 0.1);
  CHECK(c.seed == 9);
  LossFilter lf(c), again(c), other(parse_loss_spec("drop=0.2,corrupt=0.1,seed=10"));
  int drops = 0, corrupts = 0, differ = 0, unequal = 0, undetected = 0;
  const int n = 20000;
  for (int i = 0; i < n; i++) {
    Frame a = make_frame(1, 2, u32(i), 100), b = a, o = a;
    auto va = lf.apply(3, u64(i), a);
    auto vb = again.apply(3, u64(i), b);
    unequal += !(va == vb && a.bytes == b.bytes);
    differ += other.apply(3, u64(i), o) != va;
    drops += va == LossFilter::Verdict::Drop;
    if (va == LossFilter::Verdict::Corrupt) {
      corrupts++;
      undetected += fcs_ok(a);  // one bit flipped: the CRC must catch it
    }
  }
  CHECK(unequal == 0);
  CHECK(undetected == 0);
  CHECK(drops > n * 0.2 * 0.9);
  CHECK(drops < n * 0.2 * 1.1);
  CHECK(corrupts > n * 0.8 * 0.1 * 0.85);
  CHECK(corrupts < n * 0.8 * 0.1 * 1.15);
  CHECK(differ > n / 10);  // another seed, another pattern

  CHECK(parse_loss_spec("drop=1").drop_rate == 1);
  LossFilter all(parse_loss_spec("drop=1"));
  CHECK(all.apply(0, 123, f) == LossFilter::Verdict::Drop);
  CHECK_THROWS_AS(parse_loss_spec("drop=2"), NetError);
  CHECK_THROWS_AS(parse_loss_spec("lose=0.1"), NetError);
  CHECK_THROWS_AS(parse_loss_spec("seed=x"), NetError);
}
