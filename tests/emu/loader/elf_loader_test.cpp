// Tests for the ELF32 little-endian MIPS kernel loader (emu/loader/elf_loader.*).
// Images are built in memory by elf_test_image.h; expected values come from the gABI field
// definitions and the R3000 kseg0/kseg1 map (kseg0 = phys + 0x80000000, kseg1 = phys +
// 0xa0000000), never from what the loader printed.
#include "emu/loader/elf_loader.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <stdexcept>

#include "emu/common/error.h"
#include "tests/emu/loader/elf_test_image.h"

using namespace emu;
using emu::test::pattern;
using emu::test::TempDir;
using emu::test::TestElf;
using emu::test::TestSection;
using emu::test::TestSegment;
using emu::test::TestSymbol;

namespace {

constexpr u32 kRam = 1024 * 1024;

// A valid two-segment kernel: text at kseg0 0x80030000, data+bss at 0x80031000.
TestElf valid_image() {
  TestElf e;
  e.entry = 0x80030004;
  e.segments.push_back({.vaddr = 0x80030000, .flags = 5, .data = pattern(0x40, 1)});
  e.segments.push_back({.vaddr = 0x80031000, .flags = 6, .data = pattern(8, 0x90), .memsz = 0x100});
  return e;
}

struct RamBus {
  std::vector<u8> ram;
  PhysicalBus bus;
  explicit RamBus(u32 size = kRam, u8 fill = 0xaa) : ram(size, fill) {
    bus.map_memory("ram", 0, size, ram.data(), true);
  }
};

// The UserError message read_elf gives for `path`, or "" if it succeeds.
std::string read_error(const std::string& path) {
  try {
    read_elf(path);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

std::string build_error(TempDir& dir, const TestElf& e) { return read_error(dir.write("image.elf", e.build())); }

std::string error_for_bytes(TempDir& dir, const std::vector<u8>& bytes) {
  return read_error(dir.write("image.elf", bytes));
}

// Every loader error is one line beginning "PATH: ".
void check_error(TempDir& dir, const std::string& msg, const std::string& expected_part) {
  INFO("message: " << msg);
  CHECK(msg.rfind(dir.file("image.elf") + ": ", 0) == 0);
  CHECK(msg.find('\n') == std::string::npos);
  CHECK(msg.find(expected_part) != std::string::npos);
}

}  // namespace

TEST_CASE("elf_virtual_to_physical clears the kseg0/kseg1 bits and rejects mapped segments", "[loader]") {
  CHECK(elf_virtual_to_physical(0x80000000) == 0x00000000);
  CHECK(elf_virtual_to_physical(0x80030000) == 0x00030000);
  CHECK(elf_virtual_to_physical(0x9fffffff) == 0x1fffffff);
  CHECK(elf_virtual_to_physical(0xa0000000) == 0x00000000);
  CHECK(elf_virtual_to_physical(0xbfc00000) == 0x1fc00000);  // the boot ROM seen through kseg1
  CHECK_THROWS_AS(elf_virtual_to_physical(0x00400000), std::invalid_argument);  // kuseg
  CHECK_THROWS_AS(elf_virtual_to_physical(0x7fffffff), std::invalid_argument);
  CHECK_THROWS_AS(elf_virtual_to_physical(0xc0000000), std::invalid_argument);  // kseg2
  CHECK(elf_is_unmapped_kernel_address(0xbfffffff));
  CHECK_FALSE(elf_is_unmapped_kernel_address(0xffffffff));
}

TEST_CASE("a valid image is parsed and placed in RAM with its bss zeroed", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  std::string path = dir.write("image.elf", e.build());
  ElfImage img = read_elf(path);
  CHECK(img.path == path);
  CHECK(img.entry == 0x80030004);
  REQUIRE(img.segments.size() == 2);
  CHECK(img.segments[0].vaddr == 0x80030000);
  CHECK(img.segments[0].paddr == 0x00030000);
  CHECK(img.segments[0].filesz == 0x40);
  CHECK(img.segments[0].memsz == 0x40);
  CHECK(img.segments[0].flags == 5);
  CHECK(img.segments[0].data == pattern(0x40, 1));
  CHECK(img.segments[1].paddr == 0x00031000);
  CHECK(img.segments[1].filesz == 8);
  CHECK(img.segments[1].memsz == 0x100);
  CHECK(img.symbols.empty());

  RamBus m;  // RAM pre-filled with 0xaa so zeroing and untouched bytes are visible
  load_elf(img, m.bus, kRam);
  std::vector<u8> text(m.ram.begin() + 0x30000, m.ram.begin() + 0x30040);
  CHECK(text == pattern(0x40, 1));
  CHECK(m.ram[0x2ffff] == 0xaa);
  CHECK(m.ram[0x30040] == 0xaa);  // text segment is exactly memsz long
  std::vector<u8> data(m.ram.begin() + 0x31000, m.ram.begin() + 0x31008);
  CHECK(data == pattern(8, 0x90));
  bool bss_zero = std::all_of(m.ram.begin() + 0x31008, m.ram.begin() + 0x31100, [](u8 b) { return b == 0; });
  CHECK(bss_zero);
  CHECK(m.ram[0x31100] == 0xaa);
}

TEST_CASE("placement follows p_vaddr: kseg1 segments, junk p_paddr, non-LOAD headers", "[loader]") {
  TempDir dir;
  TestElf e;
  e.entry = 0xa0040000;
  e.segments.push_back({.vaddr = 0xa0040000, .paddr = 0x12345678, .data = pattern(16, 3)});
  // Non-PT_LOAD headers are ignored even with nonsense contents (PT_NOTE, PT_MIPS_REGINFO).
  e.segments.push_back({.type = 4, .vaddr = 0x00400000, .filesz = 0xffffffff, .offset = 0xfffffff0});
  e.segments.push_back({.type = 0x70000000, .vaddr = 0x12345678});
  // An empty PT_LOAD has nothing to place, even outside kseg0/kseg1.
  e.segments.push_back({.vaddr = 0x00001000});
  ElfImage img = read_elf(dir.write("image.elf", e.build()));
  REQUIRE(img.segments.size() == 1);
  CHECK(img.segments[0].paddr == 0x00040000);

  RamBus m;
  load_elf(img, m.bus, kRam);
  CHECK(std::vector<u8>(m.ram.begin() + 0x40000, m.ram.begin() + 0x40010) == pattern(16, 3));
}

TEST_CASE("segments that merely touch are not overlapping; a pure-bss segment is fine", "[loader]") {
  TempDir dir;
  TestElf e;
  e.entry = 0x80030000;
  e.segments.push_back({.vaddr = 0x80030000, .data = pattern(0x10, 9)});
  e.segments.push_back({.vaddr = 0xa0030010, .data = pattern(0x10, 5)});  // phys 0x30010: adjacent
  e.segments.push_back({.vaddr = 0x80030020, .flags = 6, .memsz = 0x20});  // bss only
  ElfImage img = read_elf(dir.write("image.elf", e.build()));
  REQUIRE(img.segments.size() == 3);
  RamBus m;
  load_elf(img, m.bus, kRam);
  CHECK(m.ram[0x3000f] == pattern(0x10, 9)[15]);
  CHECK(m.ram[0x30010] == pattern(0x10, 5)[0]);
  CHECK(m.ram[0x30020] == 0);
  CHECK(m.ram[0x3003f] == 0);
  CHECK(m.ram[0x30040] == 0xaa);
}

TEST_CASE("file-level errors: missing, directory, unreadable, not ELF", "[loader]") {
  TempDir dir;
  std::string missing = dir.file("no-such.elf");
  std::string msg = read_error(missing);
  CHECK(msg.rfind(missing + ": cannot open", 0) == 0);

  msg = read_error(dir.path().string());
  CHECK(msg.rfind(dir.path().string() + ": ", 0) == 0);
  CHECK(msg.find("directory") != std::string::npos);

  // A device or FIFO could block or never end: only regular files are opened.
  CHECK(read_error("/dev/null").rfind("/dev/null: the kernel image is not a regular file", 0) == 0);
  std::string fifo = dir.file("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(read_error(fifo).rfind(fifo + ": the kernel image is not a regular file", 0) == 0);  // would hang if read

  std::string locked = dir.write("locked.elf", valid_image().build());
  ::chmod(locked.c_str(), 0);
  if (std::FILE* f = std::fopen(locked.c_str(), "rb")) {
    std::fclose(f);
    WARN("running with privileges that ignore file permissions: unreadable-file case not exercised");
  } else {
    msg = read_error(locked);
    CHECK(msg.rfind(locked + ": cannot open", 0) == 0);
  }

  check_error(dir, error_for_bytes(dir, {}), "not an ELF file (empty file)");
  check_error(dir, error_for_bytes(dir, {0x7f, 'E', 'L'}), "not an ELF file");
  std::vector<u8> script = {'#', '!', '/', 'b', 'i', 'n', '/', 's', 'h', '\n'};
  script.resize(200, ' ');
  check_error(dir, error_for_bytes(dir, script), "not an ELF file (bad magic");
  std::vector<u8> short_header = valid_image().build();
  short_header.resize(40);
  check_error(dir, error_for_bytes(dir, short_header), "shorter than the 52-byte ELF header");
}

TEST_CASE("header errors: class, endianness, version, machine, type", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  SECTION("64-bit") {
    e.ei_class = 2;
    check_error(dir, build_error(dir, e), "64-bit ELF");
  }
  SECTION("big-endian") {
    e.ei_data = 2;
    check_error(dir, build_error(dir, e), "big-endian MIPS ELF; DECstations run little-endian");
  }
  SECTION("bad ident version") {
    e.ei_version = 0;
    check_error(dir, build_error(dir, e), "unsupported ELF version");
  }
  SECTION("bad e_version") {
    e.version = 2;
    check_error(dir, build_error(dir, e), "unsupported ELF version");
  }
  SECTION("x86") {
    e.machine = 3;
    check_error(dir, build_error(dir, e), "not a MIPS ELF (e_machine 3, x86");
  }
  SECTION("relocatable object") {
    e.type = 1;
    check_error(dir, build_error(dir, e), "ET_REL");
  }
  SECTION("shared object / PIE") {
    e.type = 3;
    check_error(dir, build_error(dir, e), "ET_DYN");
  }
  SECTION("core dump") {
    e.type = 4;
    check_error(dir, build_error(dir, e), "not an executable");
  }
}

TEST_CASE("header errors: invalid class, invalid data encoding, unknown e_type", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  SECTION("class 0 (ELFCLASSNONE)") {
    e.ei_class = 0;
    check_error(dir, build_error(dir, e), "invalid ELF class 0");
  }
  SECTION("class 3") {
    e.ei_class = 3;
    check_error(dir, build_error(dir, e), "invalid ELF class 3");
  }
  SECTION("data encoding 0 (ELFDATANONE)") {
    e.ei_data = 0;
    check_error(dir, build_error(dir, e), "invalid ELF data encoding 0");
  }
  SECTION("e_type 0 (ET_NONE)") {
    e.type = 0;
    check_error(dir, build_error(dir, e), "not an executable (e_type 0)");
  }
  SECTION("e_type in the processor-specific range") {
    e.type = 0xff00;
    check_error(dir, build_error(dir, e), "not an executable (e_type 65280)");
  }
}

TEST_CASE("program header errors", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  SECTION("no program headers at all") {
    e.segments.clear();
    check_error(dir, build_error(dir, e), "no loadable segment");
  }
  SECTION("only non-LOAD headers") {
    for (auto& s : e.segments) s.type = 4;
    check_error(dir, build_error(dir, e), "no loadable segment");
  }
  SECTION("wrong e_phentsize") {
    e.phentsize = 56;  // Elf64_Phdr size
    check_error(dir, build_error(dir, e), "program header entry size 56");
  }
  SECTION("program header table cut off") {
    std::vector<u8> b = e.build();
    b.resize(52 + 32 + 16);  // second header half present
    check_error(dir, error_for_bytes(dir, b), "truncated file: the program header table");
  }
  SECTION("program header table offset near 4 GiB") {
    std::vector<u8> b = e.build();
    emu::test::put_le32(b, 28, 0xfffffff0);  // e_phoff: offset + size overflows 32 bits
    check_error(dir, error_for_bytes(dir, b), "truncated file");
  }
  SECTION("segment data cut off") {
    TestElf::Layout l;
    std::vector<u8> b = e.build(&l);
    b.resize(l.seg_off[1] + 4);  // data segment has 8 file bytes
    check_error(dir, error_for_bytes(dir, b), "truncated file: segment 1 at 0x80031000");
  }
  SECTION("segment offset + size overflows 32 bits") {
    e.segments[1].offset = 0xffffff00;
    e.segments[1].filesz = 0x200;
    e.segments[1].memsz = 0x200;
    check_error(dir, build_error(dir, e), "truncated file");
  }
  SECTION("memsz smaller than filesz") {
    e.segments[1].memsz = 4;
    check_error(dir, build_error(dir, e), "file size 0x00000008 exceeds memory size 0x00000004");
  }
  SECTION("huge filesz") {
    e.segments[0].filesz = 0xffffffff;
    e.segments[0].memsz = 0xffffffff;
    check_error(dir, build_error(dir, e), "truncated file");
  }
  SECTION("vaddr + memsz wraps past 4 GiB") {
    e.segments[1].vaddr = 0xfffff000;
    e.segments[1].memsz = 0x2000;
    check_error(dir, build_error(dir, e), "wraps past 0xffffffff");
  }
}

TEST_CASE("segments must be linked in kseg0/kseg1 and must not overlap", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  SECTION("kuseg") {
    e.segments[1].vaddr = 0x00400000;
    check_error(dir, build_error(dir, e),
                "segment at 0x00400000 is not in kseg0/kseg1; a kernel image must be linked there");
  }
  SECTION("kseg2") {
    e.segments[1].vaddr = 0xc0000000;
    check_error(dir, build_error(dir, e), "segment at 0xc0000000 is not in kseg0/kseg1");
  }
  SECTION("running from kseg0 into kseg1") {
    e.segments[1].vaddr = 0x9ffffff0;
    e.segments[1].memsz = 0x20;
    check_error(dir, build_error(dir, e), "segment 0x9ffffff0-0xa000000f runs past the end of kseg0");
  }
  SECTION("overlap within kseg0") {
    e.segments[1].vaddr = 0x8003003c;  // text is 0x80030000-0x8003003f
    check_error(dir, build_error(dir, e), "overlap in physical memory");
  }
  SECTION("kseg1 alias of a kseg0 segment") {
    e.segments[1].vaddr = 0xa0030020;  // phys 0x30020 lies inside the text's 0x30000-0x3003f
    std::string msg = build_error(dir, e);
    check_error(dir, msg, "overlap in physical memory");
    CHECK(msg.find("0x80030000-0x8003003f") != std::string::npos);
    CHECK(msg.find("0xa0030020-0xa003011f") != std::string::npos);
  }
}

TEST_CASE("the entry point must lie in a loaded segment", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  SECTION("below all segments") {
    e.entry = 0x80020000;
    check_error(dir, build_error(dir, e), "entry point 0x80020000 is outside the loaded segments");
  }
  SECTION("just past the text segment") {
    e.entry = 0x80030040;
    check_error(dir, build_error(dir, e), "entry point 0x80030040 is outside");
  }
  SECTION("kseg1 alias of a kseg0 segment is a different virtual address") {
    e.entry = 0xa0030004;
    check_error(dir, build_error(dir, e), "is outside the loaded segments");
  }
  SECTION("zero entry") {
    e.entry = 0;
    check_error(dir, build_error(dir, e), "entry point 0x00000000");
  }
  SECTION("misaligned") {
    e.entry = 0x80030002;
    check_error(dir, build_error(dir, e), "not word-aligned");
  }
  SECTION("inside the bss of a segment is accepted") {
    e.entry = 0x80031080;
    CHECK(build_error(dir, e).empty());
  }
}

TEST_CASE("load_elf rejects segments outside RAM before writing anything", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  e.segments[1].vaddr = 0x800ff000;  // bss runs to 0x800ff0ff: fits 1 MiB, not 512 KiB
  ElfImage img = read_elf(dir.write("image.elf", e.build()));
  {
    RamBus m;
    CHECK_NOTHROW(load_elf(img, m.bus, kRam));
  }
  RamBus m(512 * 1024);
  std::string msg;
  try {
    load_elf(img, m.bus, 512 * 1024);
  } catch (const UserError& err) {
    msg = err.what();
  }
  INFO(msg);
  CHECK(msg.rfind(img.path + ": segment 0x800ff000-0x800ff0ff (physical 0x000ff000-0x000ff0ff)", 0) == 0);
  CHECK(msg.find("512 KiB") != std::string::npos);
  CHECK(m.ram[0x30000] == 0xaa);  // the text segment (which fits) was not written either

  SECTION("segment straddling the end of RAM") {
    RamBus small(0x31000 + 0x1000);
    ElfImage ok = read_elf(dir.write("image.elf", valid_image().build()));
    CHECK_THROWS_AS(load_elf(ok, small.bus, 0x30020), UserError);  // text is 0x30000-0x3003f
    CHECK_NOTHROW(load_elf(ok, small.bus, 0x31100));               // data+bss end exactly at 0x31100
  }
  SECTION("RAM size larger than the memory actually mapped is an emulator error") {
    RamBus small(0x30000 + 0x1000);  // maps up to 0x31000 but claims 1 MiB
    CHECK_THROWS_AS(load_elf(img, small.bus, kRam), EmulatorError);
  }
}

TEST_CASE("symbols are read from .symtab, sorted, and looked up by address", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  e.segments[0].memsz = 0x1000;
  e.with_symtab = true;
  e.symbols = {
      {.name = "label", .value = 0x80030200, .size = 0, .type = 0},  // STT_NOTYPE asm label
      {.name = "outer", .value = 0x80030000, .size = 0x100, .type = 2},
      {.name = "inner", .value = 0x80030040, .size = 0x10, .type = 2, .bind = 0},
      {.name = "table_in_text", .value = 0x80030080, .size = 0x40, .type = 1},
      {.name = "data_word", .value = 0x80031000, .size = 8, .type = 1},
      {.name = ".text", .value = 0x80030000, .size = 0, .type = 3, .bind = 0},  // section: dropped
      {.name = "crt.c", .value = 0, .size = 0, .type = 4, .bind = 0, .shndx = 0xfff1},  // file: dropped
      {.name = "printf", .value = 0, .size = 0, .type = 2, .shndx = 0},              // undefined
      {.name = "CONSTANT", .value = 0x80030100, .size = 4, .type = 1, .shndx = 0xfff1},  // absolute
      {.name = "top", .value = 0xfffffff0, .size = 0x20, .type = 1},  // end wraps: no crash
  };
  ElfImage img = read_elf(dir.write("image.elf", e.build()));
  REQUIRE(img.symbols.size() == 6);
  CHECK(img.symbols[0].name == "outer");
  CHECK(img.symbols[1].name == "inner");
  CHECK(img.symbols[2].name == "table_in_text");
  CHECK(img.symbols[3].name == "label");
  CHECK(img.symbols[4].name == "data_word");
  CHECK(img.symbols[5].name == "top");
  CHECK(img.symbols[0].is_function);
  CHECK_FALSE(img.symbols[4].is_function);
  CHECK(img.symbols[0].size == 0x100);

  auto name_at = [&](u32 a) -> std::string {
    const ElfSymbol* s = img.symbol_at(a);
    return s ? s->name : "(none)";
  };
  CHECK(name_at(0x80030000) == "outer");
  CHECK(name_at(0x80030044) == "inner");  // innermost function
  CHECK(name_at(0x80030050) == "outer");  // just past inner
  CHECK(name_at(0x80030090) == "outer");  // function preferred over the object inside it
  CHECK(name_at(0x800300ff) == "outer");
  CHECK(name_at(0x80030100) == "(none)");  // the absolute CONSTANT is not an address
  CHECK(name_at(0x80030200) == "label");
  CHECK(name_at(0x80030204) == "(none)");  // size-0 symbols cover only their own address
  CHECK(name_at(0x80031007) == "data_word");
  CHECK(name_at(0x80031008) == "(none)");
  CHECK(name_at(0xffffffff) == "top");
  CHECK(name_at(0x7fffffff) == "(none)");
}

TEST_CASE("a malformed symbol table drops the symbols but not the image", "[loader]") {
  TempDir dir;
  TestElf e = valid_image();
  e.with_symtab = true;
  e.symbols = {{.name = "start", .value = 0x80030004, .size = 4}};
  TestElf::Layout l;
  std::vector<u8> good = e.build(&l);
  REQUIRE(read_elf(dir.write("image.elf", good)).symbols.size() == 1);  // control

  const u32 strtab_sh = l.shoff + 40, symtab_sh = l.shoff + 80;
  std::vector<u8> b = good;
  SECTION("name offset beyond the string table") { emu::test::put_le32(b, l.symtab_off + 16, 0x1000); }
  SECTION("string table without a final NUL") { emu::test::put_le32(b, strtab_sh + 20, 6); }  // "\0start"
  SECTION("symbol table beyond the end of the file") { emu::test::put_le32(b, symtab_sh + 16, 0xfffffff0); }
  SECTION("string table beyond the end of the file") { emu::test::put_le32(b, strtab_sh + 20, 0x7fffffff); }
  SECTION("symbol table size not a multiple of 16") { emu::test::put_le32(b, symtab_sh + 20, 31); }
  SECTION("sh_link out of range") { emu::test::put_le32(b, symtab_sh + 24, 77); }
  SECTION("sh_link to a non-string section") { emu::test::put_le32(b, symtab_sh + 24, 2); }
  SECTION("wrong e_shentsize") { b[46] = 64; }
  SECTION("section header table beyond the end of the file") { b.resize(l.shoff + 60); }
  SECTION("huge e_shnum") { b[48] = 0xff, b[49] = 0xff; }
  ElfImage img = read_elf(dir.write("image.elf", b));
  CHECK(img.symbols.empty());
  CHECK(img.segments.size() == 2);
  CHECK(img.entry == 0x80030004);
}

TEST_CASE("a read-only kuseg segment holding only MIPS ABI records is skipped", "[loader]") {
  // GNU ld's layout for `-Ttext=0x80030000` alone: headers + .MIPS.abiflags + .reginfo in a
  // read-only PT_LOAD at 0x00400000 (section types from the MIPS ABI: 0x7000002a, 0x70000006).
  TempDir dir;
  TestElf e = valid_image();
  e.segments.insert(e.segments.begin(), TestSegment{.vaddr = 0x00400000, .flags = 4, .data = std::vector<u8>(0x128, 1)});
  e.with_symtab = true;
  e.extra_sections = {{.type = 0x7000002a, .addr = 0x004000f8, .size = 0x18},
                      {.type = 0x70000006, .addr = 0x00400110, .size = 0x18},
                      {.type = 1, .flags = 0, .addr = 0x00400000, .size = 0x100}};  // not SHF_ALLOC
  SECTION("skipped") {
    ElfImage img = read_elf(dir.write("image.elf", e.build()));
    REQUIRE(img.segments.size() == 2);
    CHECK(img.segments[0].vaddr == 0x80030000);
  }
  SECTION("not skipped when it also holds an ordinary allocated section") {
    e.extra_sections.push_back({.type = 1, .addr = 0x00400120, .size = 4});
    check_error(dir, build_error(dir, e), "segment at 0x00400000 is not in kseg0/kseg1");
  }
  SECTION("only one such segment is skipped") {
    e.segments.insert(e.segments.begin(), e.segments[0]);
    check_error(dir, build_error(dir, e), "segment at 0x00400000 is not in kseg0/kseg1");
  }
  SECTION("not skipped when executable") {
    e.segments[0].flags = 5;
    check_error(dir, build_error(dir, e), "segment at 0x00400000 is not in kseg0/kseg1");
  }
  SECTION("not skipped when it holds no ABI record") {
    e.extra_sections.resize(2);
    e.extra_sections[0].addr = e.extra_sections[1].addr = 0x00500000;  // elsewhere
    std::string msg = build_error(dir, e);
    check_error(dir, msg, "segment at 0x00400000 is not in kseg0/kseg1");
    CHECK(msg.find(".MIPS.abiflags") != std::string::npos);  // the hint for read-only segments
  }
  SECTION("not skipped without section headers") {
    e.with_symtab = false;
    check_error(dir, build_error(dir, e), "a kernel image must be linked there");
  }
}

TEST_CASE("the largest possible program header table loads without quadratic work", "[loader]") {
  TempDir dir;
  TestElf e;
  e.entry = 0x80030000;
  for (u32 i = 0; i < 0xffff; ++i)  // e_phnum is 16 bits
    e.segments.push_back({.vaddr = 0x80030000 + 4 * i, .data = {u8(i), u8(i >> 8), 0x5a, 0xa5}});
  ElfImage img = read_elf(dir.write("image.elf", e.build()));
  REQUIRE(img.segments.size() == 0xffff);
  RamBus m;
  load_elf(img, m.bus, kRam);
  CHECK(m.ram[0x30000 + 4 * 0x1234] == 0x34);
  CHECK(m.ram[0x30000 + 4 * 0x1234 + 1] == 0x12);
  CHECK(m.ram[0x30000 + 4 * 0xfffe + 3] == 0xa5);
}
