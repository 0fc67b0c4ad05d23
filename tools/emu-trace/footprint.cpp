// `emu-trace footprint`: how much code and data a stretch of the run touched — distinct
// cache lines and 4 KiB pages, instruction side (every PC issued) and data side (the MEM
// records: only in a trace recorded with the mem class). The stretch: the whole trace, a
// guest region (--region N: every interval between its begin and end, together), or from
// one guest marker to another (--from marker:N --to marker:N). Intervals are taken at
// block granularity: a marker's whole block counts as after it.
#include <iomanip>
#include <set>

#include "emu/common/error.h"
#include "emu/common/number.h"
#include "tools/emu-trace/commands.h"
#include "tools/emu-trace/trace_walk.h"

namespace emu::trace::tool {
namespace {

struct Side {
  std::set<u32> lines, pages;
  u64 refs = 0;
};

struct Footprint : TraceVisitor {
  enum class Mode { All, Region, Markers } mode = Mode::All;
  u64 region = 0, from = 0, to = 0;
  u32 line_bytes = 4;
  bool active = true;
  u64 intervals = 0, cycles = 0, instructions = 0, irefills = 0, dmisses = 0;
  Side i, d;

  void touch(Side& s, u32 pa) {
    ++s.refs;
    s.lines.insert(pa / line_bytes);
    s.pages.insert(pa >> 12);
  }
  void on_block(const InsnBlock& b) override {
    if (!active) return;
    cycles += b.cycles(), instructions += b.n;
    for (u32 k = 0; k < b.n; ++k) touch(i, b.pa + 4 * k);
    for (const auto& m : b.accesses)
      if (m.pa != kUnmappedPa && !(m.kind & kMemUncached)) touch(d, m.pa);
    for (const auto& m : b.misses) irefills += m.kind == u8(CacheKind::IRefill), dmisses += m.kind == u8(CacheKind::DMiss);
  }
  void set(bool on) {
    if (on && !active) ++intervals;
    active = on;
  }
  void on_record(const Record& r) override {
    if (mode == Mode::Region && r.type == RecordType::Region && r.a == region) set(r.kind == 0);
    if (mode == Mode::Markers && r.type == RecordType::Marker) {
      if (r.a == from) set(true);
      else if (r.a == to) set(false);
    }
    if (active && r.type == RecordType::Cycles) cycles += r.n;
  }
};

u64 marker_option(const Args& a, const std::string& name) {
  std::string v = a.values.at(name);
  if (v.rfind("marker:", 0) == 0) v = v.substr(7);
  return parse_number_or_throw(v, 0, ~u32(0), "--" + name, Radix::DecimalOrHex);
}

void side_json(std::ostream& out, const char* name, const Side& s, u32 line) {
  out << json_string(name) << ": {\"references\": " << s.refs << ", \"lines\": " << s.lines.size() << ", \"bytes\": "
      << u64(s.lines.size()) * line << ", \"pages\": " << s.pages.size() << "}";
}

}  // namespace

int footprint(const Args& a, std::ostream& out) {
  Footprint f;
  if (a.has("region") && (a.has("from") || a.has("to"))) throw UserError("footprint: --region excludes --from/--to");
  if (a.has("from") != a.has("to")) throw UserError("footprint: --from and --to go together");
  f.line_bytes = u32(number_option(a, "line", 4));
  if (f.line_bytes < 4 || f.line_bytes > 4096 || (f.line_bytes & (f.line_bytes - 1)))
    throw UserError("--line: '" + a.values.at("line") + "' is not a power of two from 4 to 4096");
  if (a.has("region")) f.mode = Footprint::Mode::Region, f.region = number_option(a, "region", 0), f.active = false;
  if (a.has("from")) f.mode = Footprint::Mode::Markers, f.from = marker_option(a, "from"), f.to = marker_option(a, "to"), f.active = false;
  if (f.mode == Footprint::Mode::All) f.intervals = 1;
  TraceReader reader(a.positional[0]);
  if (!reader.header().has(EventClass::Insn)) throw UserError(reader.path() + ": the trace has no instruction records (recorded without the insn class)");
  if (f.mode != Footprint::Mode::All && !reader.header().has(EventClass::Region))
    throw UserError(reader.path() + ": the trace has no region or marker records (recorded without the region class)");
  walk(reader, f);
  const bool mem = reader.header().has(EventClass::Mem);
  if (a.json) {
    out << "{\"intervals\": " << f.intervals << ", \"line_bytes\": " << f.line_bytes << ", \"instructions\": " << f.instructions
        << ", \"cycles\": " << f.cycles << ", \"icache_refills\": " << f.irefills << ", \"dcache_misses\": " << f.dmisses << ", ";
    side_json(out, "instruction", f.i, f.line_bytes);
    if (mem) side_json(out << ", ", "data", f.d, f.line_bytes);
    out << "}\n";
    return 0;
  }
  out << reader.path() << ": " << f.intervals << " interval(s), " << f.instructions << " instructions, " << f.cycles << " cycles\n";
  auto side = [&](const char* name, const Side& s) {
    out << "  " << std::left << std::setw(12) << name << std::right << s.lines.size() << " lines of " << f.line_bytes << " bytes ("
        << u64(s.lines.size()) * f.line_bytes << " bytes), " << s.pages.size() << " pages of 4 KiB, " << s.refs << " references\n";
  };
  side("instruction", f.i);
  if (mem) side("data", f.d);
  else out << "  data        not recorded (trace the mem class: --trace-events default,mem)\n";
  out << "  I-cache refills " << f.irefills << ", D-cache misses " << f.dmisses << "\n";
  return 0;
}

}  // namespace emu::trace::tool
