#include "emu/mem/footprint.h"

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

u32 Footprint::count(const Side& s, size_t from) {
  u32 n = 0;
  for (size_t k = from; k < s.log.size(); ++k) {
    const Entry& e = s.log[k];
    // Only the line's latest entry counts: it holds the line's current stamp.
    if (s.pages[e.line >> (kPageShift - 2)][e.line & (kWordsPerPage - 1)] == e.epoch) ++n;
  }
  return n;
}

Footprint::Lines Footprint::count_since(const Mark& m) const { return Lines{count(i_, m.ilog), count(d_, m.dlog)}; }

}  // namespace emu
