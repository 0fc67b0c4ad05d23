// Cache footprint: the distinct I- and D-cache lines a stretch of execution touches
// (Bershad 1992 §4 measures the RPC path this way). An R2000/R3000 cache line is one word
// (emu/mem/cache.h), so a line is a physical word address; the footprint of a path is the
// number of distinct words fetched through the I-cache and loaded or stored through the
// D-cache (uncached accesses occupy no line and are not counted).
//
// Several intervals may be open at once (nested or overlapping marked regions): open()
// starts one and returns its mark, count_since(mark) gives the lines touched since. Each
// line keeps the epoch (number of the last open()) of its last touch, and a log holds
// every (line, epoch) pair the first time the line is touched in that epoch; the lines
// touched since a mark are the log entries after it whose epoch is still their line's
// latest. Touching a line costs one array store once per epoch, counting costs the
// length of the log since the mark, and memory grows with the pages touched only.
#pragma once
#include <memory>
#include <utility>
#include <vector>

#include "emu/common/types.h"

namespace emu {

class Footprint {
 public:
  static constexpr u32 kLineBytes = 4;
  struct Mark {
    u32 epoch = 0;
    size_t ilog = 0, dlog = 0;
  };
  struct Lines {
    u32 i = 0, d = 0;
    // Of those, the lines that share their cache line with another of them (direct-mapped:
    // line (address / 4) mod the cache's lines): the path conflicts with itself there.
    u32 i_conflicts = 0, d_conflicts = 0;
  };

  Mark open();
  // Instruction fetches of `words` consecutive words from pa; a data access at pa.
  void fetch(u32 pa, unsigned words) {
    for (unsigned k = 0; k < words; ++k) touch(i_, pa + 4 * k);
  }
  void data(u32 pa) { touch(d_, pa); }
  // Distinct lines touched since the mark was opened; conflicts for caches of the given
  // numbers of lines (powers of two).
  Lines count_since(const Mark& m, u32 icache_lines, u32 dcache_lines) const;
  // No interval is open any more: the logs can go (the epochs keep rising, so the lines'
  // stamps stay right).
  void clear() {
    i_.log.clear();
    d_.log.clear();
  }

 private:
  static constexpr unsigned kPageShift = 12, kWordsPerPage = 1u << (kPageShift - 2);
  struct Entry {
    u32 line, epoch;
  };
  struct Side {
    std::vector<std::unique_ptr<u32[]>> pages;  // by physical page number; epochs per word
    std::vector<Entry> log;
    u32 last_page = ~0u;
    u32* last = nullptr;
    u32* page(u32 pn);
  };
  void touch(Side& s, u32 pa) {
    const u32 pn = (pa & 0x1fffffffu) >> kPageShift;
    u32* p = pn == s.last_page ? s.last : s.page(pn);
    u32& stamp = p[(pa >> 2) & (kWordsPerPage - 1)];
    if (stamp != epoch_) {
      stamp = epoch_;
      s.log.push_back({(pa & 0x1fffffffu) >> 2, epoch_});
    }
  }
  // Distinct lines since log position `from`, and how many of them share a cache line.
  static std::pair<u32, u32> count(const Side& s, size_t from, u32 cache_lines);

  u32 epoch_ = 0;  // 0: never opened; a word's stamp 0 means "never touched"
  Side i_, d_;
};

}  // namespace emu
