// Coprocessor instructions (CP0 system control, CP1 = the R2010/R3010 FPA, CP2/CP3 absent
// on DECstations), unaligned stores, and the emulator operations.
// Sources: reference r3000-cpu.md §3, §6-8, §12; NetBSD cpuregs.h; MAME mips1.cpp.
#include "emu/cpu/ops.h"

namespace emu {

using namespace cp0;

// CP0 is always usable in kernel mode; in user mode only with Status.CU0.
bool Ops::cop0_unusable_check(Cpu& c, const DecodedInst& d) {
  if (c.user_mode_ && !(c.status_ & kCU0)) {
    c.raise(kCpU, d, 0);
    return false;
  }
  return true;
}

bool Ops::cop0_reserved(Cpu& c, const DecodedInst& d) {
  return cop0_unusable_check(c, d) && reserved(c, d);
}

template <bool Delayed>
bool Ops::mfc0(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  if (d.sa == kRandom) c.sync_time(d);  // Random depends on the exact cycle
  write_loaded<Delayed>(c, d, c.cp0(d.sa));
  return true;
}
template bool Ops::mfc0<false>(Cpu&, const DecodedInst&);
template bool Ops::mfc0<true>(Cpu&, const DecodedInst&);

bool Ops::mtc0(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  c.set_cp0(d.sa, c.gpr_[d.rt]);
  return true;
}

// RFE pops the KU/IE stack: (KUc,IEc) <- (KUp,IEp); (KUp,IEp) <- (KUo,IEo); old unchanged.
bool Ops::rfe(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  c.status_ = (c.status_ & ~0x0fu) | ((c.status_ >> 2) & 0x0fu);
  c.update_mode();
  return true;
}

bool Ops::tlbr(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  const TlbEntry& e = c.tlb_.entry((c.index_ >> 8) & 63);
  c.entry_hi_ = e.hi;
  c.entry_lo_ = e.lo;
  return true;
}
bool Ops::tlbwi(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  c.tlb_.write((c.index_ >> 8) & 63, c.entry_hi_, c.entry_lo_);
  if (c.trace_) c.trace_->tlb_write(c.now_at(d), (c.index_ >> 8) & 63, c.entry_hi_, c.entry_lo_);
  return true;
}
bool Ops::tlbwr(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  c.sync_time(d);
  const unsigned index = c.random_value();
  c.tlb_.write(index, c.entry_hi_, c.entry_lo_);
  if (c.trace_) c.trace_->tlb_write(c.now_at(d), index, c.entry_hi_, c.entry_lo_);
  return true;
}
// TLBP: Index <- matching entry, or P set (index bits keep their old value: undefined on
// the chip).
bool Ops::tlbp(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  int i = c.tlb_.probe(c.entry_hi_);
  c.index_ = i < 0 ? (kIndexP | (c.index_ & kIndexMask)) : u32(i) << 8;
  return true;
}

// CpCond0 on DECstations is "write buffer empty" (reference §10): with the timing model
// it is the write buffer's state at this cycle; without it every store has retired at
// once, so the buffer is always empty. A board may wire something else (set_cpcond0).
bool Ops::cpcond0(Cpu& c, const DecodedInst& d) {
  c.sync_time(d);
  if (c.cpcond0_) return c.cpcond0_();
  return !c.timing_ || c.mem_.write_buffer().empty(c.sched_.now());
}
bool Ops::bc0f(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  const u32 pc = pc_of(c, d);
  c.next_pc_ = !cpcond0(c, d) ? pc + 4 + d.imm : pc + 8;
  return true;
}
bool Ops::bc0t(Cpu& c, const DecodedInst& d) {
  if (!cop0_unusable_check(c, d)) return false;
  const u32 pc = pc_of(c, d);
  c.next_pc_ = cpcond0(c, d) ? pc + 4 + d.imm : pc + 8;
  return true;
}

// ---- CP1: usable only with Status.CU1, in kernel mode too ----
static inline bool cu1(Cpu& c, const DecodedInst& d, u32 status) {
  if (!(status & kCU1)) return false;
  return true;
}

// With the timing model every FPA instruction first waits until the FPA has finished
// the previous operation (a simplification of the R3010's register interlocks: integer
// instructions overlap with an FP operation, FP instructions do not).
#define EMU_NEED_CU1()                       \
  if (!cu1(c, d, c.status_)) {               \
    c.raise(kCpU, d, 1);                     \
    return false;                            \
  }                                          \
  if (c.timing_) c.fpu_wait(d);

bool Ops::cop1_reserved(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  return reserved(c, d);
}

template <bool Delayed>
bool Ops::mfc1(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  write_loaded<Delayed>(c, d, c.fpu_.fgr(d.sa));
  return true;
}
template bool Ops::mfc1<false>(Cpu&, const DecodedInst&);
template bool Ops::mfc1<true>(Cpu&, const DecodedInst&);

template <bool Delayed>
bool Ops::cfc1(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  write_loaded<Delayed>(c, d, c.fpu_.read_control(d.sa));
  return true;
}
template bool Ops::cfc1<false>(Cpu&, const DecodedInst&);
template bool Ops::cfc1<true>(Cpu&, const DecodedInst&);

bool Ops::mtc1(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  c.fpu_.set_fgr(d.sa, c.gpr_[d.rt]);
  return true;
}
bool Ops::ctc1(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  c.fpu_.write_control(d.sa, c.gpr_[d.rt]);
  c.update_interrupt_pending();  // writing cause+enable bits can raise or clear the FPA interrupt
  return true;
}
bool Ops::bc1f(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  const u32 pc = pc_of(c, d);
  c.next_pc_ = !c.fpu_.condition() ? pc + 4 + d.imm : pc + 8;
  return true;
}
bool Ops::bc1t(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  const u32 pc = pc_of(c, d);
  c.next_pc_ = c.fpu_.condition() ? pc + 4 + d.imm : pc + 8;
  return true;
}

// An FPA computational instruction. FP exceptions on R2000/R3000 systems arrive as the
// FPA's interrupt (Int5 = Cause.IP7 on DECstations), precisely on the FP instruction:
// when it traps and the interrupt is enabled, the interrupt is taken with EPC at the FP
// instruction (kernels read the instruction at EPC to emulate it). If the interrupt is
// masked the instruction simply has no result and execution continues.
bool Ops::cop1_op(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  if (c.timing_) c.fpu_ready_ = c.now_at(d) + Fpu::latency(d.word);
  switch (c.fpu_.execute(d.word)) {
    case Fpu::Outcome::Done:
      return !c.timing_ || c.retired();
    case Fpu::Outcome::Reserved:
      c.raise(kRi, d);
      return false;
    case Fpu::Outcome::Trapped:
      c.update_interrupt_pending();
      if (c.interrupt_pending_) {
        c.raise(kInt, d);
        return false;
      }
      return true;
  }
  return true;
}

bool Ops::lwc1(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  u32 v;
  const u32 va = c.gpr_[d.rs] + d.imm;
  if (!(c.timing_ ? c.load<4, true>(va, d, v) : c.load<4, false>(va, d, v))) return false;
  c.fpu_.set_fgr(d.rt, v);
  return !c.timing_ || c.retired();
}
bool Ops::swc1(Cpu& c, const DecodedInst& d) {
  EMU_NEED_CU1();
  const u32 va = c.gpr_[d.rs] + d.imm;
  if (!(c.timing_ ? c.store<4, true>(va, d, c.fpu_.fgr(d.rt)) : c.store<4, false>(va, d, c.fpu_.fgr(d.rt))))
    return false;
  return !c.timing_ || c.retired();
}
#undef EMU_NEED_CU1

// DECstations have no coprocessor 2 or 3. Without CUz the instruction raises CpU (CE = z);
// with CUz set nothing answers and we execute it as a no-op (undefined on the real board).
bool Ops::cop23(Cpu& c, const DecodedInst& d) {
  const u32 op = mips::op(d.word);
  const unsigned z = op & 3;
  if (!(c.status_ & (kCU0 << z))) {
    c.raise(kCpU, d, z);
    return false;
  }
  return true;
}

// ---- unaligned stores (reference §5, little-endian) ----
bool Ops::swl(Cpu& c, const DecodedInst& d) {
  const u32 va = c.gpr_[d.rs] + d.imm;
  const unsigned b = va & 3;
  const u32 mask = 0xffffffffu >> (24 - b * 8);  // bytes 0..b of the word
  return c.store_masked(va & ~3u, va, d, c.gpr_[d.rt] >> (24 - b * 8), mask) && (!c.timing_ || c.retired());
}
bool Ops::swr(Cpu& c, const DecodedInst& d) {
  const u32 va = c.gpr_[d.rs] + d.imm;
  const unsigned b = va & 3;
  const u32 mask = 0xffffffffu << (b * 8);  // bytes b..3 of the word
  return c.store_masked(va & ~3u, va, d, c.gpr_[d.rt] << (b * 8), mask) && (!c.timing_ || c.retired());
}

// ---- emulator operations: `ori $zero, $rs, 0xDExx` (instruction.h) ----
bool Ops::emu_op(Cpu& c, const DecodedInst& d) {
  const unsigned fn = d.imm & 0xff;
  const unsigned r = d.rs;
  c.sync_time(d);
  const Cycles now = c.sched_.now();
  switch (fn) {
    case mips::kEmuHalt:
      c.halted_ = true;
      c.exit_status_ = int(c.gpr_[r] & 0xff);
      c.block_exit_retired_ = true;
      c.next_pc_ = pc_of(c, d) + 4;
      return false;
    case mips::kEmuCyclesLo:
      c.cycles_hi_latch_ = u32(now >> 32);
      if (r) c.gpr_[r] = u32(now);
      return true;
    case mips::kEmuCyclesHi:
      if (r) c.gpr_[r] = c.cycles_hi_latch_;
      return true;
    case mips::kEmuInstretLo:
      if (r) c.gpr_[r] = u32(c.stats_.instructions + d.offset / 4);
      return true;
    case mips::kEmuIsEmulator:
      if (r) c.gpr_[r] = 1;
      return true;
    default:
      c.instret_at_op_ = c.stats_.instructions + d.offset / 4;
      {
        const Footprint* recording = c.footprint_;  // a region marker may switch it
        if (recording) c.footprint_before_op(d);
        if (c.emu_op_handler_) c.emu_op_handler_(fn, c.gpr_[r]);
        if (recording || c.footprint_) c.footprint_after_op(d, recording);
      }
      return true;
  }
}

}  // namespace emu
