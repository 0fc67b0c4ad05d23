// Synthetic NetNodes for the network tests: a "guest" that transmits frames at
// deterministic cycles and answers received frames after a fixed delay (ping-pong),
// recording what it saw, with no CPU behind it.
//
// It moves time like the CPU does: in blocks of `block` cycles, stopping only at block
// boundaries (so run_until can overshoot by up to a block, and where it stops depends only
// on the limit); events inside a block happen at their exact cycle. It can also sleep on
// every run (a throttled peer) or burn host time per simulated cycle (benchmarks).
#pragma once
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "emu/net/crc32.h"
#include "emu/net/net_node.h"

namespace emu::net::test {

struct Record {
  char kind;        // 'R' received, 'T' transmitted
  Cycles cycle;     // when (the receiving node's cycle, or the transmit start cycle)
  Picos arrival;    // R: the arrival it was delivered with; T: 0
  u32 tag;          // payload word 0 of the frame
  bool fcs_ok;
  bool operator==(const Record&) const = default;
};

// A frame of `len` bytes (DA..FCS) carrying `tag`, with a valid FCS.
inline Frame make_frame(u8 src, u8 dst, u32 tag, size_t len = 64) {
  Frame f;
  f.bytes.assign(len < 18 ? 18 : len, 0);
  for (int i = 0; i < 6; i++) f.bytes[i] = dst == 0xff ? 0xff : (i == 0 ? 0x02 : (i == 5 ? dst : 0));
  for (int i = 0; i < 6; i++) f.bytes[6 + i] = i == 0 ? 0x02 : (i == 5 ? src : 0);
  f.bytes[12] = 0x88;  // local experimental EtherType
  f.bytes[13] = 0xb5;
  for (int i = 0; i < 4; i++) f.bytes[14 + i] = u8(tag >> (8 * i));
  for (size_t i = 18; i + 4 < f.bytes.size(); i++) f.bytes[i] = u8(i * 7 + tag);
  u32 crc = ethernet_crc32(f.bytes.data(), f.bytes.size() - 4);
  for (int i = 0; i < 4; i++) f.bytes[f.bytes.size() - 4 + i] = u8(crc >> (8 * i));
  return f;
}

inline bool fcs_ok(const Frame& f) {
  if (f.bytes.size() < 4) return false;
  size_t n = f.bytes.size() - 4;
  u32 crc = ethernet_crc32(f.bytes.data(), n);
  return (u32(f.bytes[n]) | u32(f.bytes[n + 1]) << 8 | u32(f.bytes[n + 2]) << 16 | u32(f.bytes[n + 3]) << 24) == crc;
}

inline u32 frame_tag(const Frame& f) {
  return f.bytes.size() >= 18 ? u32(f.bytes[14]) | u32(f.bytes[15]) << 8 | u32(f.bytes[16]) << 16 | u32(f.bytes[17]) << 24 : 0;
}

struct FakeConfig {
  u64 hz = 25'000'000;
  u8 mac = 1;
  Cycles block = 32;              // run granularity (a CPU block), sets the overshoot
  Cycles end_cycle = 2'000'000;   // the node finishes here
  // Spontaneous transmissions: (cycle, tag, length); the destination is `peer_mac`.
  std::vector<std::tuple<Cycles, u32, size_t>> sends;
  u8 peer_mac = 2;
  // Answer every good received frame after this many cycles with tag+1 (0: don't answer).
  Cycles reply_delay = 0;
  size_t reply_len = 64;
  u32 reply_chain = 6;            // answer only tags whose value mod 1000 is below this
  std::chrono::microseconds sleep_per_run{0};  // throttling
  u64 burn_per_cycle = 0;         // host work per simulated cycle (benchmarks)
};

class FakeNode : public NetNode {
 public:
  explicit FakeNode(FakeConfig cfg) : cfg_(std::move(cfg)) {
    for (auto& [c, tag, len] : cfg_.sends) events_.emplace(c, Ev{false, make_frame(cfg_.mac, cfg_.peer_mac, tag, len), 0});
  }
  void set_port(EthernetPort* p) { port_ = p; }
  Picos now_ps() const override { return cycles_to_ps(now_, cfg_.hz); }
  Picos max_overshoot_ps() const override { return cycles_to_ps(cfg_.block, cfg_.hz) + 1; }
  Cycles cycles() const { return now_; }
  const std::vector<Record>& records() const { return records_; }
  u64 runs() const { return runs_; }

  bool run_until(Picos limit) override {
    runs_++;
    if (cfg_.sleep_per_run.count()) std::this_thread::sleep_for(cfg_.sleep_per_run);
    if (done_) return false;
    while (now_ps() < limit) {
      Cycles next = now_ + cfg_.block;
      // Events due before the next boundary happen at their own cycle.
      while (!events_.empty() && events_.begin()->first < next) {
        auto it = events_.begin();
        Cycles c = it->first;
        Ev ev = std::move(it->second);
        events_.erase(it);
        if (c >= cfg_.end_cycle) continue;
        handle(c, ev);
      }
      burn(next - now_);
      now_ = next;
      if (now_ >= cfg_.end_cycle) {
        done_ = true;
        return false;
      }
    }
    return true;
  }

  void deliver(const Frame& f, Picos arrival) override {
    Cycles c = ps_to_cycles_ceil(arrival, cfg_.hz);
    events_.emplace(c, Ev{true, f, arrival});
  }

  // An order-sensitive digest of everything the node saw.
  u64 digest() const {
    u64 h = 1469598103934665603ull;
    auto mix = [&](u64 v) { h = (h ^ v) * 1099511628211ull; };
    for (auto& r : records_) {
      mix(u64(r.kind));
      mix(r.cycle);
      mix(r.arrival);
      mix(r.tag);
      mix(r.fcs_ok);
    }
    mix(now_);
    return h;
  }

 private:
  struct Ev {
    bool receive;
    Frame frame;
    Picos arrival;
  };

  void handle(Cycles c, const Ev& ev) {
    if (!ev.receive) {
      records_.push_back({'T', c, 0, frame_tag(ev.frame), true});
      port_->transmit(ev.frame, c);
      return;
    }
    bool ok = fcs_ok(ev.frame);
    u32 tag = frame_tag(ev.frame);
    records_.push_back({'R', c, ev.arrival, tag, ok});
    if (ok && cfg_.reply_delay && tag % 1000 < cfg_.reply_chain)
      events_.emplace(c + cfg_.reply_delay, Ev{false, make_frame(cfg_.mac, ev.frame.bytes[11], tag + 1, cfg_.reply_len), 0});
  }

  void burn(Cycles n) {
    if (!cfg_.burn_per_cycle) return;
    volatile u64 x = now_;
    u64 v = x;
    for (u64 i = 0, e = n * cfg_.burn_per_cycle; i < e; i++) v = v * 6364136223846793005ull + 1442695040888963407ull;
    x = v;
  }

  FakeConfig cfg_;
  EthernetPort* port_ = nullptr;
  Cycles now_ = 0;
  bool done_ = false;
  u64 runs_ = 0;
  std::multimap<Cycles, Ev> events_;
  std::vector<Record> records_;
};

}  // namespace emu::net::test
