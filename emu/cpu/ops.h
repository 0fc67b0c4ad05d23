// Instruction handlers, one per mnemonic (reference r3000-cpu.md §3-5). Each takes the
// CPU and the pre-decoded instruction; each returns false only when it raised an
// exception (or otherwise ended the block, e.g. `halt`). Destination registers arrive
// already redirected to the sink when they are $0 (see decoded.h).
//
// Loads come in two variants: Delayed = false writes the register at once — used when the
// decoder has proved the next instruction does not touch it, which is indistinguishable
// from the real load delay — and Delayed = true, which leaves the value pending for one
// instruction as the R2000/R3000 pipeline does.
#pragma once
#include "emu/cpu/cpu.h"
#include "emu/cpu/instruction.h"
#include "emu/cpu/memory_access.h"

namespace emu {

struct Ops {
  // ---- ALU, register/immediate ----
#define EMU_ALU_R(name, expr) \
  static bool name(Cpu& c, const DecodedInst& d) { \
    const u32 a = c.gpr_[d.rs], b = c.gpr_[d.rt]; (void)a; (void)b; \
    c.gpr_[d.rd] = (expr); \
    return true; \
  }
  EMU_ALU_R(addu, a + b)
  EMU_ALU_R(subu, a - b)
  EMU_ALU_R(and_, a & b)
  EMU_ALU_R(or_, a | b)
  EMU_ALU_R(xor_, a ^ b)
  EMU_ALU_R(nor, ~(a | b))
  EMU_ALU_R(slt, s32(a) < s32(b) ? 1u : 0u)
  EMU_ALU_R(sltu, a < b ? 1u : 0u)
  EMU_ALU_R(sllv, b << (a & 31))
  EMU_ALU_R(srlv, b >> (a & 31))
  EMU_ALU_R(srav, u32(s32(b) >> (a & 31)))
#undef EMU_ALU_R

#define EMU_ALU_I(name, expr) \
  static bool name(Cpu& c, const DecodedInst& d) { \
    const u32 a = c.gpr_[d.rs]; (void)a; \
    c.gpr_[d.rd] = (expr); \
    return true; \
  }
  EMU_ALU_I(addiu, a + d.imm)
  EMU_ALU_I(slti, s32(a) < s32(d.imm) ? 1u : 0u)
  EMU_ALU_I(sltiu, a < d.imm ? 1u : 0u)
  EMU_ALU_I(andi, a & d.imm)
  EMU_ALU_I(ori, a | d.imm)
  EMU_ALU_I(xori, a ^ d.imm)
  EMU_ALU_I(lui, d.imm)
#undef EMU_ALU_I

  static bool sll(Cpu& c, const DecodedInst& d) { c.gpr_[d.rd] = c.gpr_[d.rt] << d.sa; return true; }
  static bool srl(Cpu& c, const DecodedInst& d) { c.gpr_[d.rd] = c.gpr_[d.rt] >> d.sa; return true; }
  static bool sra(Cpu& c, const DecodedInst& d) { c.gpr_[d.rd] = u32(s32(c.gpr_[d.rt]) >> d.sa); return true; }
  static bool nop(Cpu&, const DecodedInst&) { return true; }

  // ADD/ADDI/SUB trap on signed overflow and then leave the destination unchanged.
  static bool add(Cpu& c, const DecodedInst& d) {
    s32 r;
    if (__builtin_add_overflow(s32(c.gpr_[d.rs]), s32(c.gpr_[d.rt]), &r)) return c.raise(cp0::kOv, d), false;
    c.gpr_[d.rd] = u32(r);
    return true;
  }
  static bool addi(Cpu& c, const DecodedInst& d) {
    s32 r;
    if (__builtin_add_overflow(s32(c.gpr_[d.rs]), s32(d.imm), &r)) return c.raise(cp0::kOv, d), false;
    c.gpr_[d.rd] = u32(r);
    return true;
  }
  static bool sub(Cpu& c, const DecodedInst& d) {
    s32 r;
    if (__builtin_sub_overflow(s32(c.gpr_[d.rs]), s32(c.gpr_[d.rt]), &r)) return c.raise(cp0::kOv, d), false;
    c.gpr_[d.rd] = u32(r);
    return true;
  }

