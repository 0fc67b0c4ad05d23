// A minimal MIPS I instruction encoder for tests (no labels: offsets are given by hand).
#pragma once
#include <initializer_list>
#include <vector>

#include "emu/common/types.h"

namespace emu::test::as {

enum Reg : u32 {
  zero = 0, at, v0, v1, a0, a1, a2, a3, t0, t1, t2, t3, t4, t5, t6, t7,
  s0, s1, s2, s3, s4, s5, s6, s7, t8, t9, k0, k1, gp, sp, fp, ra
};

constexpr u32 r_type(u32 rs, u32 rt, u32 rd, u32 sa, u32 fn) { return (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | fn; }
constexpr u32 i_type(u32 op, u32 rs, u32 rt, u32 imm) { return (op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff); }

constexpr u32 nop() { return 0; }
constexpr u32 sll(u32 rd, u32 rt, u32 sa) { return r_type(0, rt, rd, sa, 0x00); }
constexpr u32 srl(u32 rd, u32 rt, u32 sa) { return r_type(0, rt, rd, sa, 0x02); }
constexpr u32 sra(u32 rd, u32 rt, u32 sa) { return r_type(0, rt, rd, sa, 0x03); }
constexpr u32 sllv(u32 rd, u32 rt, u32 rs) { return r_type(rs, rt, rd, 0, 0x04); }
constexpr u32 srlv(u32 rd, u32 rt, u32 rs) { return r_type(rs, rt, rd, 0, 0x06); }
constexpr u32 srav(u32 rd, u32 rt, u32 rs) { return r_type(rs, rt, rd, 0, 0x07); }
constexpr u32 jr(u32 rs) { return r_type(rs, 0, 0, 0, 0x08); }
constexpr u32 jalr(u32 rd, u32 rs) { return r_type(rs, 0, rd, 0, 0x09); }
constexpr u32 syscall(u32 code = 0) { return (code << 6) | 0x0c; }
constexpr u32 break_(u32 code = 0) { return (code << 6) | 0x0d; }
constexpr u32 mfhi(u32 rd) { return r_type(0, 0, rd, 0, 0x10); }
constexpr u32 mthi(u32 rs) { return r_type(rs, 0, 0, 0, 0x11); }
constexpr u32 mflo(u32 rd) { return r_type(0, 0, rd, 0, 0x12); }
constexpr u32 mtlo(u32 rs) { return r_type(rs, 0, 0, 0, 0x13); }
constexpr u32 mult(u32 rs, u32 rt) { return r_type(rs, rt, 0, 0, 0x18); }
constexpr u32 multu(u32 rs, u32 rt) { return r_type(rs, rt, 0, 0, 0x19); }
constexpr u32 div(u32 rs, u32 rt) { return r_type(rs, rt, 0, 0, 0x1a); }
constexpr u32 divu(u32 rs, u32 rt) { return r_type(rs, rt, 0, 0, 0x1b); }
constexpr u32 add(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x20); }
constexpr u32 addu(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x21); }
constexpr u32 sub(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x22); }
constexpr u32 subu(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x23); }
constexpr u32 and_(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x24); }
constexpr u32 or_(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x25); }
constexpr u32 xor_(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x26); }
constexpr u32 nor(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x27); }
constexpr u32 slt(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x2a); }
constexpr u32 sltu(u32 rd, u32 rs, u32 rt) { return r_type(rs, rt, rd, 0, 0x2b); }
constexpr u32 move(u32 rd, u32 rs) { return addu(rd, rs, zero); }

