// The registers a debugger sees, numbered as GDB's MIPS target descriptions number them
// (GDB's features/mips-cpu.xml, mips-cp0.xml, mips-fpu.xml: r0-r31 0-31, status 32, lo 33,
// hi 34, badvaddr 35, cause 36, pc 37, f0-f31 38-69, fcsr 70, fir 71), then CP0 registers
// GDB has no fixed number for (epc, entryhi, ...) from 72 on. All are 32 bits, sent in the
// target's byte order (little-endian). The target description served to the client
// (qXfer:features:read) is generated from the same table.
#pragma once
#include <string>

#include "emu/common/types.h"

namespace emu {
class Cpu;
}

namespace emu::debug {

unsigned register_count();
// false: no such register.
bool read_register(Cpu& cpu, unsigned n, u32& value);
// Writes as the instruction that writes it would (MTC0 / CTC1 rules: read-only bits and
// registers stay); pc moves the CPU there (Cpu::debug_set_pc). false: no such register.
bool write_register(Cpu& cpu, unsigned n, u32 value);
// The target description document, "target.xml".
const std::string& target_xml();

}  // namespace emu::debug
