// Test helper: builds small MIPS little-endian ECOFF executables in memory (binutils
// include/coff/ecoff.h and mips.h layouts: 20-byte file header, 56-byte a.out header,
// 40-byte section headers), laid out by the a.out rules (NetBSD sys/sys/exec_ecoff.h
// ECOFF_TXTOFF/ECOFF_DATOFF): OMAGIC/NMAGIC text right after the headers rounded to 8
// (vstamp < 23) or 16 bytes, ZMAGIC text from file offset 0 with the headers in it, data
// after the text (ZMAGIC: at the next 4 KiB). Every field can be overridden with a wrong
// value so the loader's error paths can be exercised.
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "emu/common/types.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace emu::test {

struct TestEcoffSection {
  std::string name;
  u32 vaddr = 0;
  u32 size = 0;
  u32 scnptr = 0;
  u32 flags = 0x40;  // STYP_DATA
};

struct TestEcoff {
  u16 f_magic = 0x0162;  // MIPSELMAGIC
  std::optional<u16> opthdr;  // default 56
  std::optional<u16> nscns;   // default: the number of section headers written
  u16 amagic = 0407;          // OMAGIC
  u16 vstamp = 200;           // what elf2ecoff writes (>= 23: 16-byte text alignment)
  u32 text_start = 0x80030000;  // ZMAGIC: the address of file offset 0
  std::vector<u8> text;         // the code (ZMAGIC: placed after the headers)
  std::optional<u32> data_start;  // default: right after the text (16-byte aligned)
  std::vector<u8> data;
  u32 bsize = 0;
  std::optional<u32> bss_start;  // default: data_start + dsize
  std::optional<u32> entry;      // default: the first code byte
  std::optional<u32> tsize, dsize;
  std::optional<u32> text_offset;  // where the text goes in the file (default: the a.out rule)
  bool with_sections = true;       // .text, .data (if any), .bss (if any)
  std::vector<TestEcoffSection> extra_sections;
  u32 f_symptr = 0, f_nsyms = 0;

  struct Layout {
    u32 text_offset = 0, data_offset = 0;
    u32 code_offset = 0;  // of the first code byte within the text (ZMAGIC: after the headers)
    u32 tsize = 0, dsize = 0, data_start = 0, bss_start = 0, entry = 0;
  };

  static u32 round_up(u32 v, u32 to) { return (v + to - 1) / to * to; }
  bool zmagic() const { return amagic == 0413; }

  std::vector<u8> build(Layout* layout = nullptr) const {
    Layout l;
    std::vector<TestEcoffSection> secs;
    const u32 nsec = static_cast<u32>((with_sections ? 1 + !data.empty() + (bsize != 0) : 0) + extra_sections.size());
    const u32 headers = 76 + 40 * nsec;
    if (zmagic()) {
      l.text_offset = text_offset.value_or(0);
      l.code_offset = round_up(headers, 16);
      l.tsize = tsize.value_or(round_up(l.code_offset + static_cast<u32>(text.size()), 4096));
      l.data_offset = round_up(l.text_offset + l.tsize, 4096);
    } else {
      l.text_offset = text_offset.value_or(round_up(headers, vstamp < 23 ? 8 : 16));
      l.tsize = tsize.value_or(static_cast<u32>(text.size()));
      l.data_offset = l.text_offset + l.tsize;
    }
    l.dsize = dsize.value_or(static_cast<u32>(data.size()));
    l.data_start = data_start.value_or(text_start + round_up(l.tsize, 16));
    l.bss_start = bss_start.value_or(l.data_start + l.dsize);
    l.entry = entry.value_or(text_start + l.code_offset);
    if (with_sections) {
      secs.push_back({".text", text_start + l.code_offset, static_cast<u32>(text.size()),
                      l.text_offset + l.code_offset, 0x20});
      if (!data.empty()) secs.push_back({".data", l.data_start, static_cast<u32>(data.size()), l.data_offset, 0x40});
      if (bsize) secs.push_back({".bss", l.bss_start, bsize, 0, 0x80});
    }
    secs.insert(secs.end(), extra_sections.begin(), extra_sections.end());

    std::vector<u8> out(headers, 0);
    auto grow = [&](size_t n) { if (out.size() < n) out.resize(n, 0); };
    auto put16 = [&](u32 at, u32 v) { out[at] = u8(v); out[at + 1] = u8(v >> 8); };
    auto put32 = [&](u32 at, u32 v) { for (int i = 0; i < 4; ++i) out[at + i] = u8(v >> (8 * i)); };
    put16(0, f_magic);
    put16(2, nscns.value_or(static_cast<u16>(secs.size())));
    put32(8, f_symptr);
    put32(12, f_nsyms);
    put16(16, opthdr.value_or(56));
    put16(18, 0x0207);  // F_RELFLG | F_EXEC | F_LNNO | F_AR32WR, as binutils writes
    put16(20, amagic);
    put16(22, vstamp);
    put32(24, l.tsize);
    put32(28, l.dsize);
    put32(32, bsize);
    put32(36, l.entry);
    put32(40, text_start);
    put32(44, l.data_start);
    put32(48, l.bss_start);
    for (size_t i = 0; i < secs.size(); ++i) {
      const u32 at = static_cast<u32>(76 + 40 * i);
      for (size_t k = 0; k < 8 && k < secs[i].name.size(); ++k) out[at + k] = static_cast<u8>(secs[i].name[k]);
      put32(at + 8, secs[i].vaddr);  // s_paddr = s_vaddr, as binutils writes
      put32(at + 12, secs[i].vaddr);
      put32(at + 16, secs[i].size);
      put32(at + 20, secs[i].scnptr);
      put32(at + 36, secs[i].flags);
    }
    // The file holds what the vectors hold, whatever the (possibly overridden) sizes say.
    if (!text.empty()) {
      grow(l.text_offset + l.code_offset + text.size());
      std::copy(text.begin(), text.end(), out.begin() + l.text_offset + l.code_offset);
    }
    if (zmagic() && !tsize) grow(l.text_offset + l.tsize);  // the text is whole pages in the file
    if (!data.empty()) {
      grow(l.data_offset + data.size());
      std::copy(data.begin(), data.end(), out.begin() + l.data_offset);
    }
    if (layout) *layout = l;
    return out;
  }
};

}  // namespace emu::test
