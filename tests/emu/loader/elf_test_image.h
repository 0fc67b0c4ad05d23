// Test helper: builds small ELF32 images in memory (System V gABI layouts: Elf32_Ehdr 52
// bytes, Elf32_Phdr 32, Elf32_Shdr 40, Elf32_Sym 16), with an optional .symtab/.strtab,
// and writes them into a private temporary directory. Every field can be set to a wrong
// value so the loader's error paths can be exercised; nothing binary lives in git.
#pragma once
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "emu/common/types.h"

// Test images are described with designated initializers that leave most fields at their
// defaults on purpose; GCC 12 -Wextra would flag every omitted field.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace emu::test {

// n bytes that differ from their neighbours and from another seed's, to see where each landed.
inline std::vector<u8> pattern(size_t n, u8 seed) {
  std::vector<u8> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<u8>(seed + 7 * i);
  return v;
}

struct TestSegment {
  u32 type = 1;  // PT_LOAD
  u32 vaddr = 0;
  std::optional<u32> paddr;   // default: same as vaddr (what GNU ld writes)
  u32 flags = 5;              // PF_R | PF_X
  std::vector<u8> data;       // file contents (filesz = data.size() unless overridden)
  std::optional<u32> memsz;   // default: data.size()
  std::optional<u32> filesz;  // override, to build inconsistent headers
  std::optional<u32> offset;  // override; default: where the builder put the data
};

struct TestSymbol {
  std::string name;
  u32 value = 0;
  u32 size = 0;
  u8 type = 2;     // STT_FUNC; 0 NOTYPE, 1 OBJECT, 3 SECTION, 4 FILE
  u8 bind = 1;     // STB_GLOBAL
  u16 shndx = 1;   // any ordinary section index; 0 = undefined, 0xfff1 = SHN_ABS
};

// An extra section header (no contents in the file), e.g. a .MIPS.abiflags record.
struct TestSection {
  u32 type = 0;
  u32 flags = 2;  // SHF_ALLOC
  u32 addr = 0;
  u32 size = 0;
};

struct TestElf {
  u8 ei_class = 1, ei_data = 1, ei_version = 1;  // ELFCLASS32, ELFDATA2LSB, EV_CURRENT
  u16 type = 2, machine = 8;                     // ET_EXEC, EM_MIPS
  u32 version = 1;
  u32 entry = 0;
  std::optional<u16> phentsize;  // default 32
  std::vector<TestSegment> segments;
  bool with_symtab = false;  // also emits the section header table
  std::vector<TestSymbol> symbols;
  std::vector<TestSection> extra_sections;  // appended after .symtab when with_symtab

  // Where the builder put things (valid after build()).
  struct Layout {
    u32 phoff = 0, shoff = 0, symtab_off = 0, strtab_off = 0;
    std::vector<u32> seg_off;
  };

