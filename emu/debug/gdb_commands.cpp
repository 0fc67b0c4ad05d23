#include "emu/debug/gdb_commands.h"

#include <cstdio>
#include <vector>

#include "emu/debug/guest_memory.h"
#include "emu/debug/monitor.h"
#include "emu/debug/registers.h"
#include "emu/debug/rsp_packet.h"
#include "emu/machine/machine.h"

namespace emu::debug {

namespace {

constexpr const char* kBadArguments = "E01";
constexpr const char* kNoMemory = "E14";  // EFAULT, as gdbserver answers
constexpr unsigned kSp = 29, kPcReg = 37;
constexpr size_t kMaxMemoryRead = (PacketReader::kMaxPacket - 16) / 2;

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// An address as GDB sends it: 32 bits, or 64 with the upper half a sign extension
// (`set architecture mips:3000` keeps them 32-bit; a 64-bit ABI setting does not).
bool parse_address(const std::string& s, u32& out) {
  u64 v;
  if (!parse_hex(s, v)) return false;
  const u64 hi = v >> 32;
  if (hi != 0 && !(hi == 0xffffffffu && (v & 0x80000000u))) return false;
  out = u32(v);
  return true;
}

// "ADDR,LEN" (then ':' or ',' and the rest).
bool parse_addr_len(const std::string& s, u32& addr, u32& len, std::string* rest = nullptr) {
  const size_t comma = s.find(',');
  if (comma == std::string::npos) return false;
  size_t end = s.find_first_of(":,", comma + 1);
  if (end == std::string::npos) {
    if (rest) return false;
    end = s.size();
  }
  u64 l;
  if (!parse_address(s.substr(0, comma), addr) || !parse_hex(s.substr(comma + 1, end - comma - 1), l) ||
      l > 0xffffffffu)
    return false;
  len = u32(l);
  if (rest) *rest = s.substr(end + 1);
  return true;
}

std::string hex2(unsigned v) {
  char b[4];
  std::snprintf(b, sizeof b, "%02x", v & 0xff);
  return b;
}

}  // namespace

std::string GdbCommands::stop_reply(int signal) {
  Cpu& cpu = m_.cpu();
  std::string r = "T" + hex2(unsigned(signal));
  if (signal == 5) {
    switch (points_.reason()) {
      case StopPoints::Reason::kWatchWrite: r += "watch:"; break;
      case StopPoints::Reason::kWatchRead: r += "rwatch:"; break;
      case StopPoints::Reason::kWatchAccess: r += "awatch:"; break;
      default: break;
    }
    if (r.back() == ':') {
      char b[16];
      std::snprintf(b, sizeof b, "%x;", points_.watch_address());
      r += b;
    }
  }
  // PC and SP ride along, so that GDB's first look at the stop needs no more packets.
  r += hex2(kPcReg) + ":" + le32_hex(cpu.debug_pc()) + ";" + hex2(kSp) + ":" + le32_hex(cpu.gpr(kSp)) + ";thread:1;";
  last_stop_ = r;
  return r;
}

std::string GdbCommands::exit_reply(int status) { return "W" + hex2(unsigned(status)); }

std::string GdbCommands::read_registers() {
  std::string s;
  for (unsigned n = 0; n < register_count(); ++n) {
    u32 v = 0;
    read_register(m_.cpu(), n, v);
    s += le32_hex(v);
  }
  return s;
}

std::string GdbCommands::write_registers(const std::string& hex) {
  if (hex.size() % 8 || hex.size() / 8 > register_count()) return kBadArguments;
  std::vector<u32> v(hex.size() / 8);
  for (size_t n = 0; n < v.size(); ++n)
    if (!parse_le32_hex(hex.substr(8 * n, 8), v[n])) return kBadArguments;
  for (size_t n = 0; n < v.size(); ++n) write_register(m_.cpu(), unsigned(n), v[n]);
  return "OK";
}

std::string GdbCommands::read_memory(const std::string& args) {
  u32 addr, len;
  if (!parse_addr_len(args, addr, len)) return kBadArguments;
  if (len > kMaxMemoryRead) len = u32(kMaxMemoryRead);  // a short answer is allowed
  std::vector<u8> b(len);
  const size_t got = read_virtual(m_, addr, b.data(), len);
  if (got == 0 && len > 0) return kNoMemory;
  return to_hex(b.data(), got);
}

std::string GdbCommands::write_memory(const std::string& args, bool binary) {
  u32 addr, len;
  std::string data, bytes;
  if (!parse_addr_len(args, addr, len, &data)) return kBadArguments;
  if (binary) bytes = data;
  else if (!hex_to_bytes(data, bytes)) return kBadArguments;
  if (bytes.size() != len) return kBadArguments;
  const size_t done = write_virtual(m_, addr, reinterpret_cast<const u8*>(bytes.data()), len);
  return done == len ? "OK" : kNoMemory;
}

// Z/z TYPE,ADDR,KIND: 0 and 1 breakpoints, 2 3 4 watchpoints of KIND bytes.
std::string GdbCommands::stop_point(const std::string& packet, bool insert) {
  const size_t comma = packet.find(',');
  if (packet.size() < 2 || comma != 2) return kBadArguments;
  const char type = packet[1];
  u32 addr, kind;
  // (A breakpoint's KIND may be followed by ;cond_list... which we do not offer.)
  const std::string rest = packet.substr(3, packet.find(';') == std::string::npos ? std::string::npos
                                                                                  : packet.find(';') - 3);
  if (!parse_addr_len(rest, addr, kind)) return kBadArguments;
  switch (type) {
    case '0':
    case '1':
      if (insert) points_.add_breakpoint(addr);
      else points_.remove_breakpoint(addr);
      return "OK";
    case '2':
    case '3':
    case '4': {
      const auto k = type == '2' ? StopPoints::WatchKind::kWrite
                     : type == '3' ? StopPoints::WatchKind::kRead
                                   : StopPoints::WatchKind::kAccess;
      if (insert) points_.add_watchpoint(k, addr, kind);
      else points_.remove_watchpoint(k, addr, kind);
      return "OK";
    }
    default: return "";  // not supported
  }
}

std::string GdbCommands::query(const std::string& p) {
  if (starts_with(p, "qSupported"))
    return "PacketSize=" + [] {
      char b[16];
      std::snprintf(b, sizeof b, "%zx", PacketReader::kMaxPacket);
      return std::string(b);
    }() + ";qXfer:features:read+;QStartNoAckMode+;vContSupported+";
  if (p == "QStartNoAckMode") {
    no_ack_ = true;
    return "OK";
  }
  if (starts_with(p, "qXfer:features:read:")) {
    const std::string args = p.substr(20);
    const size_t colon = args.find(':');
    if (colon == std::string::npos || args.substr(0, colon) != "target.xml") return "E00";
    u32 off, len;
    if (!parse_addr_len(args.substr(colon + 1), off, len)) return kBadArguments;
    const std::string& xml = target_xml();
    if (off >= xml.size()) return "l";
    const size_t n = std::min<size_t>({len, xml.size() - off, PacketReader::kMaxPacket / 2});
    return (off + n >= xml.size() ? "l" : "m") + xml.substr(off, n);
  }
  if (starts_with(p, "qRcmd,")) {
    std::string line;
    if (!hex_to_bytes(p.substr(6), line)) return kBadArguments;
    std::string out = monitor_command(m_, line);
    if (out.size() > kMaxMemoryRead) out = out.substr(0, kMaxMemoryRead - 40) + "\n(output cut)\n";
    return to_hex(out);
  }
  if (p == "qAttached") return "1";
  if (p == "qC") return "QC1";
  if (p == "qfThreadInfo") return "m1";
  if (p == "qsThreadInfo") return "l";
  if (starts_with(p, "qSymbol")) return "OK";
  return "";
}

GdbCommands::Reply GdbCommands::resume(const std::string& p) {
  Reply r;
  r.send = false;
  char action = p[0];
  std::string addr = p.substr(1);
  if (starts_with(p, "vCont;")) {
    action = p.size() > 6 ? p[6] : '?';
    addr.clear();
  } else if (action == 'C' || action == 'S') {
    // C sig[;addr]: the signal means nothing to a bare machine.
    const size_t semi = p.find(';');
    addr = semi == std::string::npos ? "" : p.substr(semi + 1);
  }
  if (action == 'C') action = 'c';
  if (action == 'S') action = 's';
  if (action != 'c' && action != 's') return {kBadArguments};
  if (!addr.empty()) {
    u32 a;
    if (!parse_address(addr, a)) return {kBadArguments};
    m_.cpu().debug_set_pc(a);
  }
  r.resume = action == 's' ? Resume::kStep : Resume::kContinue;
  return r;
}

GdbCommands::Reply GdbCommands::handle(const std::string& p) {
  if (p.empty()) return {""};
  switch (p[0]) {
    case '?': return {last_stop_};
    case 'g': return {p.size() == 1 ? read_registers() : kBadArguments};
    case 'G': return {write_registers(p.substr(1))};
    case 'p': {
      u64 n;
      u32 v;
      if (!parse_hex(p.substr(1), n) || n > 0xffff || !read_register(m_.cpu(), unsigned(n), v)) return {kBadArguments};
      return {le32_hex(v)};
    }
    case 'P': {
      const size_t eq = p.find('=');
      u64 n;
      u32 v;
      if (eq == std::string::npos || !parse_hex(p.substr(1, eq - 1), n) || n > 0xffff ||
          !parse_le32_hex(p.substr(eq + 1), v) || !write_register(m_.cpu(), unsigned(n), v))
        return {kBadArguments};
      return {"OK"};
    }
    case 'm': return {read_memory(p.substr(1))};
    case 'M': return {write_memory(p.substr(1), false)};
    case 'X': return {write_memory(p.substr(1), true)};
    case 'Z': return {stop_point(p, true)};
    case 'z': return {stop_point(p, false)};
    case 'c':
    case 's':
    case 'C':
    case 'S': return resume(p);
    case 'D': return {"OK", true, Resume::kDetach};
    case 'k': return {"", false, Resume::kKill};
    case 'H':
    case 'T': return {"OK"};
    case 'q':
    case 'Q': return {query(p)};
    case 'v':
      if (p == "vCont?") return {"vCont;c;C;s;S"};
      if (starts_with(p, "vCont;")) return resume(p);
      if (starts_with(p, "vKill")) return {"OK", true, Resume::kKill};
      return {""};
    default: return {""};
  }
}

}  // namespace emu::debug
