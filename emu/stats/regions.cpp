#include "emu/stats/regions.h"

#include <algorithm>
#include <iomanip>

#include "emu/common/error.h"
#include "emu/common/number.h"
#include "emu/cpu/cpu.h"
#include "emu/cpu/instruction.h"

namespace emu {

std::pair<u32, std::string> parse_region_name(const std::string& spec) {
  const size_t eq = spec.find('=');
  if (eq == std::string::npos)
    throw UserError("--region-name: '" + printable(spec) + "' should look like 3=syscall (N=NAME)");
  const u32 id = u32(parse_number_or_throw(spec.substr(0, eq), 0, 0xffffffffu, "--region-name: region number",
                                           Radix::DecimalOrHex));
  const std::string name = spec.substr(eq + 1);
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name)
    ok &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          std::string_view("_.:+/-").find(c) != std::string_view::npos;
  if (!ok)
    throw UserError("--region-name: name '" + printable(name) +
                    "' should be 1 to 64 letters, digits or _ . : + / - (as in 3=syscall)");
  return {id, name};
}

const std::vector<CounterField>& timing_counter_fields() {
  static const std::vector<CounterField> f = {
      {"ifetch_misses", &TimingCounters::ifetch_misses},
      {"ifetch_refill_words", &TimingCounters::ifetch_refill_words},
      {"ifetch_uncached", &TimingCounters::ifetch_uncached},
      {"dload_cached", &TimingCounters::dload_cached},
      {"dload_misses", &TimingCounters::dload_misses},
      {"dload_uncached", &TimingCounters::dload_uncached},
      {"dstore_cached", &TimingCounters::dstore_cached},
      {"dstore_uncached", &TimingCounters::dstore_uncached},
      {"device_reads", &TimingCounters::device_reads},
      {"device_writes", &TimingCounters::device_writes},
      {"wb_full_stalls", &TimingCounters::wb_full_stalls},
      {"wb_full_cycles", &TimingCounters::wb_full_cycles},
      {"wb_drain_cycles", &TimingCounters::wb_drain_cycles},
      {"refill_cycles", &TimingCounters::refill_cycles},
      {"device_cycles", &TimingCounters::device_cycles},
      {"hilo_stall_cycles", &TimingCounters::hilo_stall_cycles},
      {"fpu_stall_cycles", &TimingCounters::fpu_stall_cycles},
      {"exception_cycles", &TimingCounters::exception_cycles},
      {"stale_loads", &TimingCounters::stale_loads},
      {"stale_fetches", &TimingCounters::stale_fetches},
  };
  return f;
}

TimingCounters counter_delta(const TimingCounters& a, const TimingCounters& b) {
  TimingCounters d;
  for (const auto& f : timing_counter_fields()) d.*f.member = b.*f.member - a.*f.member;
  return d;
}

void counter_add(TimingCounters& into, const TimingCounters& d) {
  for (const auto& f : timing_counter_fields()) into.*f.member += d.*f.member;
}

void write_causes_json(std::ostream& out, const CycleCauses& c) {
  out << '{';
  for (unsigned k = 0; k < kCycleCauseCount; ++k)
    out << (k ? ", " : "") << '"' << kCycleCauses[k].name << "\": " << c.cycles[k];
  out << '}';
}
void write_causes_csv_header(std::ostream& out) {
  for (const auto& info : kCycleCauses) out << ",cycles_" << info.name;
}
void write_causes_csv(std::ostream& out, const CycleCauses& c) {
  for (u64 v : c.cycles) out << ',' << v;
}

Cycles RegionStats::total() const {
  Cycles t = 0;
  for (Cycles c : durations) t += c;
  return t;
}
template <class T>
Spread spread(const std::vector<T>& v) {
  if (v.empty()) return {};
  std::vector<T> s = v;
  const size_t k = (s.size() - 1) / 2;
  std::nth_element(s.begin(), s.begin() + k, s.end());
  return Spread{u64(*std::min_element(v.begin(), v.end())), u64(s[k]), u64(*std::max_element(v.begin(), v.end()))};
}
template Spread spread(const std::vector<u32>&);
template Spread spread(const std::vector<u64>&);

Cycles RegionStats::min() const { return spread(durations).min; }
Cycles RegionStats::max() const { return spread(durations).max; }
Cycles RegionStats::median() const { return spread(durations).median; }

