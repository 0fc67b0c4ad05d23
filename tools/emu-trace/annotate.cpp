// `emu-trace annotate FUNCTION`: the function's instructions, disassembled (Capstone, as
// --trace-exec does), each with how often it issued, the cycles charged to it (its issue
// cycles and stalls) and its cache misses.
#include <cinttypes>
#include <cstdio>
#include <map>

#include "emu/cli/exec_trace.h"
#include "emu/common/error.h"
#include "emu/common/number.h"
#include "tools/emu-trace/commands.h"
#include "tools/emu-trace/symbols.h"
#include "tools/emu-trace/trace_walk.h"

namespace emu::trace::tool {
namespace {

struct PerPc {
  u64 executions = 0, cycles = 0, misses = 0;
};

struct Annotator : TraceVisitor {
  u32 start = 0, end = 0;
  std::map<u32, PerPc> pcs;
  void on_block(const InsnBlock& b) override {
    u32 last = b.va + 4 * b.n;
    if (last <= start || b.va >= end) return;
    for (u32 k = 0; k < b.n; ++k) {
      u32 pc = b.va + 4 * k;
      if (pc < start || pc >= end) continue;
      PerPc& p = pcs[pc];
      ++p.executions, ++p.cycles;
      for (const auto& s : b.stalls)
        if (s.k == k) p.cycles += s.cycles;
      for (const auto& m : b.misses)
        if (m.k == k) ++p.misses;
    }
  }
};

}  // namespace

int annotate(const Args& a, std::ostream& out) {
  const std::string& name = a.positional[0];
  TraceReader reader(a.positional[1]);
  const TraceHeader& h = reader.header();
  if (!h.has(EventClass::Insn)) throw UserError(reader.path() + ": the trace has no instruction records (recorded without the insn class)");
  CodeMap code(h, a.images);
  auto f = code.find(name);
  if (!f || code.functions()[*f].end <= code.functions()[*f].start)
    throw UserError("annotate: no function '" + printable(name) + "' in " + reader.path() + "'s symbols (profile lists them)");
  Annotator an;
  an.start = code.functions()[*f].start, an.end = code.functions()[*f].end;
  walk(reader, an);
  u64 total = 0, execs = 0;
  for (const auto& [pc, p] : an.pcs) total += p.cycles, execs = std::max(execs, p.executions);
  char line[160];
  std::snprintf(line, sizeof line, "%s [0x%08x, 0x%08x): %" PRIu64 " cycles\n", name.c_str(), an.start, an.end, total);
  out << line;
  if (!code.has_words()) out << "(no image readable: give --image PATH for the disassembly)\n";
  out << "  address       execs     cycles  misses  word      instruction\n";
  Disassembler dis;
  for (u32 pc = an.start; pc < an.end; pc += 4) {
    PerPc p = an.pcs.count(pc) ? an.pcs[pc] : PerPc{};
    auto w = code.word_at(pc);
    std::snprintf(line, sizeof line, "  %08x %10" PRIu64 " %10" PRIu64 " %7" PRIu64 "  ", pc, p.executions, p.cycles, p.misses);
    out << line;
    if (w) {
      std::snprintf(line, sizeof line, "%08x  ", *w);
      out << line << dis.disassemble(pc, *w) << '\n';
    } else {
      out << "?\n";
    }
  }
  return 0;
}

}  // namespace emu::trace::tool
