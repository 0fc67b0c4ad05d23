// Pre-decoded instructions and basic blocks.
//
// Each guest instruction is decoded once into a DecodedInst: the handler to call (chosen
// by mnemonic and by whether the instruction needs the exact load-delay treatment) plus
// its operand fields. Instructions are grouped into blocks that end after a branch and
// its delay slot, after an instruction that changes how the following ones execute
// (mtc0, rfe, TLB writes, syscall, ...), at a page boundary, or at kMaxBlock.
// Blocks are keyed by *physical* address (emu/cpu/code_cache.h), so the virtual address
// of an instruction is known only at run time: Cpu::block_va_ + offset.
#pragma once
#include <vector>

#include "emu/common/types.h"

namespace emu {

class Cpu;
struct DecodedInst;
// Returns false when the instruction raised an exception (or must end the block early);
// the CPU state then already says where execution continues.
using Handler = bool (*)(Cpu&, const DecodedInst&);

struct DecodedInst {
  Handler fn;
  u32 word;     // the raw instruction
  u32 imm;      // immediate, already sign- or zero-extended as the instruction uses it
  u16 offset;   // byte offset from the block start
  u8 rs, rt;
  u8 rd;        // destination GPR, or kSinkReg when the instruction writes none / writes $0
  u8 sa;
  u8 flags;
  u8 pad;
};

inline constexpr u8 kSinkReg = 32;  // writes to $0 land here; reads of $0 still see 0

// DecodedInst::flags
inline constexpr u8 kInDelaySlot = 1;  // follows a branch/jump
inline constexpr u8 kIsBranch = 2;     // has a delay slot
inline constexpr u8 kIsLoad = 4;       // writes rd one instruction late (MIPS I load delay)

struct Block {
  static constexpr unsigned kMaxBlock = 32;
  u32 pa = 0;                 // physical address of the first instruction
  u32 gpr_touch_mask0 = 0;    // GPRs read or written by the first instruction (load-delay check)
  bool exact = false;         // contains a load whose delay slot uses its target register
  bool split_branch = false;  // ends with a branch whose delay slot is on the next page
  bool valid = true;          // cleared when the code it came from is overwritten
  u64 icache_gen = ~u64(0);   // I-side array generation at which every word was a clean hit
  std::vector<DecodedInst> insts;
  u32 bytes() const { return u32(insts.size()) * 4; }
};

}  // namespace emu
