#include "emu/cpu/code_cache.h"

namespace emu {

CodeCache::CodeCache() : pages_(PhysicalBus::kPages), has_code_(PhysicalBus::kPages, 0) {}

Block* CodeCache::insert(std::unique_ptr<Block> b) {
  u32 pn = b->pa >> PhysicalBus::kPageShift;
  auto& page = pages_[pn];
  if (!page) page = std::make_unique<Page>();
  unsigned first = (b->pa >> 2) & (kWordsPerPage - 1);
  for (unsigned i = 0; i < b->insts.size(); ++i) {
    unsigned w = first + i;
    page->code_words[w / 64] |= u64(1) << (w % 64);
  }
  Block* raw = b.get();
  page->entry[first] = raw;
  page->blocks.push_back(std::move(b));
  has_code_[pn] = 1;
  return raw;
}

void CodeCache::rebuild_bitmap(Page& p) {
  for (auto& w : p.code_words) w = 0;
  for (const auto& b : p.blocks) {
    unsigned first = (b->pa >> 2) & (kWordsPerPage - 1);
    for (unsigned i = 0; i < b->insts.size(); ++i) p.code_words[(first + i) / 64] |= u64(1) << ((first + i) % 64);
  }
}

unsigned CodeCache::invalidate(u32 pa, u32 len) {
  unsigned retired = 0;
  u64 end = u64(pa) + len;
  for (u64 a = pa & ~u64(PhysicalBus::kPageSize - 1); a < end; a += PhysicalBus::kPageSize) {
    u32 pn = u32(a >> PhysicalBus::kPageShift);
    if (pn >= PhysicalBus::kPages || !has_code_[pn]) continue;
    Page& p = *pages_[pn];
    // Any decoded word in the written range?
    u32 lo = std::max<u64>(pa, a) >> 2 & (kWordsPerPage - 1);
    u32 hi = ((std::min<u64>(end, a + PhysicalBus::kPageSize) - 1) >> 2) & (kWordsPerPage - 1);
    bool hit = false;
    for (u32 w = lo; w <= hi && !hit; ++w) hit = (p.code_words[w / 64] >> (w % 64)) & 1;
    if (!hit) continue;
    for (size_t i = 0; i < p.blocks.size();) {
      Block& b = *p.blocks[i];
      u32 bfirst = (b.pa >> 2) & (kWordsPerPage - 1);
      u32 blast = bfirst + u32(b.insts.size()) - 1;
      if (blast < lo || bfirst > hi) {
        ++i;
        continue;
      }
      if (p.entry[bfirst] == &b) p.entry[bfirst] = nullptr;
      b.valid = false;
      retired_.push_back(std::move(p.blocks[i]));
      ++generation_;
      p.blocks[i] = std::move(p.blocks.back());
      p.blocks.pop_back();
      ++retired;
    }
    rebuild_bitmap(p);
    if (p.blocks.empty()) has_code_[pn] = 0;
  }
  return retired;
}

void CodeCache::clear() {
  ++generation_;
  for (auto& p : pages_) {
    if (!p) continue;
    for (auto& b : p->blocks) {
      b->valid = false;
      retired_.push_back(std::move(b));
    }
    p.reset();
  }
  std::fill(has_code_.begin(), has_code_.end(), 0);
}

}  // namespace emu
