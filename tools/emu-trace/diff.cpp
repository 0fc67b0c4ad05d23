// `emu-trace diff A B`: the first point where two traces of the same program part — an
// instruction at another PC, charged other cycles, or issued at another cycle — for
// debugging determinism and model changes. Exit status 0: identical, 1: they differ.
#include <cinttypes>
#include <cstdio>
#include <deque>

#include "emu/common/error.h"
#include "tools/emu-trace/commands.h"
#include "tools/emu-trace/symbols.h"
#include "tools/emu-trace/trace_walk.h"

namespace emu::trace::tool {
namespace {

struct Step {
  bool insn = true;  // else cycles charged between instructions (a CYCLES record)
  u32 pc = 0;
  u64 time = 0;      // the cycle it issued (or the CYCLES record's)
  u64 cycles = 0;    // charged to it
  std::vector<std::pair<u8, u64>> stalls;
};

// The trace as one step per instruction issued.
class Steps {
 public:
  explicit Steps(TraceReader& r) : r_(r) {
    if (!r.header().has(EventClass::Insn)) throw UserError(r.path() + ": the trace has no instruction records (recorded without the insn class)");
  }
  bool next(Step& s) {
    while (q_.empty() && fill()) {
    }
    if (q_.empty()) return false;
    s = std::move(q_.front());
    q_.pop_front();
    ++count_;
    return true;
  }
  u64 count() const { return count_; }

 private:
  bool fill() {
    Record rec;
    std::vector<Step> block;
    u64 t = 0;
    u32 va = 0;
    bool open = false;
    while (r_.next(rec)) {
      switch (rec.type) {
        case RecordType::Block: open = true, va = rec.va, t = rec.time, block.clear(); break;
        case RecordType::Stall:
          if (open) {
            if (block.size() <= rec.k) block.resize(rec.k + 1);
            block[rec.k].stalls.push_back({rec.cause, rec.n});
          }
          break;
        case RecordType::End:
          if (!open) break;
          block.resize(std::max<size_t>(block.size(), rec.n));
          for (u32 k = 0; k < rec.n; ++k) {
            Step& s = block[k];
            s.pc = va + 4 * k, s.time = t, s.cycles = 1;
            for (auto [c, n] : s.stalls) s.cycles += n;
            t += s.cycles;
            q_.push_back(s);
          }
          return true;
        case RecordType::Cycles: {
          Step s;
          s.insn = false, s.time = rec.time, s.cycles = rec.n, s.stalls.push_back({rec.cause, rec.n});
          q_.push_back(s);
          if (!open) return true;
          break;
        }
        default: break;
      }
    }
    return false;
  }
  TraceReader& r_;
  std::deque<Step> q_;
  u64 count_ = 0;
};

std::string hex8(u32 v) {
  char b[12];
  std::snprintf(b, sizeof b, "%08x", v);
  return b;
}

std::string show(const Step& s, CodeMap& code, const TraceHeader& h) {
  char b[96];
  std::string out;
  if (s.insn) {
    std::string w = code.where(s.pc);
    std::snprintf(b, sizeof b, "pc %s at cycle %" PRIu64 ", %" PRIu64 " cycles", w.rfind("0x", 0) == 0 ? w.c_str() : ("0x" + hex8(s.pc) + " (" + w + ")").c_str(), s.time, s.cycles);
  } else {
    std::snprintf(b, sizeof b, "%" PRIu64 " cycles outside any instruction at cycle %" PRIu64, s.cycles, s.time);
  }
  out = b;
  for (auto [c, n] : s.stalls) out += " +" + std::to_string(n) + " " + cause_name(h, c);
  return out;
}

}  // namespace

int diff(const Args& a, std::ostream& out) {
  TraceReader ra(a.positional[0]), rb(a.positional[1]);
  CodeMap ca(ra.header(), a.images), cb(rb.header(), a.images);
  Steps sa(ra), sb(rb);
  u64 cycles = 0, insns = 0;
  for (;;) {
    Step x, y;
    bool hx = sa.next(x), hy = sb.next(y);
    if (!hx && !hy) break;
    if (hx != hy) {
      const Step& s = hx ? x : y;
      out << "differ after " << insns << " instructions: " << (hx ? rb.path() : ra.path()) << " ends, "
          << (hx ? ra.path() : rb.path()) << " goes on with " << show(s, hx ? ca : cb, hx ? ra.header() : rb.header()) << "\n";
      return 1;
    }
    if (x.insn != y.insn || x.pc != y.pc || x.time != y.time || x.cycles != y.cycles || x.stalls != y.stalls) {
      out << "differ at instruction " << insns << " (" << (x.pc != y.pc ? "PC" : x.time != y.time ? "cycle" : "cycles charged")
          << "):\n  " << ra.path() << ": " << show(x, ca, ra.header()) << "\n  " << rb.path() << ": " << show(y, cb, rb.header())
          << "\n";
      return 1;
    }
    insns += x.insn;
    cycles += x.cycles;
  }
  out << "identical: " << insns << " instructions, " << cycles << " cycles\n";
  return 0;
}

}  // namespace emu::trace::tool
