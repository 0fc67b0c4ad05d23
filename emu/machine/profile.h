// The machines we model, in one table: clock, CPU/FPU identification, memory limits.
// Sources: decstation-memory-maps.md §1.1, §2.1; r3000-cpu.md §1.
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu {

enum class Board { Kn01, Kn02 };

struct MachineProfile {
  const char* name;         // --machine value
  const char* description;
  Board board;
  u64 cpu_hz;               // CPU clock
  u32 prid;                 // CP0 PRId
  u32 fcr0;                 // FPA implementation/revision
  u32 board_type;           // systype board byte (NetBSD pmaxtype.h)
  u32 default_ram_mb;
  u32 min_ram_mb, max_ram_mb, ram_step_mb;
};

// All profiles, and lookup by name (nullptr if unknown).
const std::vector<MachineProfile>& machine_profiles();
const MachineProfile* find_machine_profile(const std::string& name);

}  // namespace emu