  std::vector<u8> build(Layout* layout = nullptr) const {
    Layout l;
    // The ELF header and the program header table, sized at once: growing a 52-byte vector
    // here made GCC 12 see a copy past its end (-Warray-bounds, a false positive of its
    // vector-growth inlining) in every test that builds an image.
    std::vector<u8> out(52 + 32 * segments.size(), 0);
    auto put16 = [&](u32 at, u32 v) { out[at] = u8(v); out[at + 1] = u8(v >> 8); };
    auto put32 = [&](u32 at, u32 v) { for (int i = 0; i < 4; ++i) out[at + i] = u8(v >> (8 * i)); };
    auto align4 = [&] { while (out.size() % 4) out.push_back(0); };

    const u8 ident[] = {0x7f, 'E', 'L', 'F', ei_class, ei_data, ei_version};
    std::memcpy(out.data(), ident, sizeof ident);
    put16(16, type);
    put16(18, machine);
    put32(20, version);
    put32(24, entry);
    put16(40, 52);  // e_ehsize
    put16(42, phentsize.value_or(32));
    put16(44, static_cast<u32>(segments.size()));

    l.phoff = segments.empty() ? 0 : 52;
    put32(28, l.phoff);
    for (const TestSegment& s : segments) {
      l.seg_off.push_back(static_cast<u32>(out.size()));
      out.insert(out.end(), s.data.begin(), s.data.end());
      align4();
    }
    for (size_t i = 0; i < segments.size(); ++i) {
      const TestSegment& s = segments[i];
      u32 ph = static_cast<u32>(52 + 32 * i);
      put32(ph + 0, s.type);
      put32(ph + 4, s.offset.value_or(l.seg_off[i]));
      put32(ph + 8, s.vaddr);
      put32(ph + 12, s.paddr.value_or(s.vaddr));
      put32(ph + 16, s.filesz.value_or(static_cast<u32>(s.data.size())));
      put32(ph + 20, s.memsz.value_or(static_cast<u32>(s.data.size())));
      put32(ph + 24, s.flags);
      put32(ph + 28, 4);  // p_align
    }

    if (with_symtab) {
      // .strtab: leading NUL (index 0 = empty name), then each name.
      l.strtab_off = static_cast<u32>(out.size());
      std::vector<u32> name_off;
      out.push_back(0);
      for (const TestSymbol& s : symbols) {
        name_off.push_back(static_cast<u32>(out.size()) - l.strtab_off);
        out.insert(out.end(), s.name.begin(), s.name.end());
        out.push_back(0);
      }
      u32 strtab_size = static_cast<u32>(out.size()) - l.strtab_off;
      align4();
      // .symtab: entry 0 is the all-zero null symbol.
      l.symtab_off = static_cast<u32>(out.size());
      out.resize(out.size() + 16 * (symbols.size() + 1), 0);
      for (size_t i = 0; i < symbols.size(); ++i) {
        u32 e = static_cast<u32>(l.symtab_off + 16 * (i + 1));
        put32(e + 0, name_off[i]);
        put32(e + 4, symbols[i].value);
        put32(e + 8, symbols[i].size);
        out[e + 12] = static_cast<u8>((symbols[i].bind << 4) | symbols[i].type);
        put16(e + 14, symbols[i].shndx);
      }
      u32 symtab_size = static_cast<u32>(16 * (symbols.size() + 1));
      // Section headers: [0] null, [1] .strtab, [2] .symtab (sh_link = 1), [3...] extras.
      const u32 shnum = static_cast<u32>(3 + extra_sections.size());
      l.shoff = static_cast<u32>(out.size());
      out.resize(out.size() + shnum * 40, 0);
      put32(l.shoff + 40 + 4, 3);  // SHT_STRTAB
      put32(l.shoff + 40 + 16, l.strtab_off);
      put32(l.shoff + 40 + 20, strtab_size);
      put32(l.shoff + 80 + 4, 2);  // SHT_SYMTAB
      put32(l.shoff + 80 + 16, l.symtab_off);
      put32(l.shoff + 80 + 20, symtab_size);
      put32(l.shoff + 80 + 24, 1);   // sh_link -> .strtab
      put32(l.shoff + 80 + 36, 16);  // sh_entsize
      for (size_t i = 0; i < extra_sections.size(); ++i) {
        u32 sh = static_cast<u32>(l.shoff + 40 * (3 + i));
        put32(sh + 4, extra_sections[i].type);
        put32(sh + 8, extra_sections[i].flags);
        put32(sh + 12, extra_sections[i].addr);
        put32(sh + 20, extra_sections[i].size);
      }
      put32(32, l.shoff);
      put16(46, 40);
      put16(48, shnum);
    }
    if (layout) *layout = l;
    return out;
  }
};

inline void put_le32(std::vector<u8>& b, size_t at, u32 v) {
  for (int i = 0; i < 4; ++i) b.at(at + i) = u8(v >> (8 * i));
}

// A private directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("emu_elf_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::vector<u8>& bytes) const {
    std::string p = file(name);
    std::ofstream o(p, std::ios::binary | std::ios::trunc);
    o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace emu::test
