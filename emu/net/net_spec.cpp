// Parsing listen=/connect=/tap= specs: see net_spec.h.
#include "emu/net/net_spec.h"

#include "emu/common/number.h"
#include "emu/net/socket_util.h"

namespace emu::net {

namespace {
// Linux limits: IFNAMSIZ - 1 (netdevice(7)); sizeof sockaddr_un::sun_path - 1 (unix(7)).
constexpr size_t kMaxInterfaceName = 15, kMaxUnixPath = 107;
}  // namespace

NetSpec parse_net_spec(const std::string& spec, const LinkOptions& defaults) {
  NetSpec n;
  n.options = defaults;
  auto bad = [&](const std::string& why) -> NetError {
    return NetError("bad network spec '" + printable(spec) + "': " + why + " (want listen=ADDR, connect=ADDR or tap=IFNAME)");
  };
  size_t eq = spec.find('=');
  if (eq == std::string::npos) throw bad("no '='");
  std::string kind = spec.substr(0, eq);
  if (kind == "listen") n.kind = NetSpec::Kind::Listen;
  else if (kind == "connect") n.kind = NetSpec::Kind::Connect;
  else if (kind == "tap") n.kind = NetSpec::Kind::Tap;
  else throw bad("unknown kind '" + printable(kind) + "'");
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
    if (key == "timeout") {
      const ParsedFraction s = parse_fraction(val, 0.001, 999999);
      if (!s) throw bad("timeout '" + printable(val) + "' " + s.problem + " (seconds)");
      n.options.timeout = std::chrono::milliseconds(long(s.value * 1000 + 0.5));
    } else if (key == "shm") {
      if (val != "on" && val != "off") throw bad("shm must be on or off");
      n.options.allow_shm = val == "on";
    } else if (key == "spin") {
      const ParsedNumber us = parse_number(val, 0, 1'000'000);
      if (!us) throw bad("spin '" + printable(val) + "' " + us.problem + " (microseconds)");
      n.options.spin = std::chrono::microseconds(us.value);
    } else {
      throw bad("unknown option '" + printable(opt) + "'");
    }
  }
  if (n.kind == NetSpec::Kind::Tap) {
    if (rest.find(',') != std::string::npos) throw bad("options do not apply to tap=");
    if (n.target.size() >= kMaxInterfaceName + 1) throw bad("interface name longer than 15 characters");
    return n;
  }
  // The address, checked now so that a typo is refused before anything waits on it.
  const SocketAddress a = parse_socket_address(n.target);
  if (a.unix_socket && a.path.size() > kMaxUnixPath)
    throw bad("Unix socket path longer than " + std::to_string(kMaxUnixPath) + " bytes");
  if (!a.unix_socket && a.port == 0 && n.kind == NetSpec::Kind::Connect)
    throw bad("port 0 means any free port: only for listen=");
  return n;
}

}  // namespace emu::net
