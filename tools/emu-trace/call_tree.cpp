#include "tools/emu-trace/call_tree.h"

namespace emu::trace::tool {
namespace {

constexpr size_t kMaxDepth = 256;  // deeper is a stack the heuristics lost track of

bool is_call(u32 w) {
  u32 op = w >> 26;
  return op == 3 /* JAL */ || (op == 0 && (w & 0x3f) == 9 /* JALR */ && ((w >> 11) & 31) != 0);
}

}  // namespace

std::vector<CallTree::Frame>& CallTree::stack() {
  auto& s = stacks_[task_];
  if (s.empty()) s.push_back({kRoot, 0, 0});
  return s;
}

u32 CallTree::child(u32 parent, u32 function) {
  auto it = nodes_[parent].children.find(function);
  if (it != nodes_[parent].children.end()) return it->second;
  u32 id = u32(nodes_.size());
  nodes_.push_back({});
  nodes_.back().function = function, nodes_.back().parent = parent;
  nodes_[parent].children.emplace(function, id);
  return id;
}

void CallTree::push(u32 function, u32 ret, u32 ret2) {
  auto& s = stack();
  if (s.size() >= kMaxDepth) {
    ++truncations_;
    s.erase(s.begin() + 1, s.end() - 1);
  }
  s.push_back({child(s.back().node, function), ret, ret2});
}

void CallTree::charge(u32 node, unsigned cause, u64 cycles) {
  auto& c = nodes_[node].causes;
  if (c.size() <= cause) c.resize(cause + 1);
  c[cause] += cycles;
}

void CallTree::on_block(const InsnBlock& b) {
  auto& s = stack();
  // A return: the block starts where a frame on the stack returns to.
  bool returned = false;
  for (size_t i = s.size(); i-- > 1;)
    if (s[i].ret == b.va || s[i].ret2 == b.va) {
      s.resize(i);
      returned = true;
      break;
    }
  u32 fn = code_.function_at(b.va);
  if (!returned && (call_pending_ || (!code_.has_words() && code_.is_entry(b.va) && fn != nodes_[s.back().node].function)))
    push(fn, call_pending_ ? call_ret_ : 0, 0);
  call_pending_ = false;
  // Straight into another function without a call (a tail call, a fall-through, a jump
  // the heuristics missed): the frame now stands for that function, under the same caller.
  if (stack().size() == 1) {
    push(fn, 0, 0);
  } else if (nodes_[stack().back().node].function != fn) {
    stack().back().node = child(nodes_[stack().back().node].parent, fn);
  }
  auto& top = stack().back();
  // Charge each instruction (a block can run into the next function: charge it by PC).
  // With a window, only the instructions that issue in it (after the cycles of those before).
  u32 node = top.node;
  size_t si = 0;
  u64 time = b.time;
  for (u32 k = 0; k < b.n; ++k) {
    u32 f = code_.function_at(b.va + 4 * k);
    u32 at = f == fn ? node : child(nodes_[node].parent, f);
    bool in = !window_ || window_->contains(time);
    ++time;
    if (in) ++nodes_[at].instructions, charge(at, 0, 1);  // the issue cycle (cause 0, cycle_cause.h)
    for (; si < b.stalls.size() && b.stalls[si].k == k; ++si) {
      if (in) charge(at, b.stalls[si].cause, b.stalls[si].cycles);
      time += b.stalls[si].cycles;
    }
  }
  for (; si < b.stalls.size(); ++si)  // out of order: still counted
    if (!window_ || window_->contains(b.time)) charge(node, b.stalls[si].cause, b.stalls[si].cycles);
  if (b.n >= 2 && !b.faulted)
    if (auto w = code_.word_at(b.va + 4 * (b.n - 2)); w && is_call(*w)) call_pending_ = true, call_ret_ = b.va + 4 * b.n;
  last_va_ = b.va + 4 * (b.n ? b.n - 1 : 0);
}

void CallTree::on_record(const Record& r) {
  switch (r.type) {
    case RecordType::Cycles:  // an interrupt's entry between blocks: the interrupted code's
      if (window_ && !window_->contains(r.time)) break;
      charge(stack().size() == 1 ? child(kRoot, code_.function_at(last_va_)) : stack().back().node, r.cause, r.n);
      break;
    case RecordType::Exc:
    {
      // Taken before EPC ran: if EPC is where the top frame returns to (an interrupt
      // right after an exception's return), that return has happened.
      auto& s = stack();
      while (s.size() > 1 && (s.back().ret == u32(r.a) || s.back().ret2 == u32(r.a))) s.pop_back();
      // Taken at the first instruction of a function just called: the call happened.
      if (call_pending_) push(code_.function_at(u32(r.a)), call_ret_, 0);
      call_pending_ = false;
      push(code_.function_at(u32(r.b)), u32(r.a), u32(r.a) + 4);
      break;
    }
    case RecordType::Context:
      task_ = r.a;  // task and thread: each thread has a stack of its own
      break;
    default:
      break;
  }
}

}  // namespace emu::trace::tool
