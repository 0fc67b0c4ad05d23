// The run loop: between blocks it runs due device events and takes interrupts; inside a
// block it calls one handler per instruction. Time advances by one cycle per instruction
// (the timing model adds stalls on top), accounted per block and made exact whenever an
// instruction observes it (device access, Random, cycle readout).
#include <cstring>

#include "emu/cpu/cpu.h"
#include "emu/cpu/decoder.h"
#include "emu/cpu/memory_access.h"

namespace emu {

using namespace cp0;

Cpu::Stop Cpu::run(Cycles cycle_limit, u64 instruction_limit) {
  stop_requested_ = false;
  for (;;) {
    code_.collect_garbage();
    if (sched_.now() >= sched_.next_event()) sched_.run_due();
    if (halted_) return Stop::Halted;
    if (stop_requested_) return Stop::Requested;
    if (sched_.now() >= cycle_limit) return Stop::Cycles;
    if (stats_.instructions >= instruction_limit) return Stop::Instructions;
    // Never between a branch and its delay slot: the interrupt is taken after the slot.
    if (interrupt_pending_ && !delay_pending_) {
      ++stats_.interrupts_taken;
      enter_exception(kInt, pc_, false, 0, false);
      continue;
    }
    if (delay_pending_ || tracer_ || instruction_limit - stats_.instructions <= Block::kMaxBlock) {
      step_one();
      continue;
    }
    if (Block* b = fetch_block()) execute_block(*b);
    else sched_.clock() += 1;  // the fetch that faulted occupied a cycle
  }
}

// Translate an instruction address; raises AdEL / TLB exceptions for the fetch.
bool Cpu::fetch_translate(u32 va, bool in_delay, u32& pa) {
  DecodedInst at{};
  at.flags = in_delay ? kInDelaySlot : 0;
  block_va_ = va;  // so that inst_pc(at) == va
  if (va & 3) {
    raise_address(kAdEL, at, va);
    return false;
  }
  if ((va >> 30) == 2 && !user_mode_) {
    pa = va & 0x1fffffffu;
    return true;
  }
  return translate_data(va, false, at, pa);
}

Block* Cpu::fetch_block() {
  u32 pa;
  if (!fetch_translate(pc_, false, pa)) return nullptr;
  if (Block* b = code_.lookup(pa)) return b;
  const u32 page_end = (pa | (PhysicalBus::kPageSize - 1)) + 1;
  const u8* host = bus_.host_pointer(pa, page_end - pa);
  if (!host) {  // nothing, or a device, behind the fetch address
    DecodedInst at{};
    block_va_ = pc_;
    raise(kIbe, at);
    return nullptr;
  }
  ++stats_.blocks_compiled;
  return code_.insert(Decoder::compile(pa, host, (page_end - pa) / 4));
}

void Cpu::execute_block(Block& b) {
  block_va_ = pc_;
  next_pc_ = pc_ + b.bytes();
  accounted_ = 0;
  const unsigned n = unsigned(b.insts.size());
  const DecodedInst* in = b.insts.data();
  unsigned i = 0;

  // A load from the previous block is still in its delay slot.
  if (ld_reg_) {
    if (!(b.gpr_touch_mask0 & (1u << ld_reg_))) {
      commit_pending_load();
    } else {
      // The first instruction uses the register: run it (and any chain of loads it
      // starts) with full load-delay semantics.
      while (i < n && ld_reg_) {
        DecodeInfo exact = Decoder::decode(in[i].word, true);
        exact.inst.offset = in[i].offset;
        exact.inst.flags = in[i].flags;
        if (!step_exact(exact.inst)) goto fault;
        ++i;
      }
    }
  }

  if (b.exact) {
    for (; i < n; ++i)
      if (!step_exact(in[i])) goto fault;
  } else {
    for (; i < n; ++i)
      if (!in[i].fn(*this, in[i])) goto fault;
  }

  sched_.clock() += n - accounted_;
  stats_.instructions += n;
  if (ld_next_reg_) {  // a load in the last slot: its value lands after the next instruction
    ld_reg_ = ld_next_reg_;
    ld_val_ = ld_next_val_;
    ld_next_reg_ = 0;
  }
  pc_ = next_pc_;
  if (b.split_branch) {
    // The delay slot is the first word of the next page: run it on its own.
    delay_pending_ = true;
    delay_target_ = next_pc_;
    pc_ = block_va_ + b.bytes();
  }
  return;

fault:
  // Instruction i raised an exception (pc_ is the vector) or ended the run (halt).
  if (block_exit_retired_) {
    block_exit_retired_ = false;
    ++i;
    pc_ = next_pc_;
    sched_.clock() += i - accounted_;
  } else {
    sched_.clock() += i + 1 - accounted_;  // the faulting instruction occupied a cycle
  }
  stats_.instructions += i;
}

// One instruction with exact load-delay semantics: its handler sees registers as they are
// (a load issued by the previous instruction is not yet visible), then that pending load
// lands unless this instruction wrote the same register itself (its write wins; a second
// load to the register discards the first, as on the R3000 and in DuckStation).
bool Cpu::step_exact(const DecodedInst& d) {
  ld_next_reg_ = 0;
  const bool ok = d.fn(*this, d);
  // An exception has already committed the older load (enter_exception). An instruction
  // that ends the run but retires (halt) still gets the load-delay bookkeeping below, so
  // the register state at the stop is the same as on the block path, where the load
  // before it was written at once.
  if (!ok && !block_exit_retired_) return false;
  if (ld_reg_) {
    if (d.rd != ld_reg_) gpr_[ld_reg_] = ld_val_;
    ld_reg_ = 0;
  }
  if (ld_next_reg_) {
    ld_reg_ = ld_next_reg_;
    ld_val_ = ld_next_val_;
    ld_next_reg_ = 0;
  }
  gpr_[0] = 0;
  return ok;
}

void Cpu::step_one() {
  const bool in_delay = delay_pending_;
  const u32 pc = pc_;
  u32 pa;
  if (!fetch_translate(pc, in_delay, pa)) {
    sched_.clock() += 1;
    return;
  }
  u32 word;
  const u8* host = bus_.host_pointer(pa, 4);
  DecodeInfo info{};
  info.inst.flags = in_delay ? kInDelaySlot : 0;
  if (!host) {
    block_va_ = pc;
    raise(kIbe, info.inst);
    sched_.clock() += 1;
    return;
  }
  std::memcpy(&word, host, 4);
  info = Decoder::decode(word, true);
  info.inst.offset = 0;
  if (in_delay) info.inst.flags |= kInDelaySlot;
  block_va_ = pc;
  next_pc_ = pc + 4;
  accounted_ = 0;

  u32 before[34], after[34];
  if (tracer_) {
    std::memcpy(before, gpr_, 32 * 4);
    before[32] = hi_;
    before[33] = lo_;
  }
  const bool ok = step_exact(info.inst);
  if (!ok && !block_exit_retired_) {
    sched_.clock() += 1 - accounted_;
    return;
  }
  const bool halted_here = !ok;
  block_exit_retired_ = false;
  sched_.clock() += 1 - accounted_;
  ++stats_.instructions;
  if (tracer_) {
    std::memcpy(after, gpr_, 32 * 4);
    after[32] = hi_;
    after[33] = lo_;
    tracer_->on_instruction(pc, word, before, after);
  }
  if (in_delay) {
    delay_pending_ = false;
    pc_ = delay_target_;
  } else if (info.branch && !halted_here) {
    delay_pending_ = true;
    delay_target_ = next_pc_;
    pc_ = pc + 4;
  } else {
    pc_ = next_pc_;
  }
}

}  // namespace emu
