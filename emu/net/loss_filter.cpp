// Seeded loss/corruption filter: see loss_filter.h.
#include "emu/net/loss_filter.h"

#include <cmath>

#include "emu/common/number.h"

namespace emu::net {
namespace {

u64 splitmix64(u64 x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// rate in [0,1] as a threshold on a uniform 64-bit value; 1.0 means always.
u64 threshold(double rate) {
  if (rate <= 0) return 0;
  if (rate >= 1) return ~0ull;
  double v = std::ldexp(rate, 64);
  return v >= 18446744073709551616.0 ? ~0ull : u64(v);
}

bool below(u64 h, u64 thr) { return thr == ~0ull || h < thr; }

}  // namespace

LossConfig parse_loss_spec(const std::string& spec) {
  if (spec.empty()) throw NetError("bad loss spec '': empty (want drop=R, corrupt=R, seed=N)");
  LossConfig c;
  size_t pos = 0;
  for (;;) {
    const size_t comma = spec.find(',', pos);
    const std::string item = spec.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq), val = eq == std::string::npos ? "" : item.substr(eq + 1);
    const std::string bad = "bad loss spec '" + printable(spec) + "': " + key + " '" + printable(val) + "' ";
    if (eq != std::string::npos && (key == "drop" || key == "corrupt")) {
      const ParsedFraction r = parse_fraction(val, 0, 1);
      if (!r) throw NetError(bad + r.problem + " (a probability)");
      (key == "drop" ? c.drop_rate : c.corrupt_rate) = r.value;
    } else if (eq != std::string::npos && key == "seed") {
      const ParsedNumber n = parse_number(val, 0, ~u64(0), Radix::DecimalOrHex);
      if (!n) throw NetError(bad + n.problem);
      c.seed = n.value;
    } else {
      throw NetError("bad loss spec '" + printable(spec) + "': unknown item '" + printable(item) +
                     "' (drop=R, corrupt=R, seed=N)");
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return c;
}

LossFilter::LossFilter(LossConfig cfg)
    : cfg_(cfg), drop_threshold_(threshold(cfg.drop_rate)), corrupt_threshold_(threshold(cfg.corrupt_rate)) {}

LossFilter::Verdict LossFilter::apply(u32 sender, u64 seq, Frame& f) const {
  if (!cfg_.active()) return Verdict::Pass;
  // Three independent draws from one frame identity.
  u64 base = splitmix64(splitmix64(cfg_.seed) ^ (u64(sender) << 40) ^ seq);
  u64 h_drop = splitmix64(base ^ 1), h_corrupt = splitmix64(base ^ 2), h_bit = splitmix64(base ^ 3);
  if (below(h_drop, drop_threshold_)) return Verdict::Drop;
  if (below(h_corrupt, corrupt_threshold_) && !f.bytes.empty()) {
    u64 bit = h_bit % (f.bytes.size() * 8);
    f.bytes[bit / 8] ^= u8(1u << (bit % 8));
    return Verdict::Corrupt;
  }
  return Verdict::Pass;
}

}  // namespace emu::net
