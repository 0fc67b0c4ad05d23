// What the CPU tells a cycle trace (--trace; emu/trace/machine_tracer.h records it).
//
// Instructions are reported per block from the normal execution path (execute.cpp runs a
// separate instantiation of the block executor while instructions are traced, so the
// untraced loop is unchanged): block_begin, then for each instruction that was charged
// more than its issue cycle the stall causes so far, then block_end. Everything else comes
// from paths that already cost far more than a call (exceptions, TLB writes, device
// registers, DMA) and is reported whenever a sink is set.
#pragma once
#include "emu/common/types.h"
#include "emu/timing/cycle_cause.h"

namespace emu {

class CpuTraceSink {
 public:
  virtual ~CpuTraceSink() = default;
  // --- instructions (only while Cpu::set_trace_sink(.., insns = true)) ---
  // Straight-line code at va (physical pa; fetched through the caches if `cached`) starts
  // at cycle `now`. `stalls` are the CPU's stall cycles by cause so far: anything charged
  // since the last block_end happened outside instructions (an interrupt's entry).
  virtual void block_begin(u32 va, u32 pa, bool cached, Cycles now, const CycleCauses& stalls) = 0;
  // Instruction k of the block is a load or store of 1 << log2size bytes at va (before it
  // runs; `store`, the CPU's data translation gives `pa`, or ~0 when unmapped).
  virtual void mem_access(unsigned k, u32 va, u32 pa, unsigned log2size, bool store, bool cached) = 0;
  // Instruction k was charged stall cycles: `stalls` is the running total by cause.
  virtual void stalled(unsigned k, const CycleCauses& stalls) = 0;
  // The block ended after n instructions at cycle `now` (the last one raised an exception
  // if `faulted`). Instruction tracing may be switched off here, and only here.
  virtual void block_end(unsigned n, bool faulted, Cycles now) = 0;
  // The fetch at va raised an exception (TLB miss, address error, bus error): one cycle
  // issued, counted as a faulted instruction.
  virtual void fetch_fault(u32 va, Cycles now, const CycleCauses& stalls) = 0;

  // --- events ---
  // An exception or interrupt taken at cycle `at` (the faulting instruction's issue).
  virtual void exception(Cycles at, unsigned code, u32 epc, u32 vector, u32 badvaddr, bool utlb, bool delay_slot) = 0;
  virtual void tlb_write(Cycles at, unsigned index, u32 entry_hi, u32 entry_lo) = 0;
  virtual void device_access(Cycles at, u32 pa, unsigned size, u32 value, bool write) = 0;
  virtual void dma_write(Cycles at, u32 pa, u32 len) = 0;
};

}  // namespace emu
