// Loader for kernel images in ELF32 little-endian MIPS format (what mipsel-linux-gnu-ld and
// the NetBSD/Linux pmax builds produce), placed straight into a DECstation's physical RAM.
//
// Sources: System V ABI "ELF" (generic ABI, ch. 4-5: header, program and section headers,
// symbol table); System V ABI MIPS Processor Supplement (EM_MIPS = 8, little-endian
// variant); R3000 address map (shared/reference/r3000-cpu.md: kseg0 = phys + 0x80000000,
// kseg1 = phys + 0xa0000000). Kernels are linked at kseg0 0x80030000 (NetBSD) or
// 0x80040000 (Linux) — shared/reference/decstation-memory-maps.md §4.
//
// Only PT_LOAD program headers are used, and every one must lie in kseg0/kseg1 — except a
// read-only kuseg segment that the section headers show to hold nothing but the ELF headers
// and MIPS ABI records (.MIPS.abiflags/.reginfo/.MIPS.options): GNU ld emits one at
// 0x00400000 when a program is linked with just -Ttext, and it is skipped, not loaded.
// Physical placement is derived from p_vaddr, never from p_paddr: toolchains leave p_paddr
// equal to p_vaddr, zero, or whatever a linker script's AT() said, so it is not trustworthy
// for a machine with a fixed kseg0/kseg1 map.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"
#include "emu/mem/physical_bus.h"

namespace emu {

struct ElfSegment {
  u32 vaddr = 0;
  u32 paddr = 0;  // physical, derived from vaddr by elf_virtual_to_physical (not p_paddr)
  u32 filesz = 0;
  u32 memsz = 0;  // >= filesz; the tail beyond filesz is bss, zeroed by load_elf
  u32 flags = 0;  // PF_X = 1, PF_W = 2, PF_R = 4
  std::vector<u8> data;  // filesz bytes from the file
};

struct ElfSymbol {
  std::string name;
  u32 value = 0;
  u32 size = 0;
  bool is_function = false;  // STT_FUNC
};

struct ElfImage {
  std::string path;
  u32 entry = 0;
  std::vector<ElfSegment> segments;  // PT_LOAD segments with memsz > 0, in file order
  // From .symtab/.strtab when present and well-formed (else empty), sorted by value.
  // Kept: defined STT_FUNC, STT_OBJECT and STT_NOTYPE symbols with a name.
  std::vector<ElfSymbol> symbols;

  // Symbol whose [value, value + size) contains addr — a size-0 symbol (an assembly label)
  // contains only its own address. Function symbols win over others; among equals the
  // innermost (highest value) wins. nullptr if none. Linear in the number of symbols below
  // addr: callers resolving many addresses (profilers) should cache the answers.
  const ElfSymbol* symbol_at(u32 addr) const;
};

// Parse and validate an image; throws UserError "PATH: problem" (one line) on any error.
// Never reads more of the file than the headers, the segments and the symbol table.
ElfImage read_elf(const std::string& path);

// Copy every segment to physical memory (RAM of ram_size bytes at physical 0) through
// bus.write_block and zero its bss tail. Checks all segments before writing any: throws
// UserError "PATH: ..." if a segment does not fit in RAM, EmulatorError if the bus has no
// memory where the machine claims RAM is.
void load_elf(const ElfImage& image, PhysicalBus& bus, u32 ram_size);

// True for the unmapped kernel segments kseg0 (0x80000000-0x9fffffff) and kseg1
// (0xa0000000-0xbfffffff), the only places a kernel image can be loaded without a TLB.
bool elf_is_unmapped_kernel_address(u32 vaddr);

// kseg0/kseg1 -> physical: clear the top 3 bits. Throws std::invalid_argument for a
// kuseg/kseg2 address (those have no fixed mapping; read_elf rejects them first).
u32 elf_virtual_to_physical(u32 vaddr);

}  // namespace emu
