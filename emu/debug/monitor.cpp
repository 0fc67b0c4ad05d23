#include "emu/debug/monitor.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "emu/common/number.h"
#include "emu/debug/guest_memory.h"
#include "emu/machine/machine.h"
#include "emu/stats/stats_report.h"

namespace emu::debug {

namespace {

constexpr const char* kHelp =
    "monitor commands (they only look; nothing changes the run):\n"
    "  cycles             cycle count, instructions retired, simulated time\n"
    "  tlb                the 64 TLB entries (valid or global ones) and the current PID\n"
    "  cache PADDR        the I- and D-cache lines for physical address PADDR\n"
    "  stats              the run's counters so far, as --stats writes them (JSON)\n"
    "  phys PADDR [LEN]   LEN bytes (default 16, at most 4096) of physical memory\n"
    "                     (RAM, boot ROM, buffer RAM; device registers are not read)\n"
    "numbers: decimal or 0x hex\n";

std::string hex32(u32 v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08x", v);
  return b;
}

bool number(const std::string& w, u64 max, u64& out) {
  const ParsedNumber n = parse_number(w, 0, max, Radix::DecimalOrHex);
  out = n.value;
  return bool(n);
}

std::string cycles(Machine& m) {
  Cpu& c = m.cpu();
  std::ostringstream o;
  o << "cycles " << c.cycles() << ", instructions " << c.stats().instructions << ", simulated time "
    << double(c.cycles()) / double(m.profile().cpu_hz) << " s at " << m.profile().cpu_hz / 1e6 << " MHz\n";
  return o.str();
}

std::string tlb(Machine& m) {
  const Cpu& c = m.cpu();
  std::string s = "current PID " + std::to_string((c.cp0(cp0::kEntryHi) & cp0::kPidMask) >> cp0::kPidShift) + "\n";
  for (unsigned i = 0; i < Tlb::kEntries; ++i) {
    const TlbEntry& e = c.tlb().entry(i);
    if (!e.valid() && !e.global()) continue;
    char b[128];
    std::snprintf(b, sizeof b, "%2u  va 0x%08x pid %2u -> pa 0x%08x %s%s%s%s\n", i, e.vpn(), e.pid() >> cp0::kPidShift,
                  e.lo & cp0::kPfnMask, e.valid() ? "V" : "-", e.dirty() ? "D" : "-", e.global() ? "G" : "-",
                  e.noncacheable() ? "N" : "-");
    s += b;
  }
  return s;
}

std::string line_state(const char* name, const CacheArray& a, u32 pa) {
  std::string s = std::string(name) + " line " + std::to_string(a.index(pa)) + ": ";
  if (a.clean_hit(pa)) s += "holds " + hex32(pa & ~3u) + ", clean, word " + hex32(a.data(pa));
  else if (a.stale_hit(pa)) s += "holds " + hex32(pa & ~3u) + ", STALE (differs from memory), word " + hex32(a.data(pa));
  else s += "does not hold " + hex32(pa & ~3u);
  return s + "\n";
}

std::string cache(Machine& m, u32 pa) {
  const Cpu& c = m.cpu();
  std::string s = line_state("I-cache", c.icache(), pa) + line_state("D-cache", c.dcache(), pa);
  if (c.cp0(cp0::kStatus) & cp0::kSwC) s += "(Status.SwC: the arrays' roles are swapped)\n";
  return s;
}

std::string stats(Machine& m) {
  std::ostringstream o;
  RunSummary run;
  run.stop_reason = "running";
  write_stats_json(o, m, run, nullptr);
  return o.str();
}

std::string phys(Machine& m, u32 pa, u32 len) {
  std::vector<u8> b(len);
  const size_t got = read_physical(m, pa, b.data(), len);
  std::string s;
  for (size_t k = 0; k < got; k += 16) {
    s += hex32(u32(pa + k)) + ":";
    for (size_t j = k; j < got && j < k + 16; ++j) {
      char h[4];
      std::snprintf(h, sizeof h, " %02x", b[j]);
      s += h;
    }
    s += "\n";
  }
  if (got < len) s += "(no memory at " + hex32(u32(pa + got)) + ": nothing there, or a device)\n";
  return s;
}

}  // namespace

std::string monitor_command(Machine& m, const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> w;
  for (std::string t; in >> t;) w.push_back(t);
  if (w.empty() || w[0] == "help") return kHelp;
  u64 a = 0, n = 16;
  if (w[0] == "cycles" && w.size() == 1) return cycles(m);
  if (w[0] == "tlb" && w.size() == 1) return tlb(m);
  if (w[0] == "stats" && w.size() == 1) return stats(m);
  if (w[0] == "cache" && w.size() == 2 && number(w[1], 0xffffffffu, a)) return cache(m, u32(a));
  if (w[0] == "phys" && (w.size() == 2 || w.size() == 3) && number(w[1], 0xffffffffu, a) &&
      (w.size() == 2 || number(w[2], 4096, n)))
    return phys(m, u32(a), u32(n));
  return "monitor: '" + printable(line) + "' is not a command (monitor help lists them)\n";
}

}  // namespace emu::debug
