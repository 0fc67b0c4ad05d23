// What the tool knows about the traced program's code: the functions of the header's ELF
// symbol tables (traces/README.md header tag 9) and, when the image files named there (or
// given with --image) can be read, their instruction words — for the call graph
// (jal/jalr/jr ra) and for disassembly.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "emu/loader/image.h"
#include "emu/trace/trace_reader.h"

namespace emu::trace::tool {

struct Function {
  std::string name;    // demangled (C++ symbols), for people
  std::string symbol;  // as the symbol table has it
  u32 start = 0, end = 0;  // [start, end)
};

class CodeMap {
 public:
  // `extra_images`: --image paths, read in addition to those the header names (an image
  // the header names but that cannot be read is left out: its words are then unknown).
  CodeMap(const TraceHeader& h, const std::vector<std::string>& extra_images);

  // The function containing va, or one of the pseudo-functions "[boot ROM]" and
  // "[no symbol]"; an index into functions().
  u32 function_at(u32 va);
  const std::vector<Function>& functions() const { return functions_; }
  // A function by its symbol or its demangled name; nullopt if there is none.
  std::optional<u32> find(const std::string& name) const;
  bool is_entry(u32 va);  // va is where a function starts
  // The instruction word at va from the images; nullopt if no image holds it.
  std::optional<u32> word_at(u32 va) const;
  bool has_words() const { return !images_.empty(); }
  std::string where(u32 va);  // "name+0x10" or "0x..."

 private:
  std::vector<Function> functions_;  // sorted by start, then the pseudo-functions
  u32 rom_ = 0, unknown_ = 0;
  std::unordered_map<u32, u32> cache_;
  std::vector<LoadedImage> images_;
};

}  // namespace emu::trace::tool
