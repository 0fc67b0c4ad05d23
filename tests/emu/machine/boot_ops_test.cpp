// The emulator operations the boot ROM relies on, handled by the Machine
// (emu/machine/machine.cpp; emu/cpu/instruction.h kEmuReboot, kEmuInputEnded): a reboot
// power-cycles RAM but keeps the ROM's environment page (firmware/layout.h PROM_NVRAM), and
// the end of console input is reported by a store into guest memory. Each test runs a
// hand-assembled ROM through --firmware so that it depends on nothing but the Machine.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "emu/cpu/mips_asm.h"
#include "emu/machine/machine.h"

using namespace emu;
using namespace emu::test::as;

namespace {


std::string write_rom(const std::string& name, const std::vector<u32>& words) {
  const std::string path = std::string("/tmp/emu_boot_ops_") + name + ".rom";
  std::ofstream out(path, std::ios::binary);
  for (u32 w : words) out.write(reinterpret_cast<const char*>(&w), 4);  // little-endian host
  return path;
}

int run_rom(const std::string& path, const std::string& machine, unsigned* reboots = nullptr) {
  MachineOptions opt;
  opt.machine = machine;
  opt.firmware = path;
  opt.serial = {"null", "null", "null", "null"};
  Machine m(opt);
  const Cpu::Stop stop = m.run(50'000'000, ~0ull);
  REQUIRE(stop == Cpu::Stop::Halted);
  if (reboots) *reboots = m.reboots();
  return m.cpu().exit_status();
}

}  // namespace

TEST_CASE("kEmuReboot power-cycles RAM but keeps the boot ROM's environment page", "[machine][boot]") {
  // First pass: NVRAM word is 0: mark it, dirty a word elsewhere in RAM, reboot.
  // Second pass: the mark survived; exit with 5 + the dirty word (0 if RAM was cleared).
  const std::vector<u32> rom = {
      lui(t0, 0xa001), ori(t0, t0, 0x2000),  // t0 = PROM_NVRAM (kseg1 0xa0012000)
      lui(t2, 0xa010),                       // t2 = kseg1 0xa0100000, ordinary RAM
      lw(t1, 0, t0), nop(),
      bne(t1, zero, 7), nop(),               // second pass -> "done"
      addiu(t1, zero, 1), sw(t1, 0, t0), sw(t1, 0, t2),
      emu_op(zero, 0x31),                    // kEmuReboot
      beq(zero, zero, -1), nop(),
      lw(a0, 0, t2), nop(),                  // done:
      addiu(a0, a0, 5), emu_op(a0, 0x00),    // kEmuHalt(a0)
      beq(zero, zero, -1), nop(),
  };
  const std::string path = write_rom("reboot", rom);
  for (const char* machine : {"ds3100", "ds5000-200"}) {
    unsigned reboots = 0;
    CHECK(run_rom(path, machine, &reboots) == 5);
    CHECK(reboots == 1);
  }
  std::remove(path.c_str());
}

TEST_CASE("kEmuInputEnded stores 1 when the console has no input", "[machine][boot]") {
  const std::vector<u32> rom = {
      lui(a0, 0xa010), emu_op(a0, 0x30),  // kEmuInputEnded(kseg1 0xa0100000)
      lw(a0, 0, a0), nop(),
      emu_op(a0, 0x00),                   // exit status = the stored word
      beq(zero, zero, -1), nop(),
  };
  const std::string path = write_rom("input", rom);
  CHECK(run_rom(path, "ds3100") == 1);  // line 3 is "null": no input can ever come
  std::remove(path.c_str());
}
