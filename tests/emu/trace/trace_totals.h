// What a test wants to know of a whole trace: instructions, cycles by cause as the records
// charge them, the events by type, and the first and last COUNTERS snapshots.
#pragma once
#include <map>
#include <string>

#include "emu/trace/trace_reader.h"

namespace emu::test {

struct TraceTotals {
  u64 instructions = 0, faulted = 0, blocks = 0;
  std::map<std::string, u64> by_cause;  // cause name -> cycles
  std::map<trace::RecordType, u64> records;
  trace::Record first_counters, last_counters;
  u64 cycles() const {
    u64 t = 0;
    for (const auto& [c, v] : by_cause) t += v;
    return t;
  }
};

inline TraceTotals trace_totals(trace::TraceReader& r) {
  using trace::RecordType;
  TraceTotals t;
  bool first = true;
  for (trace::Record rec; r.next(rec);) {
    ++t.records[rec.type];
    switch (rec.type) {
      case RecordType::End:
        ++t.blocks;
        t.by_cause["issue"] += rec.n;
        t.instructions += rec.n - (rec.flags & trace::kEndFaulted ? 1 : 0);
        t.faulted += rec.flags & trace::kEndFaulted ? 1 : 0;
        break;
      case RecordType::Stall:
      case RecordType::Cycles: t.by_cause[r.header().causes.at(rec.cause)] += rec.n; break;
      case RecordType::Counters:
        if (first) t.first_counters = rec;
        first = false;
        t.last_counters = rec;
        break;
      default: break;
    }
  }
  return t;
}

}  // namespace emu::test
