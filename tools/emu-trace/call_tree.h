// Who called whom, rebuilt from a trace's instruction stream: a call is a block that ends
// with JAL or JALR in its delay-slot position (the image's instruction word; without the
// word, a block that starts at a function's entry), or an exception taken (a frame for its
// handler); a return is a block that starts at the return address of a frame on the stack
// (after JR ra, or the ERET-style JR k0; RFE of an exception handler, at EPC or EPC+4).
// Each guest thread (CONTEXT records) has a stack of its own, so a kernel switching threads
// does not grow one stack for ever. The tree's nodes are call paths; every cycle of the
// trace is charged to exactly one node, so the tree's total is the trace's cycles.
#pragma once
#include <map>
#include <vector>

#include "tools/emu-trace/symbols.h"
#include "tools/emu-trace/trace_walk.h"
#include "tools/emu-trace/window.h"

namespace emu::trace::tool {

struct CallNode {
  u32 function = 0, parent = 0;  // the root is node 0, its own parent
  std::map<u32, u32> children;   // function -> node
  std::vector<u64> causes;       // cycles charged here (self), by cause
  u64 instructions = 0;          // issued here
  u64 self() const {
    u64 c = 0;
    for (u64 v : causes) c += v;
    return c;
  }
};

class CallTree : public TraceVisitor {
 public:
  // With a window, only cycles in it are charged (the calls are followed throughout).
  explicit CallTree(CodeMap& code, const Window* window = nullptr) : code_(code), window_(window) { nodes_.push_back({}); }
  void on_block(const InsnBlock& b) override;
  void on_record(const Record& r) override;
  const std::vector<CallNode>& nodes() const { return nodes_; }
  static constexpr u32 kRoot = 0;
  // Set when the last stack depth limit was hit (the stack was then cut to its top).
  u64 truncations() const { return truncations_; }

 private:
  struct Frame {
    u32 node;
    u32 ret, ret2;  // the addresses that return from it (ret2: EPC+4 after a syscall)
  };
  u32 child(u32 parent, u32 function);
  void push(u32 function, u32 ret, u32 ret2);
  void charge(u32 node, unsigned cause, u64 cycles);
  std::vector<Frame>& stack();

  CodeMap& code_;
  const Window* window_;
  std::vector<CallNode> nodes_;
  std::map<u64, std::vector<Frame>> stacks_;  // by CONTEXT value; the current one is stacks_[task_]
  u64 task_ = ~u64(0);
  bool call_pending_ = false;
  u32 call_ret_ = 0;
  u32 last_va_ = 0;  // the last instruction run
  u64 truncations_ = 0;
};

}  // namespace emu::trace::tool
