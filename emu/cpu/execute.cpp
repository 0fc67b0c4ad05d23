// The run loop: between blocks it runs due device events and takes interrupts; inside a
// block it calls one handler per instruction. Time advances by one cycle per instruction
// (the timing model adds stalls on top), accounted per block and made exact whenever an
// instruction observes it (device access, Random, cycle readout).
//
// With the timing model a block runs on one of two paths. The fast path is the functional
// loop with timed handlers; it is taken when the block's instructions are all clean
// I-cache hits, which is known without looking at them when the I-side array has not
// changed since the block last passed that check (Block::icache_gen). Otherwise — a miss,
// an uncached fetch from kseg1, a stale line — the Fetching path prices every fetch.
#include <cstring>

#include "emu/cpu/cpu.h"
#include "emu/cpu/decoder.h"
#include "emu/cpu/memory_access.h"

namespace emu {

using namespace cp0;

inline bool Cpu::fetching_path(Block& b, bool cached) {
  if (cached && (b.icache_gen == iside_->generation() || icache_holds(b))) {
    b.icache_gen = iside_->generation();
    return false;
  }
  return true;
}

inline void Cpu::execute_block_timed(Block& b, bool cached) {
  if (fetching_path(b, cached)) execute_block<true, true>(b, cached);
  else execute_block<true, false>(b, cached);
}

// With a debugger: the same paths, asking it before each instruction. A stopped block
// goes on later on the path it started on.
void Cpu::execute_block_debug(Block& b, bool cached, unsigned start, bool fetching) {
  if (!timing_) execute_block<false, false, true>(b, cached, start);
  else if (fetching) execute_block<true, true, true>(b, cached, start);
  else execute_block<true, false, true>(b, cached, start);
}

// The instruction at the stop is let through once when the run resumes.
bool Cpu::debug_stop(u32 va, u32 word) {
  if (debug_resumed_) {
    debug_resumed_ = false;
    return false;
  }
  if (!debug_ || !debug_->stop_before(va, word)) return false;  // (none: a stopped block finishes)
  debug_resumed_ = true;
  return true;
}

void Cpu::debug_set_pc(u32 pc) {
  if (suspended_.block) {
    // End the block before instruction `index`, as the block path's early exit does.
    const unsigned i = suspended_.index;
    advance(CycleCause::Issue, i - accounted_);
    stats_.instructions += i;
    suspended_ = {};
  }
  delay_pending_ = false;
  debug_resumed_ = true;  // a resume runs the instruction at the new PC first, as at any stop
  pc_ = pc;
}

Cpu::Stop Cpu::run(Cycles cycle_limit, u64 instruction_limit) {
  stop_requested_ = false;
  if (suspended_.block) [[unlikely]] {  // a debugger stopped the run inside this block
    const Suspended s = suspended_;
    suspended_ = {};
    execute_block_debug(*s.block, s.cached, s.index, s.fetching);
    if (suspended_.block) return Stop::Debug;
  }
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
      exception_at_ = sched_.now();
      enter_exception(kInt, pc_, false, 0, false);
      continue;
    }
    // (A traced run takes this branch too, so the untraced loop below is unchanged.)
    if (delay_pending_ || slow_loop_ || instruction_limit - stats_.instructions <= Block::kMaxBlock) {
      if (footprint_pending_.active) finish_pending_fetches();
      if (run_traced_block(instruction_limit)) {
        // one block, traced (and its fetches recorded for a footprint)
      } else if (footprint_ && !tracer_ && !delay_pending_ && instruction_limit - stats_.instructions > Block::kMaxBlock) {
        if (footprint_block()) return Stop::Debug;
      } else {
        if (debug_ && debug_stop(pc_, debug_word(pc_))) return Stop::Debug;
        step_one();
      }
      continue;
    }
    bool cached;
    if (Block* b = next_block(cached)) {
      if (debug_) [[unlikely]] {
        execute_block_debug(*b, cached, 0, timing_ && fetching_path(*b, cached));
        if (suspended_.block) return Stop::Debug;
      } else if (timing_) {
        execute_block_timed(*b, cached);
      } else {
        execute_block<false, false>(*b, cached);
      }
    } else {
      advance(CycleCause::Issue, 1);  // the fetch that faulted occupied a cycle
      ++stats_.faulted;
    }
  }
}

