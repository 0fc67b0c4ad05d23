#include "tools/emu-trace/trace_walk.h"

#include "emu/common/error.h"

namespace emu::trace::tool {

u64 InsnBlock::cycles() const {
  u64 c = n;
  for (const Stall& s : stalls) c += s.cycles;
  return c;
}

u64 Coverage::cycles() const {
  u64 c = 0;
  for (u64 v : causes) c += v;
  return c;
}

void Coverage::add(const Record& r) {
  if (r.type != RecordType::Counters) return;
  if (r.kind == u8(CountersWhat::Start)) {
    started_ = true, complete = false;
    start_ = r.causes, start_insns_ = r.a, start_faulted_ = r.b, first_cycle = r.time;
    return;
  }
  if (!started_) return;
  complete = true;
  last_cycle = r.time;
  instructions = r.a - start_insns_, faulted = r.b - start_faulted_;
  causes.assign(r.causes.size(), 0);
  for (size_t i = 0; i < r.causes.size(); ++i) causes[i] = r.causes[i] - (i < start_.size() ? start_[i] : 0);
}

std::string cause_name(const TraceHeader& h, unsigned cause) {
  if (cause < h.causes.size()) return h.causes[cause];
  return "cause" + std::to_string(cause);
}

void walk(TraceReader& reader, TraceVisitor& v) {
  InsnBlock b;
  bool open = false;
  std::vector<Record> deferred;
  auto bad = [&](const char* what) { throw UserError(reader.path() + ": " + what); };
  for (Record r; reader.next(r);) {
    switch (r.type) {
      case RecordType::Block:
        if (open) bad("a BLOCK record inside an open block (the file is corrupt)");
        open = true;
        b.time = r.time, b.va = r.va, b.pa = r.pa, b.n = 0, b.faulted = false;
        b.stalls.clear(), b.misses.clear(), b.accesses.clear();
        break;
      case RecordType::End:
        if (!open) bad("an END record outside a block (the file is corrupt)");
        open = false;
        b.n = u32(r.n);
        b.faulted = r.flags & kEndFaulted;
        v.on_block(b);
        for (const Record& d : deferred) v.on_record(d);
        deferred.clear();
        break;
      case RecordType::Stall:
        if (!open) bad("a STALL record outside a block (the file is corrupt)");
        b.stalls.push_back({u32(r.k), r.cause, r.n});
        break;
      case RecordType::Cache:
        if (open) b.misses.push_back({u32(r.k), r.kind, r.pa});
        break;
      case RecordType::Mem:
        if (open) b.accesses.push_back({u32(r.k), r.kind, r.va, r.pa});
        break;
      default:
        if (open)
          deferred.push_back(r);
        else
          v.on_record(r);
    }
  }
  // The writer ends a file between blocks (traces/README.md); the reader refuses a chunk
  // that ends inside one, so nothing is left here.
}

}  // namespace emu::trace::tool
