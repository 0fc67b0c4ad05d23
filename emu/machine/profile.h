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
  // Memory is fitted as 1..ram_slots modules, all of one size from ram_module_mb (0 = no
  // second size): the sizes --memory accepts are the multiples k * m, 1 <= k <= ram_slots.
  u32 ram_module_mb[2];
  u32 ram_slots;
};

// Whether `mb` MiB of RAM can be fitted on the profile's board (see ram_module_mb).
bool ram_size_possible(const MachineProfile& p, u32 mb);
// The sizes in words, for error messages: "4 to 24 MiB in steps of 4 MiB".
std::string ram_sizes_text(const MachineProfile& p);

// All profiles, and lookup by name (nullptr if unknown).
const std::vector<MachineProfile>& machine_profiles();
const MachineProfile* find_machine_profile(const std::string& name);

// The same, for what the user typed: UserError naming the known machines if none, or
// naming the possible sizes if `mb` MiB (0 = the default) cannot be fitted.
const MachineProfile& machine_profile_or_throw(const std::string& name);
u32 ram_mb_or_throw(const MachineProfile& p, u32 mb);

}  // namespace emu
