// A machine's main memory: one block of host memory that is reserved, not committed, so
// untouched guest RAM costs the host nothing. Sixteen 480 MiB machines reserve 7.5 GiB of
// address space but use only the pages their guests write (a guest that sizes memory and
// runs a small program touches a few MiB).
//
// It is an anonymous private mapping with MAP_NORESERVE: pages are zero until written, the
// kernel supplies each on first touch, and clear() hands them all back (madvise
// MADV_DONTNEED), so a power-on is cheap whatever the size. The address never changes: the
// CPU and the physical bus keep a plain pointer into it, and access costs what a vector's
// would. The price of not committing up front: a host that runs out of memory while guests
// touch their pages meets the kernel's out-of-memory handling, as any process would, rather
// than a refusal at start-up.
#pragma once
#include <cstddef>
#include <string>

#include "emu/common/types.h"

namespace emu {

class GuestRam {
 public:
  // Throws UserError "--memory: ..." naming the size when the host refuses the reservation
  // (an address-space limit, or strict overcommit).
  explicit GuestRam(size_t bytes);
  ~GuestRam();
  GuestRam(const GuestRam&) = delete;
  GuestRam& operator=(const GuestRam&) = delete;

  u8* data() { return data_; }
  const u8* data() const { return data_; }
  size_t size() const { return size_; }
  // Every byte zero again, the host pages released.
  void clear();

 private:
  u8* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace emu
