// The instruction stream of a cycle trace, block by block: what every analysis needs from
// the records of traces/README.md "Records" — a BLOCK, its STALL/CACHE/MEM records and its
// END gathered into one InsnBlock, so that the cycles of instruction k are 1 + its stalls.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "emu/timing/cycle_cause.h"
#include "emu/trace/trace_reader.h"

namespace emu::trace::tool {

struct InsnBlock {
  struct Stall { u32 k; u8 cause; u64 cycles; };
  struct Miss { u32 k; u8 kind; u32 pa; };        // CacheKind
  struct Access { u32 k; u8 kind; u32 va, pa; };  // MEM kind bits
  u64 time = 0;  // the cycle the block began
  u32 va = 0, pa = 0;
  u32 n = 0;  // instructions issued (the last one did not retire if faulted)
  bool faulted = false;
  std::vector<Stall> stalls;  // in file order: by instruction
  std::vector<Miss> misses;
  std::vector<Access> accesses;
  u64 cycles() const;  // n issue cycles plus every stall
};

class TraceVisitor {
 public:
  virtual ~TraceVisitor() = default;
  virtual void on_block(const InsnBlock& b) {}
  // Every record that is not part of a block's instruction stream. A record the file has
  // inside a block (an EXC, a guest REGION/MARKER/CONTEXT operation) comes after on_block
  // for that block, so its instructions are counted before what they caused.
  virtual void on_record(const Record& r) {}
};

// Reads the whole trace, from the reader's current position, into the visitor. Throws
// UserError "PATH: problem" for a file whose records are not in the documented order.
void walk(TraceReader& reader, TraceVisitor& v);

// Cause names of this trace (header tag 8), with the numbers emu/timing/cycle_cause.h gives
// for those the tool knows; a cause number beyond the header's list is an error.
std::string cause_name(const TraceHeader& h, unsigned cause);

// A run's totals as its first and last COUNTERS records say: what the trace covers.
struct Coverage {
  bool complete = false;  // both COUNTERS seen
  u64 instructions = 0, faulted = 0;
  std::vector<u64> causes;  // cycles by cause
  u64 first_cycle = 0, last_cycle = 0;
  u64 cycles() const;
  void add(const Record& r);  // a COUNTERS record (others are ignored)

 private:
  std::vector<u64> start_;
  u64 start_insns_ = 0, start_faulted_ = 0;
  bool started_ = false;
};

}  // namespace emu::trace::tool