  // ---- HI/LO ----
  // With the timing model the multiply unit works beside the pipeline: MULT/DIV results
  // are ready mult/div cycles after issue (timing_profile.h); MFHI/MFLO, and a further
  // MULT/DIV, wait for it. MTHI/MTLO do not wait (writing HI/LO while the unit is busy is
  // undefined on the R3000; we let the write stand and the unit's result is lost).
  static bool mfhi(Cpu& c, const DecodedInst& d) {
    if (c.timing_) c.hilo_wait(d);
    c.gpr_[d.rd] = c.hi_;
    return !c.timing_ || c.retired();
  }
  static bool mflo(Cpu& c, const DecodedInst& d) {
    if (c.timing_) c.hilo_wait(d);
    c.gpr_[d.rd] = c.lo_;
    return !c.timing_ || c.retired();
  }
  static bool mthi(Cpu& c, const DecodedInst& d) { c.hi_ = c.gpr_[d.rs]; c.hilo_ready_ = 0; return true; }
  static bool mtlo(Cpu& c, const DecodedInst& d) { c.lo_ = c.gpr_[d.rs]; c.hilo_ready_ = 0; return true; }
  static bool start_muldiv(Cpu& c, const DecodedInst& d, u32 latency) {
    if (!c.timing_) return true;
    c.hilo_wait(d);
    c.hilo_ready_ = c.now_at(d) + latency;
    return c.retired();
  }
  static bool mult(Cpu& c, const DecodedInst& d) {
    s64 r = s64(s32(c.gpr_[d.rs])) * s64(s32(c.gpr_[d.rt]));
    c.lo_ = u32(u64(r));
    c.hi_ = u32(u64(r) >> 32);
    return start_muldiv(c, d, c.mem_.profile().mult);
  }
  static bool multu(Cpu& c, const DecodedInst& d) {
    u64 r = u64(c.gpr_[d.rs]) * u64(c.gpr_[d.rt]);
    c.lo_ = u32(r);
    c.hi_ = u32(r >> 32);
    return start_muldiv(c, d, c.mem_.profile().mult);
  }
  // Division never traps. By zero: LO = (n >= 0 ? -1 : 1), HI = n; 0x80000000 / -1:
  // LO = 0x80000000, HI = 0 (reference §3, psx-spx measurements).
  static bool div(Cpu& c, const DecodedInst& d) {
    s32 n = s32(c.gpr_[d.rs]), q = s32(c.gpr_[d.rt]);
    if (q == 0) {
      c.lo_ = n >= 0 ? 0xffffffffu : 1u;
      c.hi_ = u32(n);
    } else if (u32(n) == 0x80000000u && q == -1) {
      c.lo_ = 0x80000000u;
      c.hi_ = 0;
    } else {
      c.lo_ = u32(n / q);
      c.hi_ = u32(n % q);
    }
    return start_muldiv(c, d, c.mem_.profile().div);
  }
  static bool divu(Cpu& c, const DecodedInst& d) {
    u32 n = c.gpr_[d.rs], q = c.gpr_[d.rt];
    if (q == 0) {
      c.lo_ = 0xffffffffu;
      c.hi_ = n;
    } else {
      c.lo_ = n / q;
      c.hi_ = n % q;
    }
    return start_muldiv(c, d, c.mem_.profile().div);
  }