// run()'s slow branch while a footprint is recorded: one block, then its fetches — as
// many instructions as it retired, plus the one that faulted.
bool Cpu::footprint_block() {
  bool cached;
  const u64 tag = stats_.instructions, faulted = stats_.faulted;
  Block* b = next_block(cached);
  if (!b) {
    advance(CycleCause::Issue, 1);  // the fetch that faulted occupied a cycle
    ++stats_.faulted;
    return false;
  }
  const u32 pa = b->pa;
  // With a debugger, its executor (a stop mid-block: the rest of the block, resumed at the
  // top of run(), is not recorded — a footprint read under a debugger can come out short).
  if (debug_) [[unlikely]] execute_block_debug(*b, cached, 0, timing_ && fetching_path(*b, cached));
  else if (timing_) execute_block_timed(*b, cached);
  else execute_block<false, false>(*b, cached);
  record_fetches(pa, cached, tag, stats_.instructions - tag + (stats_.faulted - faulted));
  return suspended_.block != nullptr;
}

// Translate an instruction address; raises AdEL / TLB exceptions for the fetch.
bool Cpu::fetch_translate(u32 va, bool in_delay, u32& pa, bool& cached) {
  DecodedInst at{};
  at.flags = in_delay ? kInDelaySlot : 0;
  block_va_ = va;  // so that inst_pc(at) == va
  accounted_ = 0;  // and now_at(at) is the fetch's cycle (no block is running)
  if (va & 3) {
    raise_address(kAdEL, at, va);
    return false;
  }
  return translate(va, false, at, pa, cached);
}

Block* Cpu::fetch_block(bool& cached) {
  u32 pa;
  if (!fetch_translate(pc_, false, pa, cached)) return nullptr;
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
  return code_.insert(Decoder::compile(pa, host, (page_end - pa) / 4, timing_));
}

// Every word of the block is a clean hit in the I-side array.
bool Cpu::icache_holds(const Block& b) const {
  for (unsigned k = 0; k < b.insts.size(); ++k)
    if (!iside_->clean_hit(b.pa + 4 * k)) return false;
  return true;
}

void Cpu::fetch_timing(u32 pa, u32 va, bool cached, Cycles now) {
  if (cached) {
    if (iside_->clean_hit(pa)) return;
    if (iside_->stale_hit(pa)) {
      mem_.report_stale(true, pa, va, now);
      return;
    }
    const u32 bbytes = mem_.iblock_bytes();
    const u32 base = pa & ~(bbytes - 1);
    if (pa < ram_size_) {
      stall(mem_.icache_refill(*iside_, pa, base + bbytes <= ram_size_ ? ram_ + base : nullptr, 0,
                               mem_.profile().mem_read, now),
            CycleCause::ICacheRefill);
    } else {  // cached code outside RAM (the boot ROM through kseg0)
      const PhysicalBus::Region* r = bus_.region_at(pa);
      u32 w = 0;
      if (const u8* h = bus_.host_pointer(pa, 4)) std::memcpy(&w, h, 4);
      stall(mem_.icache_refill(*iside_, pa, bus_.host_pointer(base, bbytes), w, r ? r->latency.read : 0, now),
            CycleCause::ICacheRefill);
    }
    return;
  }
  ++mem_.counters.ifetch_uncached;
  u32 lat = mem_.profile().mem_read;
  if (pa >= ram_size_) {
    const PhysicalBus::Region* r = bus_.region_at(pa);
    lat = r ? r->latency.read : 0;
  }
  stall(mem_.read_after_drain(now, lat), CycleCause::Uncached);
}

// A block run with instruction tracing, where run() would run one untraced; false when
// run() must step one instruction instead (a split delay slot, --trace-exec, a limit near).
bool Cpu::run_traced_block(u64 instruction_limit) {
  if (!trace_insns_ || delay_pending_ || tracer_ || instruction_limit - stats_.instructions <= Block::kMaxBlock)
    return false;
  bool cached;
  const u64 tag = stats_.instructions, faulted = stats_.faulted;
  if (Block* b = next_block(cached)) {
    const u32 pa = b->pa;
    execute_traced(*b, cached);
    if (footprint_) record_fetches(pa, cached, tag, stats_.instructions - tag + (stats_.faulted - faulted));
  } else {
    advance(CycleCause::Issue, 1);  // the fetch that faulted occupied a cycle
    ++stats_.faulted;
    // Not in a delay slot (that is step_one's), so EPC is the fetch address.
    trace_->fetch_fault(epc_, sched_.now(), stalls_);
  }
  return true;
}

