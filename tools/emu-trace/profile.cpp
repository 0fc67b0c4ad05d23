// `emu-trace profile`: cycles per function, flat (self) and inclusive (self and callees),
// with the causes of the self cycles split out; as a table, JSON, or folded stacks
// ("a;b;c CYCLES" lines, what flamegraph.pl and speedscope read).
#include <algorithm>
#include <iomanip>
#include <optional>

#include "emu/common/error.h"
#include "tools/emu-trace/call_tree.h"
#include "tools/emu-trace/commands.h"

namespace emu::trace::tool {
namespace {

struct Row {
  u32 function = 0;
  u64 self = 0, inclusive = 0, instructions = 0;
  std::vector<u64> causes;
};

struct Profiler : TraceVisitor {
  Profiler(CodeMap& code, const Window* w) : tree(code, w) {}
  CallTree tree;
  Coverage cover;
  void on_block(const InsnBlock& b) override { tree.on_block(b); }
  void on_record(const Record& r) override {
    cover.add(r);
    tree.on_record(r);
  }
};

// Inclusive cycles of every node (self plus its subtree); nodes are created after their
// parents, so one backward pass adds each node into its parent.
std::vector<u64> subtree_cycles(const std::vector<CallNode>& nodes) {
  std::vector<u64> inc(nodes.size());
  for (size_t i = nodes.size(); i-- > 0;) {
    inc[i] += nodes[i].self();
    if (i != CallTree::kRoot) inc[nodes[i].parent] += inc[i];
  }
  return inc;
}

std::vector<Row> rows(const CallTree& tree, size_t nfunctions) {
  const auto& nodes = tree.nodes();
  std::vector<u64> inc = subtree_cycles(nodes);
  std::vector<Row> r(nfunctions);
  for (size_t f = 0; f < nfunctions; ++f) r[f].function = u32(f);
  for (size_t i = 1; i < nodes.size(); ++i) {
    Row& row = r[nodes[i].function];
    row.self += nodes[i].self(), row.instructions += nodes[i].instructions;
    if (row.causes.size() < nodes[i].causes.size()) row.causes.resize(nodes[i].causes.size());
    for (size_t c = 0; c < nodes[i].causes.size(); ++c) row.causes[c] += nodes[i].causes[c];
    // Inclusive: count a subtree once, at its outermost node of that function (recursion).
    bool outer = true;
    for (u32 p = nodes[i].parent; p != CallTree::kRoot && outer; p = nodes[p].parent) outer = nodes[p].function != nodes[i].function;
    if (outer) row.inclusive += inc[i];
  }
  std::erase_if(r, [](const Row& x) { return x.inclusive == 0; });
  std::sort(r.begin(), r.end(), [](const Row& a, const Row& b) { return a.self != b.self ? a.self > b.self : a.inclusive > b.inclusive; });
  return r;
}

void folded(std::ostream& out, const CallTree& tree, const CodeMap& code) {
  const auto& nodes = tree.nodes();
  std::vector<std::string> path(nodes.size());
  for (size_t i = 1; i < nodes.size(); ++i) {  // parents come first
    const std::string& name = code.functions()[nodes[i].function].name;
    path[i] = nodes[i].parent == CallTree::kRoot ? name : path[nodes[i].parent] + ";" + name;
    if (u64 s = nodes[i].self()) out << path[i] << ' ' << s << '\n';
  }
}

}  // namespace

int profile(const Args& a, std::ostream& out) {
  TraceReader reader(a.positional[0]);
  const TraceHeader& h = reader.header();
  if (!h.has(EventClass::Insn)) throw UserError(reader.path() + ": the trace has no instruction records (recorded without the insn class)");
  CodeMap code(h, a.images);
  // --region N: the region's intervals from this trace or, for a machine that does not
  // mark it (the server of a round trip), from another trace of the run (--region-from).
  std::optional<Window> window;
  if (a.has("region")) {
    std::vector<std::string> from{a.positional[0]};
    if (a.has("region-from")) from.insert(from.begin(), a.values.at("region-from"));
    window = Window::region(from, number_option(a, "region", 0));
    window->use_clock(h.cpu_hz);
  }
  Profiler p(code, window ? &*window : nullptr);
  walk(reader, p);
  if (a.folded) {
    folded(out, p.tree, code);
    return 0;
  }
  std::vector<Row> r = rows(p.tree, code.functions().size());
  u64 total = 0;
  std::vector<u64> total_causes;
  for (const Row& x : r) {
    total += x.self;
    if (total_causes.size() < x.causes.size()) total_causes.resize(x.causes.size());
    for (size_t c = 0; c < x.causes.size(); ++c) total_causes[c] += x.causes[c];
  }
  if (a.json) {
    out << "{\n  \"cycles\": " << total << ",\n  \"functions\": [";
    for (size_t i = 0; i < r.size(); ++i) {
      out << (i ? "," : "") << "\n    {\"name\": " << json_string(code.functions()[r[i].function].name) << ", \"self\": " << r[i].self
          << ", \"inclusive\": " << r[i].inclusive << ", \"instructions\": " << r[i].instructions << ", \"causes\": {";
      for (size_t c = 0; c < r[i].causes.size(); ++c)
        out << (c ? ", " : "") << json_string(cause_name(h, unsigned(c))) << ": " << r[i].causes[c];
      out << "}}";
    }
    out << "\n  ]\n}\n";
    return 0;
  }
  // The table: only the causes that occur get a column.
  std::vector<size_t> cols;
  for (size_t c = 0; c < total_causes.size(); ++c)
    if (total_causes[c]) cols.push_back(c);
  auto pct = [&](u64 v) { return total ? 100.0 * double(v) / double(total) : 0.0; };
  out << reader.path() << ": " << total << " cycles in " << r.size() << " functions (" << h.machine << ")";
  if (window) out << ", in " << window->intervals() << " intervals of region " << a.values.at("region") << " of " << window->source();
  out << "\n";
  std::vector<int> width;  // a cause column: as wide as its name or its total
  for (size_t c : cols) width.push_back(int(std::max(cause_name(h, unsigned(c)).size(), std::to_string(total_causes[c]).size())));
  out << std::setw(10) << "self" << std::setw(6) << "%" << std::setw(11) << "inclusive" << std::setw(6) << "%" << std::setw(10) << "insns";
  for (size_t i = 0; i < cols.size(); ++i) out << ' ' << std::setw(width[i]) << cause_name(h, unsigned(cols[i]));
  out << "  function\n" << std::fixed << std::setprecision(1);
  for (const Row& x : r) {
    out << std::setw(10) << x.self << std::setw(6) << pct(x.self) << std::setw(11) << x.inclusive << std::setw(6) << pct(x.inclusive)
        << std::setw(10) << x.instructions;
    for (size_t i = 0; i < cols.size(); ++i) out << ' ' << std::setw(width[i]) << (cols[i] < x.causes.size() ? x.causes[cols[i]] : 0);
    out << "  " << code.functions()[x.function].name << '\n';
  }
  out << std::setw(10) << total << std::setw(6) << 100.0 << std::setw(27) << "";
  for (size_t i = 0; i < cols.size(); ++i) out << ' ' << std::setw(width[i]) << total_causes[cols[i]];
  out << "  total\n";
  if (p.tree.truncations()) out << "(call stacks deeper than 256 frames were cut " << p.tree.truncations() << " times)\n";
  return 0;
}

}  // namespace emu::trace::tool
