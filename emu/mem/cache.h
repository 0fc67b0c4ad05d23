// An R2000/R3000 primary cache array: direct-mapped, physically indexed and tagged,
// one 32-bit word per line (reference r3000-cpu.md §9; NetBSD cache_r3k.c).
//
// The arrays are always present because guests use them directly: with Status.IsC set,
// loads and stores reach only the cache (that is how PROMs and kernels size and flush
// caches). The timing model (emu/timing) uses the same tags to decide hits and misses, and
// the data words are always kept, so that an isolated load returns what the hardware
// would and `--cache-data` can serve loads from the cache.
//
// Coherence. A line is *stale* when its data word no longer equals memory: memory was
// written behind the cache (DMA, an uncached store through kseg1, a store while the other
// cache was isolated) or the line was written while isolated. The stale mark lives in bit
// 1 of the tag, so the one compare of the hot path (`clean_hit`) fails for a stale line
// and only the slow path needs to tell "stale hit" from "miss".
//
// Every change of a tag bumps `generation()`: the CPU uses it to know that the I-cache
// still holds every line of a block it has already checked (emu/cpu/execute.cpp).
#pragma once
#include <vector>

#include "emu/common/types.h"
#include "emu/state/state_io.h"

namespace emu {

class CacheArray {
 public:
  static constexpr u32 kValid = 1, kStale = 2;

  explicit CacheArray(u32 size_bytes = 64 * 1024) { resize(size_bytes); }

  void resize(u32 size_bytes) {
    size_ = size_bytes;
    lines_ = size_bytes / 4;
    tag_.assign(lines_, 0);
    data_.assign(lines_, 0);
    gen_ += 2;
  }
  u32 size() const { return size_; }
  u32 lines() const { return lines_; }
  u64 generation() const { return gen_; }
  // Give this array odd generations (the other one of a CPU keeps even ones).
  void use_odd_generations() { gen_ |= 1; }

  unsigned index(u32 pa) const { return (pa >> 2) & (lines_ - 1); }
  // The tag keeps the physical address bits above the index, plus the valid bit (bit 0)
  // and the stale mark (bit 1).
  u32 tag_for(u32 pa) const { return (pa & ~(size_ - 1)) | kValid; }

  // Valid line for pa whose data equals memory: the common case of the timing model.
  bool clean_hit(u32 pa) const { return tag_[index(pa)] == tag_for(pa); }
  // Valid line for pa, stale or not: what the hardware's tag compare sees.
  bool hit(u32 pa) const { return (tag_[index(pa)] & ~kStale) == tag_for(pa); }
  bool stale_hit(u32 pa) const { return tag_[index(pa)] == (tag_for(pa) | kStale); }
  u32 data(u32 pa) const { return data_[index(pa)]; }

  // Fill a line with a word equal to memory (refill, or a full-word store written through).
  void fill(u32 pa, u32 word) {
    unsigned i = index(pa);
    tag_[i] = tag_for(pa);
    data_[i] = word;
    gen_ += 2;
  }
  // Write a line whose data memory does not have (a full-word store while isolated).
  void fill_stale(u32 pa, u32 word) {
    unsigned i = index(pa);
    tag_[i] = tag_for(pa) | kStale;
    data_[i] = word;
    gen_ += 2;
  }
  void invalidate(u32 pa) {
    tag_[index(pa)] = 0;
    gen_ += 2;
  }
  // Merge a partial store into a line that hits (the stale mark, if any, stays: the other
  // bytes of the word may still differ from memory).
  void merge(u32 pa, unsigned size, u32 value) {
    unsigned shift = (pa & 3) * 8;
    u32 mask = (size == 4 ? 0xffffffffu : ((1u << (size * 8)) - 1)) << shift;
    merge_masked(pa, mask, value << shift);
  }
  // Merge the bytes of `value` selected by `mask` (already in their lanes).
  void merge_masked(u32 pa, u32 mask, u32 value) {
    unsigned i = index(pa);
    data_[i] = (data_[i] & ~mask) | (value & mask);
  }
  // Memory at the word pa was changed behind the cache: a line holding it becomes stale.
  // Returns true if it did.
  bool mark_stale_if_present(u32 pa) {
    unsigned i = index(pa);
    if (tag_[i] != tag_for(pa)) return false;
    tag_[i] |= kStale;
    gen_ += 2;
    return true;
  }
  // Any generation change forces the CPU to re-check blocks against this array.
  void touch() { gen_ += 2; }
  // Checkpoints: tags (valid and stale marks) and data. The generation is not state: a
  // restore moves it on, so every block checks its lines again.
  void state(StateIo& io) {
    io.vec(tag_, lines_);
    io.vec(data_, lines_);
    io.check(tag_.size() == lines_ && data_.size() == lines_, "a cache array has the wrong size");
    if (io.loading()) touch();
  }

 private:
  u32 size_ = 0, lines_ = 0;
  u64 gen_ = 0;  // steps by 2, so two arrays with different parity never share a value
  std::vector<u32> tag_, data_;
};

}  // namespace emu