constexpr u32 bltz(u32 rs, s32 off) { return i_type(1, rs, 0x00, u32(off)); }
constexpr u32 bgez(u32 rs, s32 off) { return i_type(1, rs, 0x01, u32(off)); }
constexpr u32 bltzal(u32 rs, s32 off) { return i_type(1, rs, 0x10, u32(off)); }
constexpr u32 bgezal(u32 rs, s32 off) { return i_type(1, rs, 0x11, u32(off)); }
constexpr u32 j(u32 target) { return (0x02u << 26) | ((target >> 2) & 0x03ffffff); }
constexpr u32 jal(u32 target) { return (0x03u << 26) | ((target >> 2) & 0x03ffffff); }
constexpr u32 beq(u32 rs, u32 rt, s32 off) { return i_type(0x04, rs, rt, u32(off)); }
constexpr u32 bne(u32 rs, u32 rt, s32 off) { return i_type(0x05, rs, rt, u32(off)); }
constexpr u32 blez(u32 rs, s32 off) { return i_type(0x06, rs, 0, u32(off)); }
constexpr u32 bgtz(u32 rs, s32 off) { return i_type(0x07, rs, 0, u32(off)); }
constexpr u32 addi(u32 rt, u32 rs, s32 imm) { return i_type(0x08, rs, rt, u32(imm)); }
constexpr u32 addiu(u32 rt, u32 rs, s32 imm) { return i_type(0x09, rs, rt, u32(imm)); }
constexpr u32 slti(u32 rt, u32 rs, s32 imm) { return i_type(0x0a, rs, rt, u32(imm)); }
constexpr u32 sltiu(u32 rt, u32 rs, s32 imm) { return i_type(0x0b, rs, rt, u32(imm)); }
constexpr u32 andi(u32 rt, u32 rs, u32 imm) { return i_type(0x0c, rs, rt, imm); }
constexpr u32 ori(u32 rt, u32 rs, u32 imm) { return i_type(0x0d, rs, rt, imm); }
constexpr u32 xori(u32 rt, u32 rs, u32 imm) { return i_type(0x0e, rs, rt, imm); }
constexpr u32 lui(u32 rt, u32 imm) { return i_type(0x0f, 0, rt, imm); }
constexpr u32 lb(u32 rt, s32 off, u32 base) { return i_type(0x20, base, rt, u32(off)); }
constexpr u32 lh(u32 rt, s32 off, u32 base) { return i_type(0x21, base, rt, u32(off)); }
constexpr u32 lwl(u32 rt, s32 off, u32 base) { return i_type(0x22, base, rt, u32(off)); }
constexpr u32 lw(u32 rt, s32 off, u32 base) { return i_type(0x23, base, rt, u32(off)); }
constexpr u32 lbu(u32 rt, s32 off, u32 base) { return i_type(0x24, base, rt, u32(off)); }
constexpr u32 lhu(u32 rt, s32 off, u32 base) { return i_type(0x25, base, rt, u32(off)); }
constexpr u32 lwr(u32 rt, s32 off, u32 base) { return i_type(0x26, base, rt, u32(off)); }
constexpr u32 sb(u32 rt, s32 off, u32 base) { return i_type(0x28, base, rt, u32(off)); }
constexpr u32 sh(u32 rt, s32 off, u32 base) { return i_type(0x29, base, rt, u32(off)); }
constexpr u32 swl(u32 rt, s32 off, u32 base) { return i_type(0x2a, base, rt, u32(off)); }
constexpr u32 sw(u32 rt, s32 off, u32 base) { return i_type(0x2b, base, rt, u32(off)); }
constexpr u32 swr(u32 rt, s32 off, u32 base) { return i_type(0x2e, base, rt, u32(off)); }
constexpr u32 lwc1(u32 ft, s32 off, u32 base) { return i_type(0x31, base, ft, u32(off)); }
constexpr u32 swc1(u32 ft, s32 off, u32 base) { return i_type(0x39, base, ft, u32(off)); }

