// Loader for kernel images in ELF32 little-endian MIPS format (what mipsel-linux-gnu-ld and
// the NetBSD/Linux pmax builds produce), placed straight into a DECstation's physical RAM.
//
// Sources: System V ABI "ELF" (generic ABI, ch. 4-5: header, program and section headers,
// symbol table); System V ABI MIPS Processor Supplement (EM_MIPS = 8, little-endian
// variant); R3000 address map: image.h. Kernels are linked at kseg0 0x80030000 (NetBSD) or
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

#include "emu/loader/image.h"

namespace emu {

// Parse and validate an ELF image; throws UserError "PATH: problem" (one line) on any error.
// Never reads more of the file than the headers, the segments and the symbol table.
// Symbols: from .symtab/.strtab when present and well-formed (else none); kept are defined
// STT_FUNC, STT_OBJECT and STT_NOTYPE symbols with a name (is_function = STT_FUNC).
// Most callers want read_image (image.h), which also reads ECOFF.
LoadedImage read_elf(const std::string& path);

// The names these had when ELF was the only format (kept for callers not yet moved over).
using ElfImage = LoadedImage;
using ElfSegment = ImageSegment;
using ElfSymbol = ImageSymbol;
inline void load_elf(const LoadedImage& image, PhysicalBus& bus, u32 ram_size) { load_image(image, bus, ram_size); }
inline bool elf_is_unmapped_kernel_address(u32 vaddr) { return is_unmapped_kernel_address(vaddr); }
inline u32 elf_virtual_to_physical(u32 vaddr) { return kernel_virtual_to_physical(vaddr); }

}  // namespace emu
