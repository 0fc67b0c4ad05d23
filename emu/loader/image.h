// A kernel image as the emulator places it in a DECstation's physical RAM, whatever file
// format it came in: ELF32 little-endian MIPS (elf_loader.h: what mipsel-linux-gnu-ld and
// today's NetBSD/Linux builds produce) or MIPSEL ECOFF (ecoff_loader.h: Ultrix, Mach,
// NetBSD's netbsd.ecoff, Linux's vmlinux.ecoff, DEC boot programs). read_image picks the
// reader from the file's magic number; every caller (--kernel, the boot ROM's `boot`,
// the symbolic execution trace) goes through it.
//
// Addresses follow the R3000 map (MIPS R3000 user's manual; NetBSD sys/arch/mips/include/
// cpuregs.h: kseg0 = phys + 0x80000000 cached, kseg1 = phys + 0xa0000000 uncached): a
// kernel is loaded without a TLB, so every loaded byte must lie in kseg0 or kseg1.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"
#include "emu/mem/physical_bus.h"

namespace emu {

struct ImageSegment {
  u32 vaddr = 0;
  u32 paddr = 0;  // physical, derived from vaddr by kernel_virtual_to_physical
  u32 filesz = 0;
  u32 memsz = 0;  // >= filesz; the tail beyond filesz is bss, zeroed by load_image
  u32 flags = 0;  // ELF p_flags meaning: PF_X = 1, PF_W = 2, PF_R = 4
  std::vector<u8> data;  // filesz bytes from the file
};

struct ImageSymbol {
  std::string name;
  u32 value = 0;
  u32 size = 0;
  bool is_function = false;
};

struct LoadedImage {
  std::string path;
  std::string format;  // "ELF" or "ECOFF", for messages
  u32 entry = 0;
  std::vector<ImageSegment> segments;  // non-empty, in file order, disjoint in physical memory
  // Sorted by value; empty when the file has none (or, for ECOFF, always: see ecoff_loader.h).
  std::vector<ImageSymbol> symbols;

  // Symbol whose [value, value + size) contains addr — a size-0 symbol (an assembly label)
  // contains only its own address. Function symbols win over others; among equals the
  // innermost (highest value) wins. nullptr if none. Linear in the number of symbols below
  // addr: callers resolving many addresses (profilers) should cache the answers.
  const ImageSymbol* symbol_at(u32 addr) const;
};

// Parse and validate an ELF or ECOFF image, chosen by its magic number; throws UserError
// "PATH: problem" (one line) on any error, including a file in neither format.
LoadedImage read_image(const std::string& path);

// Copy every segment to physical memory (RAM of ram_size bytes at physical 0) through
// bus.write_block and zero its bss tail. Checks all segments before writing any: throws
// UserError "PATH: ..." if a segment does not fit in RAM, EmulatorError if the bus has no
// memory where the machine claims RAM is.
void load_image(const LoadedImage& image, PhysicalBus& bus, u32 ram_size);

// True for the unmapped kernel segments kseg0 (0x80000000-0x9fffffff) and kseg1
// (0xa0000000-0xbfffffff), the only places a kernel image can be loaded without a TLB.
bool is_unmapped_kernel_address(u32 vaddr);

// The end (exclusive) of the unmapped segment holding vaddr: a loaded range must not run
// from kseg0 into kseg1 (or kseg1 into kseg2), or its physical image would wrap.
u64 unmapped_segment_end(u32 vaddr);

// kseg0/kseg1 -> physical: clear the top 3 bits. Throws std::invalid_argument for a
// kuseg/kseg2 address (those have no fixed mapping; the readers reject them first).
u32 kernel_virtual_to_physical(u32 vaddr);

}  // namespace emu
