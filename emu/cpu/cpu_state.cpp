// Cpu::state (cpu.h): what a checkpoint keeps of the core. Taken between runs, at a block
// boundary, where no block is half executed; so the per-block context (block_va_,
// accounted_, block_stall_, ...) is not state.
#include "emu/cpu/cpu.h"

namespace emu {

void Cpu::state(StateIo& io) {
  io.section("cpu");
  io.pod(gpr_);
  io.pod(hi_);
  io.pod(lo_);
  io.pod(pc_);
  io.pod(ld_reg_);
  io.pod(ld_val_);
  io.pod(ld_next_reg_);
  io.pod(ld_next_val_);
  io.check(ld_reg_ < 33 && ld_next_reg_ < 33, "a pending load names no register");
  io.pod(index_);
  io.pod(entry_lo_);
  io.pod(context_);
  io.pod(bad_vaddr_);
  io.pod(entry_hi_);
  io.pod(status_);
  io.pod(cause_);
  io.pod(epc_);
  io.pod(random_epoch_);
  io.pod(hw_pins_);
  tlb_.state(io);
  fpu_.state(io);
  io.boolean(delay_pending_);
  io.pod(delay_target_);
  io.boolean(halted_);
  io.pod(exit_status_);
  io.pod(cycles_hi_latch_);
  io.pod(hilo_ready_);
  io.pod(fpu_ready_);
  // Counters, but not blocks_compiled and code_invalidations: they count the work of this
  // process's decoded-code cache (host statistics), which a restore starts afresh.
  io.pod(stats_.instructions);
  io.pod(stats_.exceptions);
  io.pod(stats_.utlb_misses);
  io.pod(stats_.interrupts_taken);
  io.pod(stats_.faulted);
  io.pod(stalls_);
  mem_.state(io);
  if (!io.loading()) return;
  // Derived state, rebuilt: the mode bits and interrupt summary, decoded code, jump cache.
  code_.clear();
  jump_ = std::make_unique<JumpEntry[]>(kJumpEntries);
  stop_after_ = false;
  block_stall_ = 0;
  update_mode();
}

}  // namespace emu
