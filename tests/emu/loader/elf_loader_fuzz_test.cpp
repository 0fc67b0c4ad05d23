// Robustness of the ELF loader against damaged images: a valid image (two segments plus a
// symbol table) is truncated at every length and mutated at every byte; read_elf must
// either succeed or throw UserError, and whatever it accepts must load (or be refused with
// UserError) without touching memory outside the RAM it was given.
#include <catch2/catch.hpp>
#include <random>

#include "emu/common/error.h"
#include "emu/loader/elf_loader.h"
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

// Runs read_elf + load_elf on one image; returns "" if only UserError (or nothing) came out.
std::string try_image(const TempDir& dir, const std::vector<u8>& bytes, PhysicalBus& bus) {
  std::string path = dir.write("fuzz.elf", bytes);
  try {
    ElfImage img = read_elf(path);
    for (const ElfSegment& s : img.segments)  // invariants the loader promises
      if (s.memsz < s.filesz || s.data.size() != s.filesz || s.paddr != elf_virtual_to_physical(s.vaddr))
        return "accepted an inconsistent segment at " + std::to_string(s.vaddr);
    img.symbol_at(img.entry);
    load_elf(img, bus, kRam);
  } catch (const UserError&) {
  } catch (const std::exception& e) {
    return std::string("unexpected exception: ") + e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("read_elf survives truncation and byte mutation of a valid image", "[loader][fuzz]") {
  TempDir dir;
  const std::vector<u8> good = fuzz_seed_image().build();
  std::vector<u8> ram(kRam + 4096, 0);  // one guard page beyond the RAM the loader is told about
  PhysicalBus bus;
  bus.map_memory("ram", 0, kRam + 4096, ram.data(), true);
  REQUIRE(try_image(dir, good, bus).empty());
  REQUIRE(read_elf(dir.write("fuzz.elf", good)).symbols.size() == 2);  // the seed is really valid

  int cases = 0, failures = 0;
  std::string first_failure;
  auto run = [&](const std::vector<u8>& b, const std::string& what) {
    ++cases;
    std::string r = try_image(dir, b, bus);
    if (!r.empty() && failures++ == 0) first_failure = what + ": " + r;
  };

  for (size_t len = 0; len < good.size(); ++len)
    run(std::vector<u8>(good.begin(), good.begin() + static_cast<long>(len)), "truncated to " + std::to_string(len));

  const u8 values[] = {0x00, 0xff, 0x80};
  for (size_t at = 0; at < good.size(); ++at) {
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
