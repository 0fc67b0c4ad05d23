// Parsing listen=/connect=/tap= specs: see net_spec.h.
#include "emu/net/net_spec.h"

#include <cstdlib>

namespace emu::net {

NetSpec parse_net_spec(const std::string& spec, const LinkOptions& defaults) {
  NetSpec n;
  n.options = defaults;
  auto bad = [&](const std::string& why) -> NetError {
    return NetError("bad network spec '" + spec + "': " + why + " (want listen=ADDR, connect=ADDR or tap=IFNAME)");
  };
  size_t eq = spec.find('=');
  if (eq == std::string::npos) throw bad("no '='");
  std::string kind = spec.substr(0, eq);
  if (kind == "listen") n.kind = NetSpec::Kind::Listen;
  else if (kind == "connect") n.kind = NetSpec::Kind::Connect;
  else if (kind == "tap") n.kind = NetSpec::Kind::Tap;
  else throw bad("unknown kind '" + kind + "'");
  std::string rest = spec.substr(eq + 1);
  size_t comma = rest.find(',');
  n.target = rest.substr(0, comma);
  if (n.target.empty()) throw bad("empty address");
  while (comma != std::string::npos) {
    size_t next = rest.find(',', comma + 1);
    std::string opt = rest.substr(comma + 1, next == std::string::npos ? std::string::npos : next - comma - 1);
    comma = next;
    size_t oeq = opt.find('=');
    std::string key = opt.substr(0, oeq), val = oeq == std::string::npos ? "" : opt.substr(oeq + 1);
    char* end = nullptr;
    if (key == "timeout") {
      double s = std::strtod(val.c_str(), &end);
      if (val.empty() || *end || !(s > 0 && s < 1e6)) throw bad("timeout must be a positive number of seconds");
      n.options.timeout = std::chrono::milliseconds(long(s * 1000 + 0.5) ? long(s * 1000 + 0.5) : 1);
    } else if (key == "shm") {
      if (val != "on" && val != "off") throw bad("shm must be on or off");
      n.options.allow_shm = val == "on";
    } else if (key == "spin") {
      long us = std::strtol(val.c_str(), &end, 10);
      if (val.empty() || *end || us < 0 || us > 1'000'000) throw bad("spin must be 0..1000000 microseconds");
      n.options.spin = std::chrono::microseconds(us);
    } else {
      throw bad("unknown option '" + opt + "'");
    }
  }
  if (n.kind == NetSpec::Kind::Tap && n.target.find(',') != std::string::npos) throw bad("options do not apply to tap=");
  return n;
}

}  // namespace emu::net
