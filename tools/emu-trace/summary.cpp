// `emu-trace summary`: per machine (one trace file each) and per guest task, instructions
// and cycles by cause; exceptions, TLB misses, cache misses and frames.
#include <cstdio>
#include <iomanip>
#include <map>
#include <optional>

#include "emu/cpu/cp0.h"
#include "emu/common/error.h"
#include "tools/emu-trace/commands.h"
#include "tools/emu-trace/trace_walk.h"
#include "tools/emu-trace/window.h"

namespace emu::trace::tool {
namespace {

constexpr s64 kNoTask = -1;  // before the guest's first context record

struct Counts {
  u64 instructions = 0;  // retired
  std::vector<u64> causes;
  u64 cycles() const {
    u64 c = 0;
    for (u64 v : causes) c += v;
    return c;
  }
};

struct MachineSummary : TraceVisitor {
  MachineSummary(TraceReader& r, const Window* w) : reader(r), h(r.header()), window(w) {}
  TraceReader& reader;
  const TraceHeader& h;
  const Window* window;  // --region: count only what falls in it
  Coverage cover;
  Counts all;
  std::map<s64, Counts> tasks;
  s64 task = kNoTask;
  std::map<unsigned, u64> exceptions;
  u64 tlb_misses = 0, frames_sent = 0, frames_received = 0, markers = 0, regions = 0;
  std::array<u64, 4> misses{};

  // What the trace covers (its COUNTERS), or with --region what fell in the region.
  u64 instructions() const { return window ? all.instructions : cover.instructions; }
  u64 cycles() const { return window ? all.cycles() : cover.cycles(); }
  const std::vector<u64>& causes() const { return window ? all.causes : cover.causes; }