RegionRecorder::RegionRecorder(Cpu& cpu) : cpu_(cpu) {}
RegionRecorder::~RegionRecorder() {
  if (open_) cpu_.set_footprint(nullptr);
}

void RegionRecorder::on_emu_op(unsigned op, u32 value) {
  if (op == mips::kEmuRegionBegin) begin(value);
  else if (op == mips::kEmuRegionEnd) end(value);
}

RegionSnapshot RegionRecorder::snapshot() const {
  return RegionSnapshot{cpu_.cycles(), cpu_.instret_at_op(), cpu_.memory_system().counters,
                        cpu_.cycle_causes(cpu_.instret_at_op()), Footprint::Mark{}};
}

void RegionRecorder::begin(u32 id) {
  RegionStats& r = regions_[id];
  if (r.open) ++r.restarts;
  else if (open_++ == 0) cpu_.set_footprint(&footprint_);
  r.open = true;
  r.start = snapshot();
  r.start.footprint = footprint_.open();
}

void RegionRecorder::end(u32 id) {
  RegionStats& r = regions_[id];
  if (!r.open) {
    ++r.stray_ends;
    return;
  }
  const RegionSnapshot now = snapshot();
  r.open = false;
  r.durations.push_back(now.cycles - r.start.cycles);
  r.instructions += now.instructions - r.start.instructions;
  counter_add(r.counters, counter_delta(r.start.counters, now.counters));
  r.causes += now.causes - r.start.causes;
  const Footprint::Lines lines =
      footprint_.count_since(r.start.footprint, cpu_.icache().lines(), cpu_.dcache().lines());
  r.i_lines.push_back(lines.i);
  r.d_lines.push_back(lines.d);
  r.i_conflicts.push_back(lines.i_conflicts);
  r.d_conflicts.push_back(lines.d_conflicts);
  if (--open_ == 0) {
    cpu_.set_footprint(nullptr);
    footprint_.clear();
  }
}

// Footprint as bytes.
static Spread bytes(const std::vector<u32>& lines) {
  Spread s = spread(lines);
  return Spread{s.min * Footprint::kLineBytes, s.median * Footprint::kLineBytes, s.max * Footprint::kLineBytes};
}

static double us(Cycles c, u64 hz) { return double(c) * 1e6 / double(hz); }

void RegionRecorder::write_table(std::ostream& out, u64 hz) const {
  out << "regions (cycles; microseconds at " << std::fixed << std::setprecision(3) << hz / 1e6 << " MHz):\n";
  out << "  region          count        total          min       median          max   median us"
         "  I bytes  D bytes\n";
  for (const auto& [id, r] : regions_) {
    if (r.durations.empty() && !r.open && !r.restarts && !r.stray_ends) continue;  // named, never marked
    std::string label = std::to_string(id) + (r.name.empty() ? "" : " " + r.name);
    out << "  " << std::left << std::setw(12) << label << std::right << std::setw(9) << r.durations.size()
        << std::setw(13) << r.total() << std::setw(13) << r.min() << std::setw(13) << r.median() << std::setw(13)
        << r.max() << std::setw(12) << std::setprecision(2) << us(r.median(), hz) << std::setw(9)
        << bytes(r.i_lines).median << std::setw(9) << bytes(r.d_lines).median;
    if (r.restarts || r.stray_ends || r.open)
      out << "  (" << r.restarts << " restarts, " << r.stray_ends << " stray ends" << (r.open ? ", still open" : "")
          << ")";
    out << '\n';
  }
  out << std::defaultfloat;
}

