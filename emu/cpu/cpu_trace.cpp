// The data address of a traced load or store (--trace-events mem, cache), found before the
// instruction runs, from the registers it will read. Translation here has no effect on the
// machine: the TLB's lookup cache may be filled, which changes no later result.
#include "emu/cpu/cpu.h"
#include "emu/cpu/instruction.h"

namespace emu {

void Cpu::trace_data_access(const DecodedInst& d, unsigned k) {
  using namespace mips;
  const u32 w = d.word;
  unsigned log2size = 2;
  bool store = false, aligned_word = false;
  switch (op(w)) {
    case kLb: case kLbu: log2size = 0; break;
    case kLh: case kLhu: log2size = 1; break;
    case kLw: case kLwc1: break;
    case kLwl: case kLwr: aligned_word = true; break;
    case kSb: log2size = 0, store = true; break;
    case kSh: log2size = 1, store = true; break;
    case kSw: case kSwc1: store = true; break;
    case kSwl: case kSwr: store = aligned_word = true; break;
    default: return;
  }
  u32 va = gpr_[rs(w)] + simm16(w);
  if (aligned_word) va &= ~3u;
  u32 pa = ~0u;
  bool cached = false;
  if ((va >> 30) == 2) {
    if (!user_mode_) pa = va & 0x1fffffffu, cached = !(va & 0x20000000u);
  } else if (!user_mode_ || va < 0x80000000u) {
    Tlb::Translation t;
    if (tlb_.translate(va, entry_hi_ & cp0::kPidMask, store, t) == Tlb::Result::Ok) pa = t.pa, cached = t.cached;
  }
  trace_->mem_access(k, va, pa, log2size, store, cached);
}

}  // namespace emu