  // ---- branches and jumps: each sets where execution continues after the delay slot ----
  static u32 pc_of(const Cpu& c, const DecodedInst& d) { return c.block_va_ + d.offset; }
#define EMU_BRANCH(name, cond) \
  static bool name(Cpu& c, const DecodedInst& d) { \
    const u32 pc = pc_of(c, d); const s32 a = s32(c.gpr_[d.rs]), b = s32(c.gpr_[d.rt]); (void)b; \
    c.next_pc_ = (cond) ? pc + 4 + d.imm : pc + 8; \
    return true; \
  }
  EMU_BRANCH(beq, a == b)
  EMU_BRANCH(bne, a != b)
  EMU_BRANCH(blez, a <= 0)
  EMU_BRANCH(bgtz, a > 0)
  EMU_BRANCH(bltz, a < 0)
  EMU_BRANCH(bgez, a >= 0)
#undef EMU_BRANCH
  // BLTZAL/BGEZAL link whether or not the branch is taken (reference §4.1).
  static bool bltzal(Cpu& c, const DecodedInst& d) {
    const u32 pc = pc_of(c, d);
    const s32 a = s32(c.gpr_[d.rs]);
    c.gpr_[31] = pc + 8;
    c.next_pc_ = a < 0 ? pc + 4 + d.imm : pc + 8;
    return true;
  }
  static bool bgezal(Cpu& c, const DecodedInst& d) {
    const u32 pc = pc_of(c, d);
    const s32 a = s32(c.gpr_[d.rs]);
    c.gpr_[31] = pc + 8;
    c.next_pc_ = a >= 0 ? pc + 4 + d.imm : pc + 8;
    return true;
  }
  static bool j(Cpu& c, const DecodedInst& d) {
    c.next_pc_ = ((pc_of(c, d) + 4) & 0xf0000000u) | d.imm;
    return true;
  }
  static bool jal(Cpu& c, const DecodedInst& d) {
    const u32 pc = pc_of(c, d);
    c.gpr_[31] = pc + 8;
    c.next_pc_ = ((pc + 4) & 0xf0000000u) | d.imm;
    return true;
  }
  static bool jr(Cpu& c, const DecodedInst& d) {
    c.next_pc_ = c.gpr_[d.rs];
    return true;
  }
  static bool jalr(Cpu& c, const DecodedInst& d) {
    const u32 target = c.gpr_[d.rs];
    c.gpr_[d.rd] = pc_of(c, d) + 8;
    c.next_pc_ = target;
    return true;
  }

  // ---- exceptions ----
  static bool syscall(Cpu& c, const DecodedInst& d) { return c.raise(cp0::kSys, d), false; }
  static bool break_(Cpu& c, const DecodedInst& d) { return c.raise(cp0::kBp, d), false; }
  static bool reserved(Cpu& c, const DecodedInst& d) { return c.raise(cp0::kRi, d), false; }

  // ---- loads and stores (ops_mem.cpp-style helpers live in the Cpu) ----
  template <bool Delayed>
  static void write_loaded(Cpu& c, const DecodedInst& d, u32 v) {
    if constexpr (Delayed) {
      if (d.rd != kSinkReg) {
        c.ld_next_reg_ = d.rd;
        c.ld_next_val_ = v;
      }
    } else {
      c.gpr_[d.rd] = v;
    }
  }
  // Timed handlers end with c.retired(): a stall that carried the clock past the run's
  // limit ends the block after this instruction (Cpu::stall).
  template <bool Timed> static bool done(Cpu& c) {
    if constexpr (Timed) return c.retired();
    else return true;
  }
#define EMU_LOAD(name, size, conv) \
  template <bool Delayed, bool Timed> static bool name(Cpu& c, const DecodedInst& d) { \
    u32 v; \
    if (!c.load<size, Timed>(c.gpr_[d.rs] + d.imm, d, v)) return false; \
    write_loaded<Delayed>(c, d, (conv)); \
    return done<Timed>(c); \
  }
  EMU_LOAD(lb, 1, sign_extend8(v))
  EMU_LOAD(lbu, 1, v)
  EMU_LOAD(lh, 2, sign_extend16(v))
  EMU_LOAD(lhu, 2, v)
  EMU_LOAD(lw, 4, v)
#undef EMU_LOAD

