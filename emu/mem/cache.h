// An R2000/R3000 primary cache array: direct-mapped, physically indexed and tagged,
// one 32-bit word per line (reference r3000-cpu.md §9; NetBSD cache_r3k.c).
//
// The arrays are always present because guests use them directly: with Status.IsC set,
// loads and stores reach only the cache (that is how PROMs and kernels size and flush
// caches). The timing model (emu/timing) uses the same tags to decide hits and misses.
#pragma once
#include <vector>

#include "emu/common/types.h"

namespace emu {

class CacheArray {
 public:
  explicit CacheArray(u32 size_bytes = 64 * 1024) { resize(size_bytes); }

  void resize(u32 size_bytes) {
    size_ = size_bytes;
    lines_ = size_bytes / 4;
    tag_.assign(lines_, 0);
    data_.assign(lines_, 0);
  }
  u32 size() const { return size_; }
  u32 lines() const { return lines_; }

  unsigned index(u32 pa) const { return (pa >> 2) & (lines_ - 1); }
  // The tag keeps the physical word address above the index, plus a valid bit in bit 0.
  u32 tag_for(u32 pa) const { return (pa & ~(size_ - 1)) | 1; }

  bool hit(u32 pa) const { return tag_[index(pa)] == tag_for(pa); }
  u32 data(u32 pa) const { return data_[index(pa)]; }

  // Fill a line with a word from memory (refill) or a full-word store.
  void fill(u32 pa, u32 word) {
    unsigned i = index(pa);
    tag_[i] = tag_for(pa);
    data_[i] = word;
  }
  void invalidate(u32 pa) { tag_[index(pa)] = 0; }
  // Merge a partial store into a line that hits.
  void merge(u32 pa, unsigned size, u32 value) {
    unsigned i = index(pa);
    unsigned shift = (pa & 3) * 8;
    u32 mask = (size == 4 ? 0xffffffffu : ((1u << (size * 8)) - 1)) << shift;
    data_[i] = (data_[i] & ~mask) | ((value << shift) & mask);
  }

 private:
  u32 size_ = 0, lines_ = 0;
  std::vector<u32> tag_, data_;
};

}  // namespace emu
