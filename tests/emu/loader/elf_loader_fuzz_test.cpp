// Robustness of the image loaders against damaged images: a valid ELF image (two segments
// plus a symbol table) and valid ECOFF images (OMAGIC with data, bss and an extra section;
// ZMAGIC) are truncated at every length and mutated at every byte; read_image must either
// succeed or throw UserError, and whatever it accepts must load (or be refused with
// UserError) without touching memory outside the RAM it was given.
#include <catch2/catch.hpp>
#include <random>

#include "emu/common/error.h"
#include "emu/loader/elf_loader.h"
#include "tests/emu/loader/ecoff_test_image.h"
#include "tests/emu/loader/elf_test_image.h"

using namespace emu;
using emu::test::TempDir;
using emu::test::TestElf;

namespace {

constexpr u32 kRam = 256 * 1024;

TestElf fuzz_seed_image() {
  TestElf e;
  e.entry = 0x80030000;
  std::vector<u8> text(0x30);
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<u8>(i * 13 + 1);
  e.segments.push_back({.vaddr = 0x80030000, .data = text});
  e.segments.push_back({.vaddr = 0x80031000, .flags = 6, .data = {1, 2, 3, 4}, .memsz = 0x40});
  e.with_symtab = true;
  e.symbols = {{.name = "_start", .value = 0x80030000, .size = 0x30},
               {.name = "data", .value = 0x80031000, .size = 4, .type = 1}};
  return e;
}

std::vector<u8> ecoff_seed_image(u16 amagic) {
  emu::test::TestEcoff e;
  e.amagic = amagic;
  e.vstamp = 0;
  for (u8 i = 0; i < 0x30; ++i) e.text.push_back(static_cast<u8>(i * 13 + 1));
  e.data = {1, 2, 3, 4, 5, 6, 7, 8};
  e.bsize = 0x40;
  e.extra_sections = {{".comment", 0, 4, 0x10, 0x02100000}};
  return e.build();
}

// Runs read_image + load_image on one image; returns "" if only UserError (or nothing) came out.
std::string try_image(const TempDir& dir, const std::vector<u8>& bytes, PhysicalBus& bus) {
  std::string path = dir.write("fuzz.img", bytes);
  try {
    LoadedImage img = read_image(path);
    bool entry_inside = false;
    for (const ImageSegment& s : img.segments) {  // invariants the loaders promise
      if (s.memsz < s.filesz || s.data.size() != s.filesz || s.paddr != kernel_virtual_to_physical(s.vaddr))
        return "accepted an inconsistent segment at " + std::to_string(s.vaddr);
      entry_inside |= img.entry >= s.vaddr && u64(img.entry) < u64(s.vaddr) + s.memsz;
    }
    if (!entry_inside) return "accepted an entry point outside the segments";
    img.symbol_at(img.entry);
    load_image(img, bus, kRam);
  } catch (const UserError&) {
  } catch (const std::exception& e) {
    return std::string("unexpected exception: ") + e.what();
  }
  return "";
}

// Truncates and mutates `good` (bytes from `mutate_limit` on are only truncated and hit
// by random mutations); fails the test on anything but success or UserError.
void fuzz(const std::vector<u8>& good, size_t mutate_limit) {
  TempDir dir;
  std::vector<u8> ram(kRam + 4096, 0);  // one guard page beyond the RAM the loader is told about
  PhysicalBus bus;
  bus.map_memory("ram", 0, kRam + 4096, ram.data(), true);
  REQUIRE(try_image(dir, good, bus).empty());

  int cases = 0, failures = 0;
  std::string first_failure;
  auto run = [&](const std::vector<u8>& b, const std::string& what) {
    ++cases;
    std::string r = try_image(dir, b, bus);
    if (!r.empty() && failures++ == 0) first_failure = what + ": " + r;
  };

  for (size_t len = 0; len < std::min(good.size(), mutate_limit); ++len)
    run(std::vector<u8>(good.begin(), good.begin() + static_cast<long>(len)), "truncated to " + std::to_string(len));

  const u8 values[] = {0x00, 0xff, 0x80};
  for (size_t at = 0; at < std::min(good.size(), mutate_limit); ++at) {
    for (u8 v : values) {
      std::vector<u8> b = good;
      b[at] = v;
      run(b, "byte " + std::to_string(at) + " = " + std::to_string(v));
    }
    std::vector<u8> b = good;
    b[at] ^= 0x10;
    run(b, "byte " + std::to_string(at) + " ^ 0x10");
  }

  std::mt19937 rng(12345);  // fixed seed: the test is deterministic
  for (int i = 0; i < 1500; ++i) {
    std::vector<u8> b = good;
    int n = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) b[rng() % b.size()] = static_cast<u8>(rng());
    if (rng() % 4 == 0) b.resize(rng() % b.size());
    run(b, "random mutation " + std::to_string(i));
  }

  INFO("cases: " << cases << ", first failure: " << first_failure);
  CHECK(failures == 0);
  // Nothing was ever written to the guard page beyond the declared RAM.
  CHECK(std::all_of(ram.begin() + kRam, ram.end(), [](u8 x) { return x == 0; }));
}

}  // namespace

TEST_CASE("read_elf survives truncation and byte mutation of a valid image", "[loader][fuzz]") {
  const std::vector<u8> good = fuzz_seed_image().build();
  {
    TempDir dir;
    REQUIRE(read_elf(dir.write("seed.elf", good)).symbols.size() == 2);  // the seed is really valid
  }
  fuzz(good, good.size());
}

TEST_CASE("read_ecoff survives truncation and byte mutation of valid images", "[loader][fuzz][ecoff]") {
  const u16 amagic = GENERATE(u16(0407), u16(0413));
  const std::vector<u8> good = ecoff_seed_image(amagic);
  {
    TempDir dir;
    REQUIRE(read_image(dir.write("seed.ecoff", good)).format == "ECOFF");  // the seed is really valid
  }
  fuzz(good, 0x200);  // the headers and the first code bytes (a ZMAGIC image is 4 KiB and more)
}
