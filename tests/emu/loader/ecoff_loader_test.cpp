// Tests for the MIPS little-endian ECOFF kernel loader (emu/loader/ecoff_loader.*) and
// for read_image's choice of reader. Images are built in memory by ecoff_test_image.h;
// expected placements come from the a.out rules it implements (NetBSD exec_ecoff.h) and
// the R3000 kseg0/kseg1 map, never from what the loader printed.
#include "emu/loader/ecoff_loader.h"

#include <catch2/catch.hpp>

#include "emu/common/error.h"
#include "emu/loader/elf_loader.h"
#include "tests/emu/loader/ecoff_test_image.h"
#include "tests/emu/loader/elf_test_image.h"

using namespace emu;
using emu::test::pattern;
using emu::test::TempDir;
using emu::test::TestEcoff;
using emu::test::TestEcoffSection;

namespace {

constexpr u32 kRam = 1024 * 1024;

// Text at 0x80030000, data after it, bss after the data.
TestEcoff valid_image(u16 amagic = 0407) {
  TestEcoff e;
  e.amagic = amagic;
  e.text = pattern(0x40, 1);
  e.data = pattern(0x10, 0x90);
  e.bsize = 0x100;
  return e;
}

emu::test::TestElf tiny_elf() {
  emu::test::TestElf elf;
  elf.entry = 0x80030000;
  elf.segments.push_back({.vaddr = 0x80030000, .data = pattern(16, 1)});
  return elf;
}

struct RamBus {
  std::vector<u8> ram;
  PhysicalBus bus;
  explicit RamBus(u32 size = kRam, u8 fill = 0xaa) : ram(size, fill) {
    bus.map_memory("ram", 0, size, ram.data(), true);
  }
  bool holds(u32 paddr, const std::vector<u8>& bytes) const {
    return std::equal(bytes.begin(), bytes.end(), ram.begin() + paddr);
  }
  bool all(u32 paddr, u32 n, u8 v) const {
    return std::all_of(ram.begin() + paddr, ram.begin() + paddr + n, [v](u8 b) { return b == v; });
  }
};

std::string read_error(const std::string& path) {
  try {
    read_image(path);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

// The one-line "PATH: ..." message read_image gives for `bytes`, checked to contain `part`.
void check_error(TempDir& dir, const std::vector<u8>& bytes, const std::string& part) {
  const std::string path = dir.write("image.ecoff", bytes);
  const std::string msg = read_error(path);
  INFO("message: " << msg << "\nwanted: " << part);
  CHECK(msg.rfind(path + ": ", 0) == 0);
  CHECK(msg.find('\n') == std::string::npos);
  CHECK(msg.find(part) != std::string::npos);
}
void check_error(TempDir& dir, const TestEcoff& e, const std::string& part) { check_error(dir, e.build(), part); }

}  // namespace

TEST_CASE("OMAGIC and NMAGIC ECOFF: text, data and bss where the a.out header says", "[loader][ecoff]") {
  const u16 magic = GENERATE(u16(0407), u16(0410));
  TempDir dir;
  TestEcoff e = valid_image(magic);
  TestEcoff::Layout l;
  const std::vector<u8> bytes = e.build(&l);
  // 3 section headers: 76 + 120 = 196 bytes, rounded to 16 for vstamp 200.
  REQUIRE(l.text_offset == 208);
  LoadedImage img = read_image(dir.write("k.ecoff", bytes));
  CHECK(img.format == "ECOFF");
  CHECK(img.entry == 0x80030000);
  CHECK(img.symbols.empty());
  REQUIRE(img.segments.size() == 3);
  const ImageSegment &t = img.segments[0], &d = img.segments[1], &b = img.segments[2];
  CHECK(t.vaddr == 0x80030000);
  CHECK(t.paddr == 0x00030000);
  CHECK(t.filesz == 0x40);
  CHECK(t.memsz == 0x40);
  CHECK(t.data == e.text);
  CHECK(t.flags == 5);  // R X
  CHECK(d.vaddr == 0x80030040);
  CHECK(d.data == e.data);
  CHECK(d.flags == 6);  // R W
  CHECK(b.vaddr == 0x80030050);
  CHECK(b.filesz == 0);
  CHECK(b.memsz == 0x100);

  RamBus rb;
  load_image(img, rb.bus, kRam);
  CHECK(rb.holds(0x30000, e.text));
  CHECK(rb.holds(0x30040, e.data));
  CHECK(rb.all(0x30050, 0x100, 0));      // bss zeroed
  CHECK(rb.all(0x30150, 0x100, 0xaa));   // nothing beyond it touched
  CHECK(rb.all(0x2ff00, 0x100, 0xaa));
}

TEST_CASE("ECOFF text offset: 8-byte rounding before vstamp 23, 16 from it", "[loader][ecoff]") {
  TempDir dir;
  for (u16 vstamp : {u16(0), u16(22), u16(23), u16(200)}) {
    for (bool sections : {true, false}) {
      TestEcoff e = valid_image();
      e.vstamp = vstamp;
      e.with_sections = sections;
      TestEcoff::Layout l;
      const std::vector<u8> bytes = e.build(&l);
      // 196 bytes of headers with 3 sections, 76 without (the Mach case: no sections at all).
      const u32 expected = sections ? (vstamp < 23 ? 200 : 208) : 80;
      INFO("vstamp " << vstamp << ", sections " << sections);
      CHECK(l.text_offset == expected);
      LoadedImage img = read_image(dir.write("k.ecoff", bytes));
      CHECK(img.segments.at(0).data == e.text);
      CHECK(img.segments.at(1).data == e.data);
    }
  }
}

TEST_CASE("ZMAGIC ECOFF: the text starts at file offset 0 and holds the headers", "[loader][ecoff]") {
  TempDir dir;
  TestEcoff e = valid_image(0413);
  e.data_start = 0x80031000;
  TestEcoff::Layout l;
  const std::vector<u8> bytes = e.build(&l);
  REQUIRE(l.text_offset == 0);
  REQUIRE(l.tsize == 0x1000);
  REQUIRE(l.data_offset == 0x1000);
  LoadedImage img = read_image(dir.write("k.ecoff", bytes));
  CHECK(img.entry == 0x80030000 + l.code_offset);
  REQUIRE(img.segments.size() == 3);
  CHECK(img.segments[0].vaddr == 0x80030000);
  CHECK(img.segments[0].filesz == 0x1000);

  RamBus rb;
  load_image(img, rb.bus, kRam);
  CHECK(rb.holds(0x30000, {0x62, 0x01}));  // the file header, loaded as the text's first bytes
  CHECK(rb.holds(0x30000 + l.code_offset, e.text));
  CHECK(rb.holds(0x31000, e.data));
  CHECK(rb.all(0x31010, 0x100, 0));
}

TEST_CASE("ECOFF bss is zeroed wherever the a.out header puts it", "[loader][ecoff]") {
  TempDir dir;
  TestEcoff e = valid_image();
  e.bss_start = 0x80050000;  // not after the data: a separate zeroed range
  e.bsize = 0x2345;
  LoadedImage img = read_image(dir.write("k.ecoff", e.build()));
  RamBus rb;
  load_image(img, rb.bus, kRam);
  CHECK(rb.all(0x50000, 0x2345, 0));
  CHECK(rb.all(0x50000 + 0x2345, 16, 0xaa));
  CHECK(rb.all(0x4fff0, 16, 0xaa));
}

TEST_CASE("ECOFF without data or bss, and with a symbol table, loads", "[loader][ecoff]") {
  TempDir dir;
  TestEcoff e;
  e.text = pattern(0x20, 3);
  e.f_symptr = 0xfffffff0;  // symbols are skipped: even an absurd table does not matter
  e.f_nsyms = 0x7fffffff;
  LoadedImage img = read_image(dir.write("k.ecoff", e.build()));
  REQUIRE(img.segments.size() == 1);
  CHECK(img.segments[0].data == e.text);
  CHECK(img.symbols.empty());
  CHECK(img.symbol_at(img.entry) == nullptr);
}

TEST_CASE("ECOFF section headers that agree on another text offset win (binutils' layout)", "[loader][ecoff]") {
  TempDir dir;
  // objcopy -O ecoff-littlemips writes vstamp 0 but aligns the text to 16: with 3 sections
  // the a.out rule says 200, the sections say 208.
  TestEcoff e = valid_image();
  e.vstamp = 0;
  e.text_offset = 208;
  LoadedImage img = read_image(dir.write("k.ecoff", e.build()));
  CHECK(img.segments.at(0).data == e.text);
  CHECK(img.segments.at(1).data == e.data);

  // The same file without section headers to say so is read by the a.out rule alone: the
  // text then starts 8 bytes early (8 zero bytes of padding, then the code).
  e.with_sections = false;
  e.extra_sections = {{".pad1"}, {".pad2"}, {".pad3"}};  // keep 196 bytes of headers
  img = read_image(dir.write("k.ecoff", e.build()));
  std::vector<u8> shifted(e.text.size(), 0);
  std::copy(e.text.begin(), e.text.end() - 8, shifted.begin() + 8);
  CHECK(img.segments.at(0).data == shifted);
}

TEST_CASE("ECOFF header errors", "[loader][ecoff]") {
  TempDir dir;
  const std::vector<u8> good = valid_image().build();
  auto prefix = [&](size_t n) { return std::vector<u8>(good.begin(), good.begin() + static_cast<long>(n)); };
  check_error(dir, std::vector<u8>{}, "empty file");
  check_error(dir, prefix(1), "not an ELF or MIPS ECOFF file (bad magic number)");
  check_error(dir, prefix(12), "truncated header: 12 bytes, shorter than the 20-byte ECOFF file header");
  check_error(dir, prefix(40), "truncated header: 40 bytes, shorter than the 76-byte");
  check_error(dir, std::vector<u8>{'#', '!', '/', 'b', 'i', 'n'}, "not an ELF or MIPS ECOFF file (bad magic number)");

  TestEcoff e = valid_image();
  e.f_magic = 0x6001;  // MIPSEBMAGIC 0x0160 as its bytes read little-endian
  check_error(dir, e, "big-endian MIPS ECOFF (MIPSEBMAGIC); DECstations run little-endian");
  e.f_magic = 0x0142;
  check_error(dir, e, "MIPS III ECOFF");
  e.f_magic = 0x0166;
  check_error(dir, e, "MIPS II ECOFF");
  // read_ecoff called directly on a file of another kind.
  const std::string elf = dir.write("k.elf", tiny_elf().build());
  CHECK_THROWS_WITH(read_ecoff(elf), elf + ": not a MIPS ECOFF file (bad magic number)");

  e = valid_image();
  e.opthdr = 0;
  check_error(dir, e, "no a.out header (f_opthdr 0): an object file, not an executable");
  e.opthdr = 28;
  check_error(dir, e, "a.out header of 28 bytes (f_opthdr); MIPS ECOFF has 56");
  e = valid_image(0443);
  check_error(dir, e, "shared library");
  e = valid_image(0x1234);
  check_error(dir, e, "unknown a.out magic 011064 (expected OMAGIC 0407, NMAGIC 0410 or ZMAGIC 0413)");
  e = valid_image();
  e.nscns = 1000;
  check_error(dir, e, "truncated file: 1000 section headers at offset 0x0000004c extend beyond the end of the file");
}

TEST_CASE("ECOFF layout errors", "[loader][ecoff]") {
  TempDir dir;
  TestEcoff e = valid_image();
  e.tsize = 0;
  check_error(dir, e, "no text (tsize 0)");

  e = valid_image();
  e.text_start = 0x00400000;
  check_error(dir, e, "text at 0x00400000 is not in kseg0/kseg1");
  e = valid_image();
  e.data_start = 0xc0000000;
  check_error(dir, e, "data at 0xc0000000 is not in kseg0/kseg1");
  e = valid_image();
  e.text_start = 0x9ffffff0;
  e.entry = 0x9ffffff0;
  check_error(dir, e, "text 0x9ffffff0-0xa000002f runs past the end of kseg0");

  // Absurd sizes: caught by the kseg bounds or the file size, never allocated.
  e = valid_image();
  e.tsize = 0xfffffff0;
  check_error(dir, e, "text 0x80030000 size 0xfffffff0 wraps past 0xffffffff");
  e = valid_image();
  e.data.clear();  // (the builder would put the data 256 MiB into the file)
  e.dsize = 0x10;
  e.data_start = 0x80030040;
  e.tsize = 0x10000000;  // 256 MiB of text runs into the data
  check_error(dir, e, "text 0x80030000-0x9002ffff and data 0x80030040-0x8003004f overlap in physical memory");
  e = valid_image();
  e.data.clear();
  e.bsize = 0;
  e.tsize = 0x100000;  // one section header: the text is at 76 + 40 rounded to 16
  check_error(dir, e, "truncated file: the text needs bytes 0x00000080-0x0010007f but the file is only");
  e = valid_image();
  e.dsize = 0x100000;
  check_error(dir, e, "truncated file: the data needs bytes");

  // bss overflow.
  e = valid_image();
  e.bss_start = 0x9fff0000;
  e.bsize = 0x20000;
  check_error(dir, e, "bss 0x9fff0000-0xa000ffff runs past the end of kseg0");
  e = valid_image();
  e.bsize = 0xffffff00;
  check_error(dir, e, "wraps past 0xffffffff");
  e = valid_image();
  e.bss_start = 0x80030020;
  check_error(dir, e, "text 0x80030000-0x8003003f and bss 0x80030020-0x8003011f overlap in physical memory");

  // Overlaps, also through the kseg0/kseg1 alias of the same RAM.
  e = valid_image();
  e.data_start = 0xa0030010;
  check_error(dir, e, "text 0x80030000-0x8003003f and data 0xa0030010-0xa003001f overlap in physical memory");

  e = valid_image();
  e.entry = 0x80030040;  // the data
  check_error(dir, e, "entry point 0x80030040 is outside the text 0x80030000-0x8003003f");
  e = valid_image();
  e.entry = 0x80030002;
  check_error(dir, e, "entry point 0x80030002 is not word-aligned");
}

TEST_CASE("ECOFF section header cross-check errors", "[loader][ecoff]") {
  TempDir dir;
  // 4 section headers: the text is at 76 + 160 = 236 rounded to 16, 0xf0, the data at 0x130.
  TestEcoff e = valid_image();
  // A second section in the text whose file offset implies another text offset.
  e.extra_sections = {{".rdata", 0x80030020, 0x10, 0x300}};
  check_error(dir, e, "sections .text and .rdata disagree about where the text lies in the file");
  e.extra_sections = {{".rdata", 0x80030020, 0x10, 0x10}};
  check_error(dir, e, "section .rdata at file offset 0x00000010 cannot be 0x00000020 bytes into the text");
  // Running past the end of the text: into the data bytes, or beyond the end of the file.
  e.extra_sections = {{".rdata", 0x80030030, 0x18, 0x120}};
  check_error(dir, e,
              "section .rdata 0x80030030-0x80030047 runs past the end of the text 0x80030000-0x8003003f that the "
              "a.out header gives (and not with padding)");
  e.extra_sections = {{".rdata", 0x80030020, 0x100, 0x110}};  // far more than alignment padding
  check_error(dir, e,
              "section .rdata 0x80030020-0x8003011f runs past the end of the text 0x80030000-0x8003003f that the "
              "a.out header gives");
  // ... but zero padding there, or none because the file ends, is what binutils writes (it
  // sums section sizes, not spans, and may not write a section's alignment padding).
  e.extra_sections = {{".rdata", 0x80030030, 0x18, 0x120}};
  e.data.assign(16, 0);
  LoadedImage img = read_image(dir.write("k.ecoff", e.build()));
  CHECK(img.segments.at(0).data == e.text);
  e.data.clear();
  e.bsize = 0;  // 2 section headers: text at 0xa0, 0x40 bytes, the file ends at 0xe0
  e.extra_sections = {{".rdata", 0x80030030, 0x18, 0xd0}};
  img = read_image(dir.write("k.ecoff", e.build()));
  CHECK(img.segments.at(0).data == e.text);
  // Sections that are not loaded (.comment, bss kinds, NOLOAD) or have no contents are not
  // checked, wherever they are.
  e.extra_sections = {{".comment", 0, 0x10, 0x1, 0x02100000}, {".sbss", 0x80030000, 0x10, 0, 0x400},
                      {".x", 0x80090000, 0x10, 0x8, 0x42}, {".y", 0x80090000, 0, 0x8, 0x40}};
  CHECK(read_error(dir.write("k.ecoff", e.build())).empty());
  // A loaded section outside the text and data would silently be left out.
  e = valid_image();
  e.extra_sections = {{".data", 0x80040060, 0x10, 0x150}};
  check_error(dir, e,
              "section .data 0x80040060-0x8004006f is outside the text 0x80030000-0x8003003f and the data "
              "0x80030040-0x8003004f of the a.out header");
}

TEST_CASE("a ZMAGIC image whose sections contradict text_start is refused", "[loader][ecoff]") {
  // What objcopy -O ecoff-littlemips writes for text linked on a page boundary: text_start
  // is the .text page, but the headers (counted in tsize) are not in memory before it.
  TempDir dir;
  TestEcoff e = valid_image(0413);
  e.text_offset = 0x1000;
  e.data_start = 0x80040000;
  check_error(dir, e,
              "ZMAGIC image whose sections put the text at file offset 0x00001000, not 0x00000000 (binutils' "
              "objcopy writes this for a kernel linked on a page boundary; convert with objcopy --impure");
}

TEST_CASE("read_image picks the reader by magic number", "[loader][ecoff]") {
  TempDir dir;
  CHECK(read_image(dir.write("k.elf", tiny_elf().build())).format == "ELF");
  CHECK(read_image(dir.write("k.ecoff", valid_image().build())).format == "ECOFF");
  CHECK(read_error(dir.path().string()).find("the kernel image is a directory, not a file") != std::string::npos);
  CHECK(read_error(dir.file("missing")).find(": cannot open") != std::string::npos);
}

TEST_CASE("an ECOFF image that does not fit in RAM is refused before anything is written", "[loader][ecoff]") {
  TempDir dir;
  TestEcoff e = valid_image();
  e.bss_start = 0x80100000;  // past the end of 1 MiB of RAM
  LoadedImage img = read_image(dir.write("k.ecoff", e.build()));
  RamBus rb;
  CHECK_THROWS_WITH(load_image(img, rb.bus, kRam),
                    Catch::Contains("segment 0x80100000-0x801000ff (physical 0x00100000-0x001000ff) does not fit"));
  CHECK(rb.all(0x30000, 0x100, 0xaa));
}

TEST_CASE("an ECOFF file ending at most 64 bytes short of its data reads the rest as zero", "[loader][ecoff]") {
  // binutils' objcopy --strip-all wrote such a file for the hello guest: .data declared
  // 8 bytes at 0x16d8 in a file of 0x16dc bytes.
  TempDir dir;
  TestEcoff e = valid_image();
  std::vector<u8> bytes = e.build();
  const size_t full = bytes.size();
  for (size_t cut : {size_t(4), size_t(e.data.size())}) {
    INFO(cut);
    std::vector<u8> shorter(bytes.begin(), bytes.end() - long(cut));
    LoadedImage img = read_image(dir.write("short.ecoff", shorter));
    REQUIRE(img.segments.size() == 3);
    const ImageSegment& d = img.segments[1];
    CHECK(d.data.size() == e.data.size());
    CHECK(std::equal(d.data.begin(), d.data.end() - long(cut), e.data.begin()));
    CHECK(std::all_of(d.data.end() - long(cut), d.data.end(), [](u8 b) { return b == 0; }));
  }
  CHECK(full > e.data.size());
  e.dsize = u32(e.data.size() + 65);  // 65 bytes missing: a truncated file
  check_error(dir, e, "truncated file: the data needs bytes");
}