// The traced runs take the same paths as execute_block_timed, with the trace hooks.
void Cpu::execute_traced(Block& b, bool cached) {
  trace_->block_begin(pc_, b.pa, cached, sched_.now(), stalls_);
  trace_t_ = sched_.now();
  if (!timing_) {
    execute_block<false, false, false, true>(b, cached);
  } else if (cached && (b.icache_gen == iside_->generation() || icache_holds(b))) {
    b.icache_gen = iside_->generation();
    execute_block<true, false, false, true>(b, cached);
  } else {
    execute_block<true, true, false, true>(b, cached);
  }
}

template <bool Timed, bool Fetching, bool Debug, bool Traced>
void Cpu::execute_block(Block& b, bool cached, unsigned start) {
  const unsigned n = unsigned(b.insts.size());
  const DecodedInst* in = b.insts.data();
  unsigned i = Debug ? start : 0;
  if (i == 0) {  // (a block resumed in the middle keeps its context: block_va_, accounted_, stalls)
    if constexpr (Timed) begin_block_timing();
    block_va_ = pc_;
    next_pc_ = pc_ + b.bytes();
    accounted_ = 0;
  }
  // The Fetching path prices each fetch before the instruction runs; once the block's
  // stalls reach kBlockStallLimit it ends after that instruction (not after a branch: its
  // delay slot belongs to the same block).
  auto fetch = [&](unsigned k) {
    if constexpr (Traced) {  // opcodes 0x20-0x3f: loads and stores (and coprocessor ones)
      if (trace_data_ && (in[k].word >> 29) >= 4) trace_data_access(in[k], k);
    }
    if constexpr (Fetching) fetch_timing(b.pa + 4 * k, block_va_ + 4 * k, cached, sched_.now() + (k - accounted_));
  };
  // Debug: stop in front of instruction k; run() resumes the block there.
  auto debug_here = [&](unsigned k) {
    if constexpr (Debug) {
      if (debug_stop(block_va_ + 4 * k, in[k].word)) {
        suspended_ = Suspended{&b, cached, Fetching, k};
        return true;
      }
    }
    return false;
  };
  auto stop_here = [&](unsigned k) {
    if constexpr (Fetching) {
      if (stop_after_ && !(in[k].flags & kIsBranch)) {
        stop_after_ = false;
        block_exit_retired_ = true;
        return true;
      }
    }
    return false;
  };

  // A load from the previous block is still in its delay slot.
  // (Resumed in the middle with a load pending: the block was in that chain.)
  if (ld_reg_) {
    if (i == 0 && !(b.gpr_touch_mask0 & (1u << ld_reg_))) {
      commit_pending_load();
    } else {
      // The first instruction uses the register: run it (and any chain of loads it
      // starts) with full load-delay semantics.
      while (i < n && ld_reg_) {
        if (debug_here(i)) return;
        DecodeInfo exact = Decoder::decode(in[i].word, true, Timed);
        exact.inst.offset = in[i].offset;
        exact.inst.flags = in[i].flags;
        fetch(i);
        if (!step_exact(exact.inst) || stop_here(i)) goto fault;
        if constexpr (Traced) trace_after(i);
        ++i;
      }
    }
  }

  if (b.exact) {
    for (; i < n; ++i) {
      if (debug_here(i)) return;
      fetch(i);
      if (!step_exact(in[i]) || stop_here(i)) goto fault;
      if constexpr (Traced) trace_after(i);
    }
  } else {
    for (; i < n; ++i) {
      if (debug_here(i)) return;
      fetch(i);
      if (!in[i].fn(*this, in[i]) || stop_here(i)) goto fault;
      if constexpr (Traced) trace_after(i);
    }
  }

  advance(CycleCause::Issue, n - accounted_);
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
  if constexpr (Traced) trace_->block_end(n, false, sched_.now());
  return;

fault:
  [[maybe_unused]] bool faulted = false;
  // Instruction i raised an exception (pc_ is the vector), or retired and ended the block
  // (halt, or stalls that reached kBlockStallLimit). After a delay slot execution continues at
  // the branch's target (next_pc_), otherwise at the next instruction.
  if (block_exit_retired_) {
    block_exit_retired_ = false;
    const bool slot = in[i].flags & kInDelaySlot;
    ++i;
    pc_ = slot ? next_pc_ : block_va_ + 4 * i;
    advance(CycleCause::Issue, i - accounted_);
    if (ld_next_reg_) {  // a delayed load retired last: its value lands after the next instruction
      ld_reg_ = ld_next_reg_;
      ld_val_ = ld_next_val_;
      ld_next_reg_ = 0;
    }
  } else {
    advance(CycleCause::Issue, i + 1 - accounted_);  // the faulting instruction occupied a cycle
    ++stats_.faulted;
    if constexpr (Traced) faulted = true;
  }
  stats_.instructions += i;
  if constexpr (Traced) {  // the clock is exact here: no trace_after(), which adds the unaccounted issue
    const unsigned last = faulted ? i : i - 1;
    if (sched_.now() - trace_t_ != 1) trace_->stalled(last, stalls_);
    trace_->block_end(last + 1, faulted, sched_.now());
  }
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

template void Cpu::execute_block<false, false>(Block&, bool, unsigned);
template void Cpu::execute_block<true, false>(Block&, bool, unsigned);
template void Cpu::execute_block<true, true>(Block&, bool, unsigned);
template void Cpu::execute_block<false, false, true>(Block&, bool, unsigned);
template void Cpu::execute_block<true, false, true>(Block&, bool, unsigned);
template void Cpu::execute_block<true, true, true>(Block&, bool, unsigned);
template void Cpu::execute_block<false, false, false, true>(Block&, bool, unsigned);
template void Cpu::execute_block<true, false, false, true>(Block&, bool, unsigned);
template void Cpu::execute_block<true, true, false, true>(Block&, bool, unsigned);

void Cpu::step_one() {
  const bool in_delay = delay_pending_;
  const u32 pc = pc_;
  u32 pa;
  bool cached;
  if (!fetch_translate(pc, in_delay, pa, cached)) {
    advance(CycleCause::Issue, 1);
    ++stats_.faulted;
    if (trace_insns_) trace_->fetch_fault(pc, sched_.now(), stalls_);
    return;
  }
  u32 word;
  const u8* host = bus_.host_pointer(pa, 4);
  DecodeInfo info{};
  info.inst.flags = in_delay ? kInDelaySlot : 0;
  if (!host) {
    block_va_ = pc;
    raise(kIbe, info.inst);
    advance(CycleCause::Issue, 1);
    ++stats_.faulted;
    if (trace_insns_) trace_->fetch_fault(pc, sched_.now(), stalls_);
    return;
  }
  std::memcpy(&word, host, 4);
  info = Decoder::decode(word, true, timing_);
  info.inst.offset = 0;
  if (in_delay) info.inst.flags |= kInDelaySlot;
  block_va_ = pc;
  next_pc_ = pc + 4;
  accounted_ = 0;
  // Traced, a single instruction is a block of one.
  const bool traced = trace_insns_;
  auto trace_end = [&](bool faulted) {
    if (sched_.now() - trace_t_ != 1) trace_->stalled(0, stalls_);
    trace_->block_end(1, faulted, sched_.now());
  };
  if (traced) {
    trace_->block_begin(pc, pa, cached, sched_.now(), stalls_);
    trace_t_ = sched_.now();
    if (trace_data_) trace_data_access(info.inst, 0);
  }
  if (timing_) {
    begin_block_timing();
    fetch_timing(pa, pc, cached, sched_.now());
  }

  u32 before[34], after[34];
  if (tracer_) {
    std::memcpy(before, gpr_, 32 * 4);
    before[32] = hi_;
    before[33] = lo_;
  }
  const u64 retired_before = stats_.instructions;
  const bool ok = step_exact(info.inst);
  if (footprint_) record_fetches(pa, cached, retired_before, 1);  // (nothing if it was a marker)
  if (!ok && !block_exit_retired_) {
    advance(CycleCause::Issue, 1 - accounted_);
    ++stats_.faulted;
    if (traced) trace_end(true);
    return;
  }
  const bool halted_here = !ok;
  block_exit_retired_ = false;
  advance(CycleCause::Issue, 1 - accounted_);
  ++stats_.instructions;
  if (traced) trace_end(false);
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
