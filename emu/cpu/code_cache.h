// Pre-decoded code, kept per 4 KiB physical page.
//
// A block is found by its physical start address in O(1) (a per-page table of 1024 word
// slots). Stores to RAM check one byte per page (`page_has_code`) and, only when the page
// holds decoded code, a bitmap of decoded words; overwritten blocks are retired and freed
// at the next block boundary, so a block that overwrites itself finishes safely.
#pragma once
#include <memory>
#include <vector>

#include "emu/common/types.h"
#include "emu/cpu/decoded.h"
#include "emu/mem/physical_bus.h"

namespace emu {

class CodeCache {
 public:
  static constexpr unsigned kWordsPerPage = PhysicalBus::kPageSize / 4;

  CodeCache();

  Block* lookup(u32 pa) const {
    const Page* p = pages_[pa >> PhysicalBus::kPageShift].get();
    return p ? p->entry[(pa >> 2) & (kWordsPerPage - 1)] : nullptr;
  }
  Block* insert(std::unique_ptr<Block> b);

  bool page_has_code(u32 pa) const { return has_code_[pa >> PhysicalBus::kPageShift]; }
  // Retire every block that decoded a word in [pa, pa+len); returns how many.
  unsigned invalidate(u32 pa, u32 len);
  // Free retired blocks (call between blocks only).
  void collect_garbage() {
    if (!retired_.empty()) retired_.clear();
  }
  void clear();
  // Bumped whenever a block is retired: pointers to blocks kept elsewhere (the CPU's jump
  // cache) are valid only while it is unchanged.
  u64 generation() const { return generation_; }

 private:
  struct Page {
    Block* entry[kWordsPerPage] = {};
    std::vector<std::unique_ptr<Block>> blocks;
    u64 code_words[kWordsPerPage / 64] = {};
  };
  void rebuild_bitmap(Page& p);

  std::vector<std::unique_ptr<Page>> pages_;
  std::vector<u8> has_code_;
  std::vector<std::unique_ptr<Block>> retired_;
  u64 generation_ = 0;
};

}  // namespace emu
