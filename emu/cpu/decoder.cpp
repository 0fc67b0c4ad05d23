// MIPS I decoder: picks the handler for each instruction word (reference r3000-cpu.md §3).
// Everything not listed there is a reserved instruction on the R2000/R3000, including all
// MIPS II and later encodings (ll/sc, branch-likely except as below, traps, sync, ...).
#include "emu/cpu/decoder.h"

#include <cstring>

#include "emu/cpu/instruction.h"
#include "emu/cpu/ops.h"

namespace emu {

using namespace mips;

namespace {

u32 bit(unsigned r) { return r ? (1u << r) : 0; }

struct Builder {
  DecodeInfo info;
  bool delayed;
  bool timed;  // pick the handlers that run the timing model (emu/timing)
  DecodedInst& d() { return info.inst; }
  void fn(Handler h) { info.inst.fn = h; }
  void dest(unsigned r) { info.inst.rd = r ? u8(r) : kSinkReg; }
  void reads(unsigned a) { info.reads |= bit(a); }
  void reads(unsigned a, unsigned b) { info.reads |= bit(a) | bit(b); }
  template <Handler Fast, Handler Slow>
  void load(unsigned dest_reg) {
    fn(delayed ? Slow : Fast);
    dest(dest_reg);
    info.load_like = true;
    info.inst.flags |= kIsLoad;
  }
  // A memory load: four variants (load delay exact or not) x (timed or not).
  template <Handler Fast, Handler Slow, Handler FastTimed, Handler SlowTimed>
  void mem_load(unsigned dest_reg) {
    if (timed) load<FastTimed, SlowTimed>(dest_reg);
    else load<Fast, Slow>(dest_reg);
  }
  template <Handler Plain, Handler Timed>
  void mem_store() { fn(timed ? Timed : Plain); }
  void branch(Handler h) {
    fn(h);
    info.branch = true;
    info.inst.flags |= kIsBranch;
  }
};

void decode_special(Builder& b, u32 w) {
  const unsigned s = rs(w), t = rt(w), d = rd(w);
  switch (funct(w)) {
    case kSll: b.fn(w == 0 ? Ops::nop : Ops::sll); b.dest(d); b.reads(t); return;
    case kSrl: b.fn(Ops::srl); b.dest(d); b.reads(t); return;
    case kSra: b.fn(Ops::sra); b.dest(d); b.reads(t); return;
    case kSllv: b.fn(Ops::sllv); b.dest(d); b.reads(s, t); return;
    case kSrlv: b.fn(Ops::srlv); b.dest(d); b.reads(s, t); return;
    case kSrav: b.fn(Ops::srav); b.dest(d); b.reads(s, t); return;
    case kJr: b.branch(Ops::jr); b.reads(s); return;
    case kJalr: b.branch(Ops::jalr); b.dest(d); b.reads(s); return;
    case kSyscall: b.fn(Ops::syscall); b.info.ends_block = true; return;
    case kBreak: b.fn(Ops::break_); b.info.ends_block = true; return;
    case kMfhi: b.fn(Ops::mfhi); b.dest(d); return;
    case kMthi: b.fn(Ops::mthi); b.reads(s); return;
    case kMflo: b.fn(Ops::mflo); b.dest(d); return;
    case kMtlo: b.fn(Ops::mtlo); b.reads(s); return;
    case kMult: b.fn(Ops::mult); b.reads(s, t); return;
    case kMultu: b.fn(Ops::multu); b.reads(s, t); return;
    case kDiv: b.fn(Ops::div); b.reads(s, t); return;
    case kDivu: b.fn(Ops::divu); b.reads(s, t); return;
    case kAdd: b.fn(Ops::add); b.dest(d); b.reads(s, t); return;
    case kAddu: b.fn(Ops::addu); b.dest(d); b.reads(s, t); return;
    case kSub: b.fn(Ops::sub); b.dest(d); b.reads(s, t); return;
    case kSubu: b.fn(Ops::subu); b.dest(d); b.reads(s, t); return;
    case kAnd: b.fn(Ops::and_); b.dest(d); b.reads(s, t); return;
    case kOr: b.fn(Ops::or_); b.dest(d); b.reads(s, t); return;
    case kXor: b.fn(Ops::xor_); b.dest(d); b.reads(s, t); return;
    case kNor: b.fn(Ops::nor); b.dest(d); b.reads(s, t); return;
    case kSlt: b.fn(Ops::slt); b.dest(d); b.reads(s, t); return;
    case kSltu: b.fn(Ops::sltu); b.dest(d); b.reads(s, t); return;
    default: b.fn(Ops::reserved); b.info.ends_block = true; return;
  }
}

// REGIMM: MIPS I parts ignore rt bit 1 (MAME, from hardware tests), so the MIPS II
// "likely" encodings execute as the plain branch; other rt values are reserved.
void decode_regimm(Builder& b, u32 w) {
  b.reads(rs(w));
  b.d().imm = simm16(w) << 2;
  switch (rt(w) & ~2u) {
    case 0x00: b.branch(Ops::bltz); return;
    case 0x01: b.branch(Ops::bgez); return;
    case 0x10: b.branch(Ops::bltzal); b.dest(31); return;
    case 0x11: b.branch(Ops::bgezal); b.dest(31); return;
    default: b.info.reads = 0; b.fn(Ops::reserved); b.info.ends_block = true; return;
  }
}

void decode_cop0(Builder& b, u32 w) {
  const unsigned sub = rs(w);
  b.d().sa = u8(rd(w));  // the CP0 register number travels in `sa`
  if (sub & 0x10) {
    b.info.ends_block = true;
    switch (funct(w)) {
      case kTlbr: b.fn(Ops::tlbr); return;
      case kTlbwi: b.fn(Ops::tlbwi); return;
      case kTlbwr: b.fn(Ops::tlbwr); return;
      case kTlbp: b.fn(Ops::tlbp); return;
      case kRfe: b.fn(Ops::rfe); return;
      default: b.fn(Ops::cop0_reserved); return;
    }
  }
  switch (sub) {
    case kMf: b.load<Ops::mfc0<false>, Ops::mfc0<true>>(rt(w)); return;
    case kMt: b.fn(Ops::mtc0); b.reads(rt(w)); b.info.ends_block = true; return;
    case kBc:
      b.d().imm = simm16(w) << 2;
      switch (rt(w) & ~2u) {
        case 0: b.branch(Ops::bc0f); return;
        case 1: b.branch(Ops::bc0t); return;
      }
      [[fallthrough]];
    default: b.fn(Ops::cop0_reserved); b.info.ends_block = true; return;
  }
}

void decode_cop1(Builder& b, u32 w) {
  const unsigned sub = rs(w);
  b.d().sa = u8(rd(w));  // FPR / FCR number (fs)
  if (sub & 0x10) {
    b.fn(Ops::cop1_op);
    return;
  }
  switch (sub) {
    case kMf: b.load<Ops::mfc1<false>, Ops::mfc1<true>>(rt(w)); return;
    case kCf: b.load<Ops::cfc1<false>, Ops::cfc1<true>>(rt(w)); return;
    case kMt: b.fn(Ops::mtc1); b.reads(rt(w)); return;
    case kCt: b.fn(Ops::ctc1); b.reads(rt(w)); b.info.ends_block = true; return;
    case kBc:
      b.d().imm = simm16(w) << 2;
      switch (rt(w) & ~2u) {
        case 0: b.branch(Ops::bc1f); return;
        case 1: b.branch(Ops::bc1t); return;
      }
      [[fallthrough]];
    default: b.fn(Ops::cop1_reserved); b.info.ends_block = true; return;
  }
}

}  // namespace

DecodeInfo Decoder::decode(u32 w, bool delayed_loads, bool timed) {
  Builder b{{}, delayed_loads, timed};
  DecodedInst& d = b.d();
  d.word = w;
  d.rs = u8(rs(w));
  d.rt = u8(rt(w));
  d.rd = kSinkReg;
  d.sa = u8(sa(w));
  d.imm = simm16(w);
  const unsigned s = rs(w), t = rt(w);
  switch (op(w)) {
    case kSpecial: decode_special(b, w); break;
    case kRegimm: decode_regimm(b, w); break;
    case kJ: d.imm = target26(w) << 2; b.branch(Ops::j); break;
    case kJal: d.imm = target26(w) << 2; b.branch(Ops::jal); b.dest(31); break;
    case kBeq: d.imm = simm16(w) << 2; b.branch(Ops::beq); b.reads(s, t); break;
    case kBne: d.imm = simm16(w) << 2; b.branch(Ops::bne); b.reads(s, t); break;
    // BLEZ/BGTZ with rt != 0 are reserved encodings; the R3000 ignores rt (MAME).
    case kBlez: d.imm = simm16(w) << 2; b.branch(Ops::blez); b.reads(s); break;
    case kBgtz: d.imm = simm16(w) << 2; b.branch(Ops::bgtz); b.reads(s); break;
    case kAddi: b.fn(Ops::addi); b.dest(t); b.reads(s); break;
    case kAddiu: b.fn(Ops::addiu); b.dest(t); b.reads(s); break;
    case kSlti: b.fn(Ops::slti); b.dest(t); b.reads(s); break;
    case kSltiu: b.fn(Ops::sltiu); b.dest(t); b.reads(s); break;
    case kAndi: d.imm = imm16(w); b.fn(Ops::andi); b.dest(t); b.reads(s); break;
    case kOri:
      d.imm = imm16(w);
      if (t == 0 && (d.imm & 0xff00) == kEmuOpSignature) {
        b.fn(Ops::emu_op);
        // Only the read-out operations write rs; naming it as the destination of the
        // others (halt, regions) would make the load-delay logic drop a pending load to
        // rs as if this instruction had overwritten it.
        const u32 fn_code = d.imm & 0xff;
        const bool writes_rs = fn_code == kEmuCyclesLo || fn_code == kEmuCyclesHi ||
                               fn_code == kEmuInstretLo || fn_code == kEmuIsEmulator;
        d.rd = u8(s && writes_rs ? s : kSinkReg);
        b.reads(s);
        b.info.ends_block = (d.imm & 0xff) == kEmuHalt;
      } else {
        b.fn(Ops::ori);
        b.dest(t);
        b.reads(s);
      }
      break;
    case kXori: d.imm = imm16(w); b.fn(Ops::xori); b.dest(t); b.reads(s); break;
    case kLui: d.imm = imm16(w) << 16; b.fn(Ops::lui); b.dest(t); break;
    case kCop0: decode_cop0(b, w); break;
    case kCop1: decode_cop1(b, w); break;
    case kCop2: case kCop3: b.fn(Ops::cop23); break;
    case kLb: b.mem_load<Ops::lb<false, false>, Ops::lb<true, false>, Ops::lb<false, true>, Ops::lb<true, true>>(t); b.reads(s); break;
    case kLbu: b.mem_load<Ops::lbu<false, false>, Ops::lbu<true, false>, Ops::lbu<false, true>, Ops::lbu<true, true>>(t); b.reads(s); break;
    case kLh: b.mem_load<Ops::lh<false, false>, Ops::lh<true, false>, Ops::lh<false, true>, Ops::lh<true, true>>(t); b.reads(s); break;
    case kLhu: b.mem_load<Ops::lhu<false, false>, Ops::lhu<true, false>, Ops::lhu<false, true>, Ops::lhu<true, true>>(t); b.reads(s); break;
    case kLw: b.mem_load<Ops::lw<false, false>, Ops::lw<true, false>, Ops::lw<false, true>, Ops::lw<true, true>>(t); b.reads(s); break;
    case kLwl: b.mem_load<Ops::lwl<false, false>, Ops::lwl<true, false>, Ops::lwl<false, true>, Ops::lwl<true, true>>(t); b.reads(s, t); break;
    case kLwr: b.mem_load<Ops::lwr<false, false>, Ops::lwr<true, false>, Ops::lwr<false, true>, Ops::lwr<true, true>>(t); b.reads(s, t); break;
    case kSb: b.mem_store<Ops::sb<false>, Ops::sb<true>>(); b.reads(s, t); break;
    case kSh: b.mem_store<Ops::sh<false>, Ops::sh<true>>(); b.reads(s, t); break;
    case kSw: b.mem_store<Ops::sw<false>, Ops::sw<true>>(); b.reads(s, t); break;
    case kSwl: b.fn(Ops::swl); b.reads(s, t); break;
    case kSwr: b.fn(Ops::swr); b.reads(s, t); break;
    case kLwc1: b.fn(Ops::lwc1); b.reads(s); break;
    case kSwc1: b.fn(Ops::swc1); b.reads(s); break;
    case kLwc2: case kLwc3: case kSwc2: case kSwc3: b.fn(Ops::cop23); b.reads(s); break;
    default: b.fn(Ops::reserved); b.info.ends_block = true; break;
  }
  return b.info;
}

std::unique_ptr<Block> Decoder::compile(u32 pa, const u8* words, unsigned max_words, bool timed) {
  auto blk = std::make_unique<Block>();
  blk->pa = pa;
  // First pass: decode with immediate-write loads, note load-delay hazards.
  DecodeInfo infos[Block::kMaxBlock + 1];
  unsigned n = 0;
  bool prev_branch = false;
  while (n < max_words && n < Block::kMaxBlock) {
    u32 w;
    std::memcpy(&w, words + 4 * n, 4);
    infos[n] = decode(w, false, timed);
    infos[n].inst.offset = u16(4 * n);
    if (prev_branch) infos[n].inst.flags |= kInDelaySlot;
    ++n;
    const DecodeInfo& cur = infos[n - 1];
    if (prev_branch) break;            // the delay slot closes the block
    if (cur.ends_block) break;
    prev_branch = cur.branch;
    if (prev_branch && n == max_words) break;  // delay slot lies on the next page
    if (!prev_branch && n == Block::kMaxBlock) break;
  }
  // (prev_branch alone is not enough: it is also still set when the loop stopped because
  // the delay slot itself was the last word allowed, and then one word too many was added.)
  if (n == Block::kMaxBlock && n < max_words && infos[n - 1].branch && !(infos[n - 1].inst.flags & kInDelaySlot)) {
    // The cap fell between a branch and its delay slot: include the slot.
    u32 w;
    std::memcpy(&w, words + 4 * n, 4);
    infos[n] = decode(w, false, timed);
    infos[n].inst.offset = u16(4 * n);
    infos[n].inst.flags |= kInDelaySlot;
    ++n;
  }
  blk->split_branch = infos[n - 1].branch && !(infos[n - 1].inst.flags & kInDelaySlot);

  // A load whose next instruction reads or writes its target needs the exact path.
  for (unsigned i = 0; i + 1 < n; ++i) {
    const DecodeInfo& l = infos[i];
    if (!l.load_like || l.inst.rd == kSinkReg) continue;
    const DecodeInfo& nx = infos[i + 1];
    if ((nx.reads & bit(l.inst.rd)) || nx.inst.rd == l.inst.rd) blk->exact = true;
  }
  blk->gpr_touch_mask0 = infos[0].reads | (infos[0].inst.rd != kSinkReg ? bit(infos[0].inst.rd) : 0);

  blk->insts.reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    DecodeInfo info = infos[i];
    // Exact blocks, and a load in the last slot (its delay slot is in the next block),
    // use the delayed variants.
    if (info.load_like && (blk->exact || i == n - 1)) {
      DecodeInfo again = decode(info.inst.word, true, timed);
      info.inst.fn = again.inst.fn;
    }
    blk->insts.push_back(info.inst);
  }
  return blk;
}

}  // namespace emu