void RegionRecorder::write_json(std::ostream& out, u64 hz, const std::string& in) const {
  out << "[";
  bool first = true;
  for (const auto& [id, r] : regions_) {
    out << (first ? "" : ",") << "\n" << in << "  {\"id\": " << id << ", \"name\": \"" << r.name << "\", \"count\": "
        << r.durations.size() << ", \"total_cycles\": " << r.total() << ", \"min_cycles\": " << r.min()
        << ", \"median_cycles\": " << r.median() << ", \"max_cycles\": " << r.max() << ", \"median_us\": "
        << std::setprecision(9) << us(r.median(), hz) << ", \"total_us\": " << us(r.total(), hz)
        << ", \"instructions\": " << r.instructions << ", \"restarts\": " << r.restarts << ", \"stray_ends\": "
        << r.stray_ends << ",\n" << in << "   \"counters\": {";
    bool f2 = true;
    for (const auto& f : timing_counter_fields()) {
      out << (f2 ? "" : ", ") << '"' << f.name << "\": " << r.counters.*f.member;
      f2 = false;
    }
    out << "},\n" << in << "   \"cycles_by_cause\": ";
    write_causes_json(out, r.causes);
    const Spread ib = bytes(r.i_lines), db = bytes(r.d_lines);
    out << ",\n" << in << "   \"footprint\": {\"line_bytes\": " << Footprint::kLineBytes << ", \"i_bytes_min\": " << ib.min
        << ", \"i_bytes_median\": " << ib.median << ", \"i_bytes_max\": " << ib.max << ", \"d_bytes_min\": " << db.min
        << ", \"d_bytes_median\": " << db.median << ", \"d_bytes_max\": " << db.max
        << ", \"i_conflict_lines_median\": " << spread(r.i_conflicts).median
        << ", \"d_conflict_lines_median\": " << spread(r.d_conflicts).median << ",\n" << in << "     \"i_lines\": [";
    for (size_t k = 0; k < r.i_lines.size(); ++k) out << (k ? ", " : "") << r.i_lines[k];
    out << "],\n" << in << "     \"d_lines\": [";
    for (size_t k = 0; k < r.d_lines.size(); ++k) out << (k ? ", " : "") << r.d_lines[k];
    out << "]}";
    out << ",\n" << in << "   \"cycles\": [";
    for (size_t k = 0; k < r.durations.size(); ++k) out << (k ? ", " : "") << r.durations[k];
    out << "]}";
    first = false;
  }
  out << "\n" << in << "]";
}

void RegionRecorder::write_csv_header(std::ostream& out) {
  out << "node,region,name,count,total_cycles,min_cycles,median_cycles,max_cycles,median_us,instructions";
  for (const auto& f : timing_counter_fields()) out << ',' << f.name;
  write_causes_csv_header(out);
  out << ",i_bytes_min,i_bytes_median,i_bytes_max,d_bytes_min,d_bytes_median,d_bytes_max,i_conflict_lines_median,"
         "d_conflict_lines_median\n";
}

void RegionRecorder::write_csv(std::ostream& out, u64 hz, unsigned node) const {
  for (const auto& [id, r] : regions_) {
    out << node << ',' << id << ',' << r.name << ',' << r.durations.size() << ',' << r.total() << ',' << r.min() << ',' << r.median()
        << ',' << r.max() << ',' << std::setprecision(9) << us(r.median(), hz) << ',' << r.instructions;
    for (const auto& f : timing_counter_fields()) out << ',' << r.counters.*f.member;
    write_causes_csv(out, r.causes);
    const Spread ib = bytes(r.i_lines), db = bytes(r.d_lines);
    out << ',' << ib.min << ',' << ib.median << ',' << ib.max << ',' << db.min << ',' << db.median << ',' << db.max
        << ',' << spread(r.i_conflicts).median << ',' << spread(r.d_conflicts).median << '\n';
  }
}

namespace {
void snapshot_state(StateIo& io, RegionSnapshot& s) {
  io.pod(s.cycles);
  io.pod(s.instructions);
  io.pod(s.counters);
  io.pod(s.causes);
}
}  // namespace

void RegionRecorder::state(StateIo& io) {
  io.section("regions");
  const size_t n = io.count(regions_.size(), 1u << 20);
  if (io.loading()) regions_.clear();
  auto one = [&](u32 id, RegionStats& r) {
    io.pod(id);
    io.str(r.name, 64);
    io.vec(r.durations, size_t(1) << 32);
    io.pod(r.instructions);
    io.pod(r.counters);
    io.pod(r.causes);
    io.pod(r.restarts);
    io.pod(r.stray_ends);
    io.boolean(r.open);
    snapshot_state(io, r.start);
    return id;
  };
  if (!io.loading()) {
    for (auto& [id, r] : regions_) one(id, r);
    return;
  }
  for (size_t k = 0; k < n; ++k) {
    RegionStats r;
    const u32 id = one(0, r);
    io.check(!regions_.count(id), "a region is saved twice");
    regions_[id] = std::move(r);
  }
}

}  // namespace emu