constexpr u32 mfc0(u32 rt, u32 rd) { return (0x10u << 26) | (0x00u << 21) | (rt << 16) | (rd << 11); }
constexpr u32 mtc0(u32 rt, u32 rd) { return (0x10u << 26) | (0x04u << 21) | (rt << 16) | (rd << 11); }
constexpr u32 bc0f(s32 off) { return (0x10u << 26) | (0x08u << 21) | (0u << 16) | (u32(off) & 0xffff); }
constexpr u32 bc0t(s32 off) { return (0x10u << 26) | (0x08u << 21) | (1u << 16) | (u32(off) & 0xffff); }
constexpr u32 tlbr() { return 0x42000001; }
constexpr u32 tlbwi() { return 0x42000002; }
constexpr u32 tlbwr() { return 0x42000006; }
constexpr u32 tlbp() { return 0x42000008; }
constexpr u32 rfe() { return 0x42000010; }
constexpr u32 mfc1(u32 rt, u32 fs) { return (0x11u << 26) | (0x00u << 21) | (rt << 16) | (fs << 11); }
constexpr u32 cfc1(u32 rt, u32 fs) { return (0x11u << 26) | (0x02u << 21) | (rt << 16) | (fs << 11); }
constexpr u32 mtc1(u32 rt, u32 fs) { return (0x11u << 26) | (0x04u << 21) | (rt << 16) | (fs << 11); }
constexpr u32 ctc1(u32 rt, u32 fs) { return (0x11u << 26) | (0x06u << 21) | (rt << 16) | (fs << 11); }
constexpr u32 bc1f(s32 off) { return (0x11u << 26) | (0x08u << 21) | (0u << 16) | (u32(off) & 0xffff); }
constexpr u32 bc1t(s32 off) { return (0x11u << 26) | (0x08u << 21) | (1u << 16) | (u32(off) & 0xffff); }
// add.s fd, fs, ft  (fmt 16 = S, 17 = D)
constexpr u32 cop1_op(u32 fmt, u32 ft, u32 fs, u32 fd, u32 fn) { return (0x11u << 26) | (fmt << 21) | (ft << 16) | (fs << 11) | (fd << 6) | fn; }
// Emulator operation: ori $zero, $rs, 0xDE00 | fn
constexpr u32 emu_op(u32 rs, u32 fn) { return ori(0, rs, 0xde00 | fn); }
// End the run; exit status = low byte of rs.
constexpr u32 halt(u32 rs = 0) { return emu_op(rs, 0); }
// Upper/lower halves for a lui/ori pair loading a 32-bit constant.
constexpr u32 hi16(u32 v) { return v >> 16; }
constexpr u32 lo16(u32 v) { return v & 0xffff; }

// FPA operations used by the CPU-side tests (fmt S = 16).
constexpr u32 add_s(u32 fd, u32 fs, u32 ft) { return cop1_op(16, ft, fs, fd, 0x00); }
constexpr u32 div_s(u32 fd, u32 fs, u32 ft) { return cop1_op(16, ft, fs, fd, 0x03); }
constexpr u32 c_eq_s(u32 fs, u32 ft) { return cop1_op(16, ft, fs, 0, 0x32); }

// A growing list of instruction words, for programs too long to lay out by hand.
struct Program {
  std::vector<u32> words;
  Program& operator()(std::initializer_list<u32> ws) {
    // One word at a time: a range insert of a short list made GCC 12 report a copy past the
    // new storage (-Wstringop-overflow, a false positive of its inlined vector growth).
    for (u32 w : ws) words.push_back(w);
    return *this;
  }
  Program& li(u32 rt, u32 v) { return (*this)({lui(rt, hi16(v)), ori(rt, rt, lo16(v))}); }
  u32 here() const { return u32(words.size()); }  // index of the next word
};

// CP0 register numbers, spelled out here (not taken from the model) so that a wrong
// constant in emu/cpu/cp0.h cannot hide itself.
enum Cp0Reg : u32 {
  c0_index = 0, c0_random = 1, c0_entrylo = 2, c0_context = 4, c0_badvaddr = 8,
  c0_entryhi = 10, c0_status = 12, c0_cause = 13, c0_epc = 14, c0_prid = 15,
};

}  // namespace emu::test::as
