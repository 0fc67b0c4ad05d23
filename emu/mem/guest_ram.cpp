// Lazily committed guest RAM: see guest_ram.h.
#include "emu/mem/guest_ram.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>

#include "emu/common/error.h"

namespace emu {

GuestRam::GuestRam(size_t bytes) : size_(bytes) {
  if (bytes == 0) return;
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    throw UserError("--memory: the host cannot reserve " + std::to_string(bytes >> 20) + " MiB of guest RAM (" +
                    std::strerror(errno) + ")");
  data_ = static_cast<u8*>(p);
}

GuestRam::~GuestRam() {
  if (data_) ::munmap(data_, size_);
}

void GuestRam::clear() {
  if (!data_) return;
  // A private anonymous mapping reads as zero pages after MADV_DONTNEED (Linux madvise(2)).
  if (::madvise(data_, size_, MADV_DONTNEED) != 0) std::memset(data_, 0, size_);
}

}  // namespace emu
