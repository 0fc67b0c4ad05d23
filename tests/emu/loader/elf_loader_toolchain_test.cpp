// Loads a real binary built by the MIPS cross toolchain at test time (skipped with a WARN
// when mipsel-linux-gnu-gcc is absent). Expected values come from the C source (the
// initialised word, the zeroed array) and from binutils' own view of the file (nm for
// symbol addresses, objcopy for the raw .text bytes), not from the loader.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "emu/loader/elf_loader.h"
#include "tests/emu/loader/elf_test_image.h"

using namespace emu;
using emu::test::TempDir;

namespace {

constexpr const char* kGcc = "/usr/bin/mipsel-linux-gnu-gcc";
constexpr u32 kRam = 1024 * 1024;

const char* kProgram = R"(
volatile unsigned int magic = 0xC0FFEE11u;
unsigned int zeroed[64];
int add(int a, int b) { return a + b; }
void _start(void) {
  zeroed[3] = add(magic, 1);
  for (;;) {}
}
)";

bool run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

// Address of `name` according to binutils' nm (which prints MIPS32 addresses sign-extended).
std::optional<u32> nm_address(const std::string& elf, const std::string& name) {
  std::string cmd = "mipsel-linux-gnu-nm " + elf;
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return std::nullopt;
  char line[512];
  std::optional<u32> found;
  while (std::fgets(line, sizeof line, p)) {
    unsigned long long value = 0;
    char type = 0;
    char sym[256];
    if (std::sscanf(line, "%llx %c %255s", &value, &type, sym) == 3 && name == sym) found = static_cast<u32>(value);
  }
  ::pclose(p);
  return found;
}

std::vector<u8> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("a cross-compiled freestanding program loads at its link address", "[loader][toolchain]") {
  if (!std::filesystem::exists(kGcc)) {
    WARN("mipsel-linux-gnu-gcc not installed: real-binary loader test skipped");
    return;
  }
  TempDir dir;
  std::string src = dir.file("prog.c"), elf = dir.file("prog.elf"), text = dir.file("text.bin");
  std::ofstream(src) << kProgram;
  // The guest toolchain flags (guest/toolchain/mipsel-r3000.cmake) plus a bare -Ttext link, the
  // way a quick test kernel is built: GNU ld then adds the kuseg ABI-metadata segment.
  std::string cc = std::string(kGcc) +
                   " -march=r3000 -mabi=32 -EL -msoft-float -mno-abicalls -fno-pic -G0 -ffreestanding"
                   " -nostdlib -fno-builtin -static -Wl,--build-id=none -O1"
                   " -Wl,-Ttext=0x80030000 -e _start -o " + elf + " " + src;
  REQUIRE(run(cc));
  REQUIRE(run("mipsel-linux-gnu-objcopy -O binary -j .text " + elf + " " + text));

  ElfImage img = read_elf(elf);
  auto start = nm_address(elf, "_start"), magic = nm_address(elf, "magic"), zeroed = nm_address(elf, "zeroed");
  REQUIRE(start);
  REQUIRE(magic);
  REQUIRE(zeroed);
  CHECK(img.entry == *start);
  for (const ElfSegment& s : img.segments) CHECK(elf_is_unmapped_kernel_address(s.vaddr));

  const ElfSymbol* sym = img.symbol_at(img.entry);
  REQUIRE(sym);
  CHECK(sym->name == "_start");
  CHECK(sym->is_function);
  const ElfSymbol* zsym = img.symbol_at(*zeroed + 100);
  REQUIRE(zsym);
  CHECK(zsym->name == "zeroed");
  CHECK(zsym->size == 64 * 4);

  std::vector<u8> ram(kRam, 0xaa);
  PhysicalBus bus;
  bus.map_memory("ram", 0, kRam, ram.data(), true);
  load_elf(img, bus, kRam);

  std::vector<u8> expected_text = slurp(text);
  REQUIRE(expected_text.size() >= 8);
  CHECK(std::equal(expected_text.begin(), expected_text.end(), ram.begin() + 0x30000));  // -Ttext 0x80030000

  u32 pa = elf_virtual_to_physical(*magic);
  u32 word = ram[pa] | (ram[pa + 1] << 8) | (ram[pa + 2] << 16) | (u32(ram[pa + 3]) << 24);
  CHECK(word == 0xC0FFEE11u);  // the initialiser in the C source, little-endian
  u32 zpa = elf_virtual_to_physical(*zeroed);
  CHECK(std::all_of(ram.begin() + zpa, ram.begin() + zpa + 256, [](u8 b) { return b == 0; }));  // .bss
}
