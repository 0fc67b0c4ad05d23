// ECOFF images made by binutils from a real cross-compiled program (skipped with a WARN when
// the MIPS cross toolchain is absent): `objcopy -O ecoff-littlemips --impure` (OMAGIC), with
// and without symbols, must place exactly the bytes the ELF places — the ELF loader is the
// reference — and objcopy's default ZMAGIC output of a program linked on a page boundary is
// refused with advice (see ecoff_loader.h for why).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "emu/common/error.h"
#include "emu/loader/image.h"
#include "tests/emu/loader/elf_test_image.h"

using namespace emu;
using emu::test::TempDir;

namespace {

constexpr const char* kGcc = "/usr/bin/mipsel-linux-gnu-gcc";
constexpr u32 kRam = 1024 * 1024;

// Text, read-only data, initialised data and bss, so every ECOFF segment is exercised.
const char* kProgram = R"(
const char message[] = "read-only data, in the ECOFF data segment";
volatile unsigned int magic = 0xC0FFEE11u;
unsigned int zeroed[64];
int add(int a, int b) { return a + b; }
void _start(void) {
  zeroed[3] = add(magic, message[1]);
  for (;;) {}
}
)";

bool run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

std::vector<u8> load(const LoadedImage& img) {
  std::vector<u8> ram(kRam, 0xaa);
  PhysicalBus bus;
  bus.map_memory("ram", 0, kRam, ram.data(), true);
  load_image(img, bus, kRam);
  return ram;
}

}  // namespace

TEST_CASE("objcopy's OMAGIC ECOFF of a program places what its ELF places", "[loader][ecoff][toolchain]") {
  if (!std::filesystem::exists(kGcc)) {
    WARN("mipsel-linux-gnu-gcc not installed: real-binary ECOFF loader test skipped");
    return;
  }
  TempDir dir;
  const std::string src = dir.file("prog.c"), elf = dir.file("prog.elf"), bare = dir.file("bare.elf");
  std::ofstream(src) << kProgram;
  // The guest toolchain flags (guest/toolchain/mipsel-r3000.cmake) and linker script, which
  // keeps .rodata and .data together and discards the ABI records.
  const std::string cc = std::string(kGcc) +
                         " -march=r3000 -mabi=32 -EL -msoft-float -mno-abicalls -fno-pic -G0 -ffreestanding"
                         " -nostdlib -fno-builtin -static -Wl,--build-id=none -O1 ";
  // The source tree from EMU_TEST_DATA_DIR (<source>/tests/data), not __FILE__: a compiler
  // cache may make __FILE__ relative to the build directory (ccache's base_dir).
  const auto root = std::filesystem::path(EMU_TEST_DATA_DIR).parent_path().parent_path();
  REQUIRE(run(cc + "-T " + (root / "guest/runtime/kernel.ld").string() + " -o " + elf + " " + src));
  const LoadedImage from_elf = read_image(elf);
  const std::vector<u8> want = load(from_elf);

  for (const char* extra : {"", "--strip-all"}) {
    INFO("objcopy --impure " << extra);
    const std::string ecoff = dir.file("prog.ecoff");
    REQUIRE(run("mipsel-linux-gnu-objcopy -O ecoff-littlemips --impure " + std::string(extra) + " " + elf + " " + ecoff));
    const LoadedImage img = read_image(ecoff);
    CHECK(img.format == "ECOFF");
    CHECK(img.entry == from_elf.entry);
    const std::vector<u8> got = load(img);
    for (const ImageSegment& s : from_elf.segments) {
      INFO("ELF segment at " << s.vaddr);
      CHECK(std::equal(want.begin() + s.paddr, want.begin() + s.paddr + s.filesz, got.begin() + s.paddr));
    }
    // The ECOFF bss (from the a.out header) is zeroed; it overlaps the ELF's .bss but for
    // the few bytes binutils' section-size arithmetic leaves out (ecoff_loader.h).
    const ImageSegment& bss = img.segments.back();
    REQUIRE(bss.filesz == 0);
    CHECK(std::all_of(got.begin() + bss.paddr, got.begin() + bss.paddr + bss.memsz, [](u8 b) { return b == 0; }));
  }

  const std::string zmagic = dir.file("prog.zmagic");
  REQUIRE(run("mipsel-linux-gnu-objcopy -O ecoff-littlemips " + elf + " " + zmagic));
  CHECK_THROWS_WITH(read_image(zmagic), Catch::Contains("convert with objcopy --impure"));

  // Linked with -Ttext alone, .data starts a 64 KiB page after .rodata, and objcopy's a.out
  // header leaves it out of the data (after dropping the kuseg ABI records it would count).
  REQUIRE(run(cc + "-Wl,-Ttext=0x80030000 -e _start -o " + bare + " " + src));
  const std::string split = dir.file("split.ecoff");
  REQUIRE(run("mipsel-linux-gnu-objcopy -O ecoff-littlemips --impure -R .MIPS.abiflags -R .reginfo -R .pdr " + bare +
              " " + split));
  CHECK_THROWS_WITH(read_image(split), Catch::Contains("is outside the text") &&
                                           Catch::Contains("link .rodata and .data together"));
}