  void charge(Counts& c, unsigned cause, u64 n) {
    if (c.causes.size() <= cause) c.causes.resize(std::max<size_t>(cause + 1, h.causes.size()));
    c.causes[cause] += n;
  }
  void on_block(const InsnBlock& b) override {
    if (window) return on_block_in_window(b);
    Counts& t = tasks[task];
    u64 retired = b.n - (b.faulted ? 1 : 0);
    all.instructions += retired, t.instructions += retired;
    charge(all, 0, b.n), charge(t, 0, b.n);  // cause 0 is issue (cycle_cause.h)
    for (const auto& s : b.stalls) charge(all, s.cause, s.cycles), charge(t, s.cause, s.cycles);
    for (const auto& m : b.misses)
      if (m.kind < misses.size()) ++misses[m.kind];
  }
  // Instruction by instruction: instruction k issues after the cycles of those before it.
  void on_block_in_window(const InsnBlock& b) {
    Counts& t = tasks[task];
    u64 time = b.time;
    size_t si = 0;
    for (u32 k = 0; k < b.n; ++k) {
      u64 c = 1;
      std::vector<std::pair<u8, u64>> st;
      for (; si < b.stalls.size() && b.stalls[si].k == k; ++si) st.push_back({b.stalls[si].cause, b.stalls[si].cycles}), c += b.stalls[si].cycles;
      if (window->contains(time)) {
        u64 retired = k + 1 == b.n && b.faulted ? 0 : 1;
        all.instructions += retired, t.instructions += retired;
        charge(all, 0, 1), charge(t, 0, 1);
        for (auto [cause, n] : st) charge(all, cause, n), charge(t, cause, n);
        for (const auto& m : b.misses)
          if (m.k == k && m.kind < misses.size()) ++misses[m.kind];
      }
      time += c;
    }
  }
  void on_record(const Record& r) override {
    cover.add(r);
    if (window && !window->contains(r.time)) return;
    switch (r.type) {
      case RecordType::Cycles:
        charge(all, r.cause, r.n), charge(tasks[task], r.cause, r.n);
        break;
      case RecordType::Exc:
        ++exceptions[r.kind];
        if (r.flags & kExcUtlb) ++tlb_misses;
        break;
      case RecordType::Context: task = s64(r.a >> 16); break;
      case RecordType::Frame: ++(r.kind == u8(FrameDir::Sent) ? frames_sent : frames_received); break;
      case RecordType::Marker: ++markers; break;
      case RecordType::Region: regions += r.kind == 0; break;
      default: break;
    }
  }
};

const char* const kMissNames[4] = {"icache_refill", "dcache_miss", "uncached_fetch", "uncached_load"};

std::string exc_name(unsigned code) { return code < cp0::kExcCount ? cp0::exception_name(code) : "code" + std::to_string(code); }

void write_causes_json(std::ostream& out, const TraceHeader& h, const std::vector<u64>& causes) {
  out << "{";
  for (size_t i = 0; i < causes.size(); ++i) out << (i ? ", " : "") << json_string(cause_name(h, unsigned(i))) << ": " << causes[i];
  out << "}";
}

void write_json(std::ostream& out, const std::vector<std::unique_ptr<MachineSummary>>& ms, const Window* w) {
  u64 insns = 0, cycles = 0;
  for (const auto& m : ms) insns += m->instructions(), cycles += m->cycles();
  out << "{\n  \"instructions\": " << insns << ",\n  \"cycles\": " << cycles << ",\n";
  if (w) out << "  \"region_intervals\": " << w->intervals() << ", \"region_from\": " << json_string(w->source()) << ",\n";
  out << "  \"machines\": [";
  for (size_t i = 0; i < ms.size(); ++i) {
    const MachineSummary& m = *ms[i];
    out << (i ? "," : "") << "\n    {\"file\": " << json_string(m.reader.path()) << ", \"machine\": " << json_string(m.h.machine)
        << ", \"node\": " << m.h.node << ", \"instance\": " << m.h.instance << ", \"mac\": " << json_string(m.h.mac)
        << ", \"cpu_hz\": " << m.h.cpu_hz << ",\n     \"instructions\": " << m.instructions()
        << ", \"faulted\": " << m.cover.faulted << ", \"cycles\": " << m.cycles() << ", \"cycles_by_cause\": ";
    write_causes_json(out, m.h, m.causes());
    out << ",\n     \"traced_instructions\": " << m.all.instructions << ", \"traced_cycles\": " << m.all.cycles()
        << ", \"traced_cycles_by_cause\": ";
    write_causes_json(out, m.h, m.all.causes);
    out << ",\n     \"exceptions\": {";
    bool first = true;
    for (auto [code, n] : m.exceptions) out << (first ? "" : ", ") << json_string(exc_name(code)) << ": " << n, first = false;
    out << "}, \"tlb_misses\": " << m.tlb_misses << ", \"misses\": {";
    for (size_t k = 0; k < 4; ++k) out << (k ? ", " : "") << '"' << kMissNames[k] << "\": " << m.misses[k];
    out << "}, \"frames_sent\": " << m.frames_sent << ", \"frames_received\": " << m.frames_received
        << ", \"regions\": " << m.regions << ", \"markers\": " << m.markers << ",\n     \"tasks\": [";
    first = true;
    for (const auto& [task, c] : m.tasks) {
      out << (first ? "" : ",") << "\n       {\"task\": " << task << ", \"instructions\": " << c.instructions
          << ", \"cycles\": " << c.cycles() << ", \"cycles_by_cause\": ";
      write_causes_json(out, m.h, c.causes);
      out << "}";
      first = false;
    }
    out << "]}";
  }
  out << "\n  ]\n}\n";
}

// One row: the count, its share, and with --region its mean per interval.
void pct_line(std::ostream& out, const std::string& name, u64 n, u64 total, const Window* w) {
  out << "    " << std::left << std::setw(16) << name << std::right << std::setw(14) << n << std::setw(8) << std::fixed
      << std::setprecision(1) << (total ? 100.0 * double(n) / double(total) : 0.0) << "%";
  if (w) out << std::setw(12) << std::setprecision(1) << double(n) / double(w->intervals()) << " per interval";
  out << "\n";
}

void write_text(std::ostream& out, const MachineSummary& m) {
  const Window* w = m.window;
  char mhz[32];
  std::snprintf(mhz, sizeof mhz, "%.3f MHz", double(m.h.cpu_hz) / 1e6);
  out << m.reader.path() << ": machine " << m.h.node << " (" << m.h.machine << ", " << mhz
      << (m.h.mac.empty() ? "" : ", " + m.h.mac) << ")\n";
  if (w) out << "  in region intervals of " << w->source() << " (" << w->intervals() << "):\n";
  out << "  instructions " << m.instructions();
  if (!w) out << " (" << m.cover.faulted << " faulted)";
  out << ", cycles " << m.cycles() << ", CPI " << std::fixed << std::setprecision(3)
      << (m.instructions() ? double(m.cycles()) / double(m.instructions()) : 0.0) << "\n";
  if (!m.h.has(EventClass::Insn)) out << "  (no instruction records: cycles by cause are the counters')\n";
  out << "  cycles by cause:\n";
  for (size_t i = 0; i < m.causes().size(); ++i)
    if (m.causes()[i]) pct_line(out, cause_name(m.h, unsigned(i)), m.causes()[i], m.cycles(), w);
  out << "  exceptions:";
  for (auto [code, n] : m.exceptions) out << " " << exc_name(code) << " " << n;
  out << (m.exceptions.empty() ? " none" : "") << " (TLB misses " << m.tlb_misses << ")\n";
  out << "  misses:";
  for (size_t k = 0; k < 4; ++k) out << " " << kMissNames[k] << " " << m.misses[k];
  out << "\n  frames sent " << m.frames_sent << ", received " << m.frames_received << "; regions " << m.regions
      << ", markers " << m.markers << "\n";
  if (m.h.has(EventClass::Insn) && !(m.tasks.size() == 1 && m.tasks.begin()->first == kNoTask)) {
    out << "  per task (guest context records):\n";
    for (const auto& [task, c] : m.tasks) {
      std::string name = task == kNoTask ? "before any" : "task " + std::to_string(task);
      out << "    " << std::left << std::setw(12) << name << std::right << std::setw(12) << c.instructions << " instructions"
          << std::setw(14) << c.cycles() << " cycles" << std::setw(8) << std::setprecision(1)
          << (m.all.cycles() ? 100.0 * double(c.cycles()) / double(m.all.cycles()) : 0.0) << "%\n";
    }
  }
}

}  // namespace

int summary(const Args& a, std::ostream& out) {
  std::vector<std::unique_ptr<TraceReader>> readers;
  std::vector<std::unique_ptr<MachineSummary>> ms;
  std::optional<Window> window;
  if (a.has("region")) window = Window::region(a.positional, number_option(a, "region", 0));
  for (const std::string& path : a.positional) {
    readers.push_back(std::make_unique<TraceReader>(path));
    const TraceHeader& h = readers.back()->header();
    if (window) {
      if (!h.has(EventClass::Insn)) throw UserError(path + ": the trace has no instruction records (recorded without the insn class)");
      if (h.cpu_hz == 0) throw UserError(path + ": the header gives no CPU clock");
      window->use_clock(h.cpu_hz);
    }
    ms.push_back(std::make_unique<MachineSummary>(*readers.back(), window ? &*window : nullptr));
    walk(*readers.back(), *ms.back());
  }
  if (a.json) {
    write_json(out, ms, window ? &*window : nullptr);
  } else {
    for (const auto& m : ms) write_text(out, *m);
  }
  return 0;
}

}  // namespace emu::trace::tool