  // LWL/LWR merge into the register; inside a load delay they merge into the pending value
  // (that is what makes back-to-back `lwr; lwl` work, reference §4.2 and §5).
  template <bool Delayed> static u32 merge_base(const Cpu& c, const DecodedInst& d) {
    if constexpr (Delayed)
      if (c.ld_reg_ == d.rt && d.rt != 0) return c.ld_val_;
    return c.gpr_[d.rt];
  }
  template <bool Delayed, bool Timed> static bool lwl(Cpu& c, const DecodedInst& d) {
    const u32 va = c.gpr_[d.rs] + d.imm;
    u32 w;
    if (!c.load_unaligned_word<Timed>(va, d, w)) return false;
    const u32 old = merge_base<Delayed>(c, d);
    const unsigned b = va & 3;
    const u32 r = b == 3 ? w : (old & (0x00ffffffu >> (b * 8))) | (w << (24 - b * 8));
    write_loaded<Delayed>(c, d, r);
    return done<Timed>(c);
  }
  template <bool Delayed, bool Timed> static bool lwr(Cpu& c, const DecodedInst& d) {
    const u32 va = c.gpr_[d.rs] + d.imm;
    u32 w;
    if (!c.load_unaligned_word<Timed>(va, d, w)) return false;
    const u32 old = merge_base<Delayed>(c, d);
    const unsigned b = va & 3;
    const u32 r = b == 0 ? w : (old & (0xffffff00u << (24 - b * 8))) | (w >> (b * 8));
    write_loaded<Delayed>(c, d, r);
    return done<Timed>(c);
  }

  template <bool Timed> static bool sb(Cpu& c, const DecodedInst& d) {
    return c.store<1, Timed>(c.gpr_[d.rs] + d.imm, d, c.gpr_[d.rt] & 0xff) && done<Timed>(c);
  }
  template <bool Timed> static bool sh(Cpu& c, const DecodedInst& d) {
    return c.store<2, Timed>(c.gpr_[d.rs] + d.imm, d, c.gpr_[d.rt] & 0xffff) && done<Timed>(c);
  }
  template <bool Timed> static bool sw(Cpu& c, const DecodedInst& d) {
    return c.store<4, Timed>(c.gpr_[d.rs] + d.imm, d, c.gpr_[d.rt]) && done<Timed>(c);
  }
  static bool swl(Cpu& c, const DecodedInst& d);
  static bool swr(Cpu& c, const DecodedInst& d);

  // ---- coprocessors (ops_cop.cpp) ----
  template <bool Delayed> static bool mfc0(Cpu& c, const DecodedInst& d);
  static bool mtc0(Cpu& c, const DecodedInst& d);
  static bool rfe(Cpu& c, const DecodedInst& d);
  static bool tlbr(Cpu& c, const DecodedInst& d);
  static bool tlbwi(Cpu& c, const DecodedInst& d);
  static bool tlbwr(Cpu& c, const DecodedInst& d);
  static bool tlbp(Cpu& c, const DecodedInst& d);
  static bool cpcond0(Cpu& c, const DecodedInst& d);
  static bool bc0f(Cpu& c, const DecodedInst& d);
  static bool bc0t(Cpu& c, const DecodedInst& d);
  static bool cop0_unusable_check(Cpu& c, const DecodedInst& d);
  // An undefined COPz operation: CpU if the coprocessor is unusable (checked on the
  // opcode, before its operation is decoded), else RI.
  static bool cop0_reserved(Cpu& c, const DecodedInst& d);
  static bool cop1_reserved(Cpu& c, const DecodedInst& d);

  template <bool Delayed> static bool mfc1(Cpu& c, const DecodedInst& d);
  template <bool Delayed> static bool cfc1(Cpu& c, const DecodedInst& d);
  static bool mtc1(Cpu& c, const DecodedInst& d);
  static bool ctc1(Cpu& c, const DecodedInst& d);
  static bool bc1f(Cpu& c, const DecodedInst& d);
  static bool bc1t(Cpu& c, const DecodedInst& d);
  static bool cop1_op(Cpu& c, const DecodedInst& d);
  static bool lwc1(Cpu& c, const DecodedInst& d);
  static bool swc1(Cpu& c, const DecodedInst& d);
  static bool cop23(Cpu& c, const DecodedInst& d);  // COP2/COP3 and LWC2/3, SWC2/3

  static bool emu_op(Cpu& c, const DecodedInst& d);
};

}  // namespace emu
