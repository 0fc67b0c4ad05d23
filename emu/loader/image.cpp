#include "emu/loader/image.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "emu/common/error.h"
#include "emu/loader/ecoff_loader.h"
#include "emu/loader/elf_loader.h"
#include "emu/loader/image_file.h"

namespace emu {

using image_detail::hex32;
using image_detail::range_text;
using image_detail::size_text;

namespace {
constexpr u32 kKseg0Base = 0x80000000, kKseg1Base = 0xa0000000, kKseg2Base = 0xc0000000;
constexpr u32 kKsegPhysMask = 0x1fffffff;
}  // namespace

bool is_unmapped_kernel_address(u32 vaddr) { return vaddr >= kKseg0Base && vaddr < kKseg2Base; }

u64 unmapped_segment_end(u32 vaddr) { return vaddr < kKseg1Base ? kKseg1Base : kKseg2Base; }

u32 kernel_virtual_to_physical(u32 vaddr) {
  if (!is_unmapped_kernel_address(vaddr))
    throw std::invalid_argument("kernel_virtual_to_physical: " + hex32(vaddr) + " is not in kseg0/kseg1");
  return vaddr & kKsegPhysMask;
}

const ImageSymbol* LoadedImage::symbol_at(u32 addr) const {
  auto it = std::upper_bound(symbols.begin(), symbols.end(), addr,
                             [](u32 a, const ImageSymbol& s) { return a < s.value; });
  const ImageSymbol* best = nullptr;
  // Walk down from the highest symbol at or below addr: the first hit in each class is the
  // innermost one; a function hit ends the search.
  while (it != symbols.begin()) {
    const ImageSymbol& s = *--it;
    bool inside = s.size ? u64(addr) < u64(s.value) + s.size : addr == s.value;
    if (!inside) continue;
    if (s.is_function) return &s;
    if (!best) best = &s;
  }
  return best;
}

LoadedImage read_image(const std::string& path) {
  std::vector<u8> magic;
  {
    image_detail::ImageFile f(path);  // the file-level checks: exists, regular, readable
    magic = f.read(0, std::min<u64>(f.size(), 4));
    if (magic.empty()) f.fail("empty file, not a kernel image");
    if (magic.size() == 4 && std::memcmp(magic.data(), "\x7f" "ELF", 4) == 0) return read_elf(path);
    if (is_ecoff_magic(magic.data(), magic.size())) return read_ecoff(path);
    f.fail("not an ELF or MIPS ECOFF file (bad magic number)");
  }
}

void load_image(const LoadedImage& image, PhysicalBus& bus, u32 ram_size) {
  for (const ImageSegment& s : image.segments)
    if (u64(s.paddr) + s.memsz > ram_size)
      throw UserError(image.path + ": segment " + range_text(s.vaddr, s.memsz) + " (physical " +
                      range_text(s.paddr, s.memsz) + ") does not fit in the " + size_text(ram_size) +
                      " of RAM (physical " + range_text(0, ram_size) + ")");
  static const std::vector<u8> zeros(64 * 1024, 0);
  for (const ImageSegment& s : image.segments) {
    bool ok = bus.write_block(s.paddr, s.data.data(), s.filesz);
    for (u32 done = s.filesz; ok && done < s.memsz;) {
      u32 chunk = std::min<u32>(s.memsz - done, static_cast<u32>(zeros.size()));
      ok = bus.write_block(s.paddr + done, zeros.data(), chunk);
      done += chunk;
    }
    if (!ok)
      throw EmulatorError(image.path + ": no memory on the bus at physical " + range_text(s.paddr, s.memsz) +
                          " although RAM is said to be " + size_text(ram_size));
  }
}

}  // namespace emu
