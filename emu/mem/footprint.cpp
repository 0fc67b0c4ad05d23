#include "emu/mem/footprint.h"

#include <unordered_map>

namespace emu {

Footprint::Mark Footprint::open() {
  ++epoch_;
  return Mark{epoch_, i_.log.size(), d_.log.size()};
}

u32* Footprint::Side::page(u32 pn) {
  if (pn >= pages.size()) pages.resize(pn + 1);
  if (!pages[pn]) pages[pn] = std::make_unique<u32[]>(kWordsPerPage);  // zeroed: never touched
  last_page = pn;
  last = pages[pn].get();
  return last;
}

std::pair<u32, u32> Footprint::count(const Side& s, size_t from, u32 cache_lines) {
  std::unordered_map<u32, u32> per_index;  // cache line -> lines of the footprint there
  u32 n = 0;
  for (size_t k = from; k < s.log.size(); ++k) {
    const Entry& e = s.log[k];
    // Only the line's latest entry counts: it holds the line's current stamp.
    if (s.pages[e.line >> (kPageShift - 2)][e.line & (kWordsPerPage - 1)] != e.epoch) continue;
    ++n;
    ++per_index[e.line & (cache_lines - 1)];
  }
  u32 conflicts = 0;
  for (const auto& [index, lines] : per_index)
    if (lines > 1) conflicts += lines;
  return {n, conflicts};
}

Footprint::Lines Footprint::count_since(const Mark& m, u32 icache_lines, u32 dcache_lines) const {
  const auto [i, ic] = count(i_, m.ilog, icache_lines);
  const auto [d, dc] = count(d_, m.dlog, dcache_lines);
  return Lines{i, d, ic, dc};
}

}  // namespace emu
