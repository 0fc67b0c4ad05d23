// Decoding MIPS I words into DecodedInst and building blocks (see decoded.h).
#pragma once
#include <memory>

#include "emu/cpu/decoded.h"

namespace emu {

struct DecodeInfo {
  DecodedInst inst;
  u32 reads = 0;          // GPR read mask
  bool load_like = false; // result subject to the load delay (loads, MFC0, MFC1, CFC1)
  bool ends_block = false;// following instructions must see its effect on CPU state
  bool branch = false;    // has a delay slot
};

struct Decoder {
  // Decode one word. `delayed_loads` picks the exact load-delay variant of load handlers,
  // `timed` the variants that run the timing model.
  static DecodeInfo decode(u32 word, bool delayed_loads, bool timed = false);
  // Decode a block from host memory holding the words at physical address pa, reading at
  // most max_words (up to the page end).
  static std::unique_ptr<Block> compile(u32 pa, const u8* words, unsigned max_words, bool timed = false);
};

}  // namespace emu
