// ELF32 little-endian MIPS kernel-image loader. Field layouts follow the System V generic
// ABI (Elf32_Ehdr 52 bytes, Elf32_Phdr 32, Elf32_Shdr 40, Elf32_Sym 16) and the MIPS
// processor supplement (EM_MIPS = 8). See elf_loader.h for the rules.
//
// Every offset and size read from the file is untrusted: all arithmetic on them is done in
// 64 bits and checked against the file size before anything is read, so no input can make
// the loader crash, over-allocate or hang.
#include "emu/loader/elf_loader.h"

#include <algorithm>
#include <cstring>

#include "emu/loader/image_file.h"

namespace emu {
namespace {

using image_detail::hex32;
using image_detail::ImageFile;
using image_detail::le16;
using image_detail::le32;
using image_detail::range_text;

// --- ELF constants (generic ABI + MIPS supplement) -------------------------------------
constexpr u8 kElfMagic[4] = {0x7f, 'E', 'L', 'F'};
enum Ident : unsigned { EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6 };
constexpr u8 ELFCLASS32 = 1, ELFCLASS64 = 2;
constexpr u8 ELFDATA2LSB = 1, ELFDATA2MSB = 2;
constexpr u32 EV_CURRENT = 1;
enum ElfType : u16 { ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4 };
constexpr u16 EM_MIPS = 8;
constexpr u32 PT_LOAD = 1;
constexpr u32 PF_X = 1, PF_W = 2;
constexpr u32 SHT_SYMTAB = 2, SHT_STRTAB = 3;
constexpr u32 SHF_ALLOC = 2;
// MIPS ABI records (processor supplement; binutils include/elf/mips.h): read by linkers
// and dynamic loaders, never by the running program.
constexpr u32 SHT_MIPS_REGINFO = 0x70000006, SHT_MIPS_OPTIONS = 0x7000000d, SHT_MIPS_ABIFLAGS = 0x7000002a;
constexpr u16 SHN_UNDEF = 0, SHN_LORESERVE = 0xff00;  // reserved indices: ABS, COMMON, ...
enum SymType : u8 { STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2 };

// Elf32_Ehdr field offsets.
enum Ehdr : unsigned {
  kEhdrType = 16, kEhdrMachine = 18, kEhdrVersion = 20, kEhdrEntry = 24, kEhdrPhoff = 28,
  kEhdrShoff = 32, kEhdrPhentsize = 42, kEhdrPhnum = 44, kEhdrShentsize = 46, kEhdrShnum = 48,
  kEhdrSize = 52
};
// Elf32_Phdr field offsets.
enum Phdr : unsigned {
  kPhType = 0, kPhOffset = 4, kPhVaddr = 8, kPhFilesz = 16, kPhMemsz = 20, kPhFlags = 24,
  kPhdrSize = 32
};
// Elf32_Shdr field offsets.
enum Shdr : unsigned {
  kShType = 4, kShFlags = 8, kShAddr = 12, kShOffset = 16, kShSize = 20, kShLink = 24, kShdrSize = 40
};
// Elf32_Sym field offsets.
enum Sym : unsigned { kStName = 0, kStValue = 4, kStSize = 8, kStInfo = 12, kStShndx = 14, kSymSize = 16 };

const char* machine_name(u16 m) {
  switch (m) {
    case 2: return "SPARC";
    case 3: return "x86 (i386)";
    case 10: return "MIPS RS3000 little-endian (obsolete EM_MIPS_RS3_LE)";
    case 20: return "PowerPC";
    case 40: return "ARM";
    case 62: return "x86-64";
    case 183: return "AArch64";
    case 243: return "RISC-V";
    default: return "unknown";
  }
}

// Checks e_ident and the fixed header fields, in the order a user most needs to hear them.
void check_header(ImageFile& f, const std::vector<u8>& h) {
  if (h.empty()) f.fail("not an ELF file (empty file)");
  if (h.size() < 4 || std::memcmp(h.data(), kElfMagic, 4) != 0) f.fail("not an ELF file (bad magic number)");
  if (h.size() < kEhdrSize)
    f.fail("not an ELF file (" + std::to_string(h.size()) + " bytes, shorter than the 52-byte ELF header)");
  if (h[EI_CLASS] == ELFCLASS64) f.fail("64-bit ELF (ELFCLASS64); a DECstation kernel must be a 32-bit ELF");
  if (h[EI_CLASS] != ELFCLASS32) f.fail("invalid ELF class " + std::to_string(h[EI_CLASS]));
  if (h[EI_DATA] == ELFDATA2MSB) f.fail("big-endian MIPS ELF; DECstations run little-endian");
  if (h[EI_DATA] != ELFDATA2LSB) f.fail("invalid ELF data encoding " + std::to_string(h[EI_DATA]));
  if (h[EI_VERSION] != EV_CURRENT || le32(&h[kEhdrVersion]) != EV_CURRENT)
    f.fail("unsupported ELF version " + std::to_string(h[EI_VERSION]));
  u16 machine = le16(&h[kEhdrMachine]);
  if (machine != EM_MIPS)
    f.fail("not a MIPS ELF (e_machine " + std::to_string(machine) + ", " + machine_name(machine) + ")");
  switch (le16(&h[kEhdrType])) {
    case ET_EXEC: break;
    case ET_REL: f.fail("relocatable object (ET_REL), not an executable; link it first");
    case ET_DYN: f.fail("shared object or PIE (ET_DYN), not a fixed-address executable; link with -no-pie -static");
    case ET_CORE: f.fail("core dump (ET_CORE), not an executable");
    default: f.fail("not an executable (e_type " + std::to_string(le16(&h[kEhdrType])) + ")");
  }
}

// The section header table, or empty if absent or malformed (sections are optional in an
// executable: only the symbol table and the ABI-metadata check below use them).
std::vector<u8> read_section_headers(ImageFile& f, const std::vector<u8>& h) {
  u32 shoff = le32(&h[kEhdrShoff]);
  u16 shnum = le16(&h[kEhdrShnum]);
  if (shoff == 0 || shnum == 0 || le16(&h[kEhdrShentsize]) != kShdrSize) return {};
  if (!f.contains(shoff, u64(shnum) * kShdrSize)) return {};
  return f.read(shoff, u64(shnum) * kShdrSize);
}

// GNU ld, given only -Ttext, puts the ELF headers, .MIPS.abiflags and .reginfo in a
// read-only PT_LOAD at its default kuseg base (0x00400000); kernel linker scripts discard
// those sections instead. Such a segment carries nothing the kernel executes or reads, so it
// is skipped rather than rejected — but only when the section headers prove that it holds
// at least one of those ABI records and no other allocated section.
bool is_abi_metadata_segment(const u8* ph, const std::vector<u8>& sh) {
  if (sh.empty() || (le32(ph + kPhFlags) & (PF_X | PF_W))) return false;
  u64 start = le32(ph + kPhVaddr), end = start + le32(ph + kPhMemsz);
  bool has_abi_record = false;
  for (u64 p = 0; p < sh.size(); p += kShdrSize) {
    const u8* e = &sh[p];
    u64 addr = le32(e + kShAddr), size = le32(e + kShSize);
    if (!(le32(e + kShFlags) & SHF_ALLOC) || size == 0 || addr + size <= start || addr >= end) continue;
    u32 type = le32(e + kShType);
    if (type != SHT_MIPS_REGINFO && type != SHT_MIPS_OPTIONS && type != SHT_MIPS_ABIFLAGS) return false;
    has_abi_record = true;
  }
  return has_abi_record;
}

// Header fields of one PT_LOAD, validated; `data` is left empty.
ImageSegment parse_segment(ImageFile& f, const u8* ph, unsigned index) {
  ImageSegment s;
  u32 offset = le32(ph + kPhOffset);
  s.vaddr = le32(ph + kPhVaddr);
  s.filesz = le32(ph + kPhFilesz);
  s.memsz = le32(ph + kPhMemsz);
  s.flags = le32(ph + kPhFlags);
  const std::string what = "segment " + std::to_string(index) + " at " + hex32(s.vaddr);
  if (s.memsz < s.filesz)
    f.fail(what + ": file size " + hex32(s.filesz) + " exceeds memory size " + hex32(s.memsz));
  if (!f.contains(offset, s.filesz))
    f.fail("truncated file: " + what + " needs bytes " + range_text(offset, s.filesz) +
           " but the file is only " + std::to_string(f.size()) + " bytes");
  if (u64(s.vaddr) + s.memsz > (u64(1) << 32)) f.fail(what + ": size " + hex32(s.memsz) + " wraps past 0xffffffff");
  if (!is_unmapped_kernel_address(s.vaddr))
    f.fail("segment at " + hex32(s.vaddr) + " is not in kseg0/kseg1; a kernel image must be linked there" +
           ((s.flags & (PF_X | PF_W)) ? ""
                                      : " (a read-only segment there usually holds just the ELF headers and"
                                        " .MIPS.abiflags/.reginfo: /DISCARD/ them in the linker script)"));
  // Must not run from kseg0 into kseg1 (or kseg1 into kseg2): the physical image would wrap.
  u64 seg_end = unmapped_segment_end(s.vaddr);
  if (s.vaddr + u64(s.memsz) > seg_end)
    f.fail("segment " + range_text(s.vaddr, s.memsz) + " runs past the end of " +
           (seg_end == 0xa0000000 ? "kseg0" : "kseg1"));
  s.paddr = kernel_virtual_to_physical(s.vaddr);
  return s;  // data is read once the whole layout is known to be sane
}

// Overlap in *physical* memory: a kseg0 and a kseg1 segment may alias the same RAM.
void check_overlaps(ImageFile& f, const std::vector<ImageSegment>& segs) {
  std::vector<const ImageSegment*> by_pa;
  for (const ImageSegment& s : segs) by_pa.push_back(&s);
  std::sort(by_pa.begin(), by_pa.end(), [](auto* a, auto* b) { return a->paddr < b->paddr; });
  const ImageSegment* furthest = nullptr;  // segment reaching highest so far
  for (const ImageSegment* s : by_pa) {
    if (furthest && u64(s->paddr) < u64(furthest->paddr) + furthest->memsz)
      f.fail("segments " + range_text(furthest->vaddr, furthest->memsz) + " and " + range_text(s->vaddr, s->memsz) +
             " overlap in physical memory");
    if (!furthest || u64(s->paddr) + s->memsz > u64(furthest->paddr) + furthest->memsz) furthest = s;
  }
}

// Symbol table: optional. Any inconsistency returns nothing instead of failing the load.
std::vector<ImageSymbol> read_symbols(ImageFile& f, const std::vector<u8>& sh) {
  std::vector<ImageSymbol> out;
  const u32 shnum = static_cast<u32>(sh.size() / kShdrSize);
  if (shnum == 0) return out;
  auto shdr = [&](u32 i) { return &sh[u64(i) * kShdrSize]; };
  u32 symtab = shnum;
  for (u32 i = 0; i < shnum && symtab == shnum; ++i)
    if (le32(shdr(i) + kShType) == SHT_SYMTAB) symtab = i;
  if (symtab == shnum) return out;
  u32 strtab = le32(shdr(symtab) + kShLink);
  if (strtab >= shnum || le32(shdr(strtab) + kShType) != SHT_STRTAB) return out;
  u32 sym_off = le32(shdr(symtab) + kShOffset), sym_size = le32(shdr(symtab) + kShSize);
  u32 str_off = le32(shdr(strtab) + kShOffset), str_size = le32(shdr(strtab) + kShSize);
  if (sym_size % kSymSize || !f.contains(sym_off, sym_size) || !f.contains(str_off, str_size)) return out;
  std::vector<u8> syms = f.read(sym_off, sym_size);
  std::vector<u8> strs = f.read(str_off, str_size);
  for (u64 p = 0; p < syms.size(); p += kSymSize) {
    const u8* e = &syms[p];
    u32 name = le32(e + kStName);
    u8 type = e[kStInfo] & 0xf;
    u16 shndx = le16(e + kStShndx);
    if (name >= strs.size()) return {};  // malformed: drop the whole table
    const u8* nul = static_cast<const u8*>(std::memchr(&strs[name], 0, strs.size() - name));
    if (!nul) return {};
    // Section, file and TLS symbols are not code/data locations; undefined and absolute
    // (reserved-index) symbols have no address in the image.
    if (type != STT_NOTYPE && type != STT_OBJECT && type != STT_FUNC) continue;
    if (shndx == SHN_UNDEF || shndx >= SHN_LORESERVE || nul == &strs[name]) continue;
    out.push_back({std::string(reinterpret_cast<const char*>(&strs[name])), le32(e + kStValue),
                   le32(e + kStSize), type == STT_FUNC});
  }
  std::sort(out.begin(), out.end(), [](const ImageSymbol& a, const ImageSymbol& b) {
    if (a.value != b.value) return a.value < b.value;
    if (a.is_function != b.is_function) return a.is_function;
    return a.name < b.name;  // deterministic order for equal addresses
  });
  return out;
}

}  // namespace

LoadedImage read_elf(const std::string& path) {
  ImageFile f(path);
  std::vector<u8> h = f.read(0, std::min<u64>(f.size(), kEhdrSize));
  check_header(f, h);

  LoadedImage image;
  image.path = path;
  image.format = "ELF";
  image.entry = le32(&h[kEhdrEntry]);
  u32 phoff = le32(&h[kEhdrPhoff]);
  u16 phnum = le16(&h[kEhdrPhnum]);
  u16 phentsize = le16(&h[kEhdrPhentsize]);
  if (phnum == 0) f.fail("no loadable segment (the file has no program headers)");
  if (phentsize != kPhdrSize)
    f.fail("program header entry size " + std::to_string(phentsize) + " (ELF32 requires 32)");
  if (!f.contains(phoff, u64(phnum) * kPhdrSize))
    f.fail("truncated file: the program header table (" + std::to_string(phnum) + " entries at offset " +
           hex32(phoff) + ") extends beyond the end of the file (" + std::to_string(f.size()) + " bytes)");
  std::vector<u8> ph = f.read(phoff, u64(phnum) * kPhdrSize);

  const std::vector<u8> sh = read_section_headers(f, h);
  bool skipped_metadata = false;
  std::vector<u32> file_offsets;
  for (unsigned i = 0; i < phnum; ++i) {
    const u8* p = &ph[u64(i) * kPhdrSize];
    if (le32(p + kPhType) != PT_LOAD) continue;  // PT_MIPS_REGINFO, PT_NOTE, ...: nothing to place
    if (le32(p + kPhMemsz) == 0 && le32(p + kPhFilesz) == 0) continue;  // empty: nothing to place
    // At most one (all GNU ld makes), which also keeps this check linear in the file size.
    if (!is_unmapped_kernel_address(le32(p + kPhVaddr)) && !skipped_metadata &&
        is_abi_metadata_segment(p, sh)) {
      skipped_metadata = true;
      continue;
    }
    image.segments.push_back(parse_segment(f, p, i));
    file_offsets.push_back(le32(p + kPhOffset));
  }
  if (image.segments.empty()) f.fail("no loadable segment (no PT_LOAD program header with contents)");
  check_overlaps(f, image.segments);

  bool entry_ok = std::any_of(image.segments.begin(), image.segments.end(), [&](const ImageSegment& s) {
    return image.entry >= s.vaddr && u64(image.entry) < u64(s.vaddr) + s.memsz;
  });
  if (!entry_ok) f.fail("entry point " + hex32(image.entry) + " is outside the loaded segments");
  if (image.entry & 3) f.fail("entry point " + hex32(image.entry) + " is not word-aligned");

  // Only now read the contents: non-overlapping segments within the 512 MiB that kseg0/kseg1
  // reach bound the total, however many headers point at the same file bytes.
  for (size_t i = 0; i < image.segments.size(); ++i)
    image.segments[i].data = f.read(file_offsets[i], image.segments[i].filesz);

  image.symbols = read_symbols(f, sh);
  return image;
}

}  // namespace emu
