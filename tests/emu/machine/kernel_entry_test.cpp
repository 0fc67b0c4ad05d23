// How our boot ROM (firmware/) hands the CPU to a kernel: Status.BEV clear, with RAM
// vectors at 0x80000000/0x80000080 that pass exceptions on to the ROM until the kernel
// installs its own — and an image that brings its own bytes there keeps them (a PROM
// installs its vectors before it loads the image). Runs the real cross-built ROM.
#include <catch2/catch.hpp>

#include "emu/cpu/mips_asm.h"
#include "emu/machine/machine.h"
#include "tests/emu/loader/elf_test_image.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

std::vector<u8> words(const std::vector<u32>& w) {
  std::vector<u8> b;
  for (u32 x : w)
    for (int i = 0; i < 4; ++i) b.push_back(u8(x >> (8 * i)));
  return b;
}

int boot(const std::string& machine, const std::string& kernel) {
  MachineOptions opt;
  opt.machine = machine;
  opt.kernel = kernel;
  opt.serial = {"null", "null", "null", "null"};
  Machine m(opt);
  REQUIRE(m.run(50'000'000, ~0ull) == Cpu::Stop::Halted);
  return m.cpu().exit_status();
}

// Entry: halt with BEV (bit 22 of Status) as the exit status if `report_bev`, else `break`.
TestSegment entry_code(bool report_bev) {
  std::vector<u32> code;
  if (report_bev)
    code = {mfc0(a0, 12), nop(), srl(a0, a0, 22), andi(a0, a0, 1), halt(a0), beq(zero, zero, -1), nop()};
  else
    code = {break_(), nop(), beq(zero, zero, -1), nop()};
  return TestSegment{.vaddr = 0x80030000, .data = words(code)};
}

}  // namespace

TEST_CASE("kernels start with Status.BEV clear", "[machine][boot]") {
  TempDir dir;
  TestElf elf{.entry = 0x80030000, .segments = {entry_code(true)}};
  const std::string path = dir.write("bev.elf", elf.build());
  for (const char* machine : {"ds2100", "ds3100", "ds5000-200"}) {
    INFO(machine);
    CHECK(boot(machine, path) == 0);
  }
}

TEST_CASE("an exception before the kernel has vectors reaches the ROM through RAM", "[machine][boot]") {
  TempDir dir;
  TestElf elf{.entry = 0x80030000, .segments = {entry_code(false)}};
  const std::string path = dir.write("break.elf", elf.build());
  for (const char* machine : {"ds3100", "ds5000-200"}) {
    INFO(machine);
    CHECK(boot(machine, path) == 1);  // the ROM reported the Bp exception
  }
}

TEST_CASE("an image with its own general vector keeps it", "[machine][boot]") {
  TempDir dir;
  const std::vector<u32> handler = {addiu(a0, zero, 42), halt(a0), beq(zero, zero, -1), nop()};
  TestElf elf{.entry = 0x80030000,
              .segments = {TestSegment{.vaddr = 0x80000080, .data = words(handler)}, entry_code(false)}};
  const std::string path = dir.write("vectors.elf", elf.build());
  for (const char* machine : {"ds3100", "ds5000-200"}) {
    INFO(machine);
    CHECK(boot(machine, path) == 42);
  }
}
