#include "emu/machine/profile.h"

#include "emu/common/error.h"

namespace emu {

// DS2100: 25 MHz crystal / 2; DS3100: 33.33 MHz / 2 (MAME kn01, DTJ). PRId 0x0220 and FPA
// 0x0320 are what a real DS3100 and 5000/200 report (linux-mips boot logs, r3000-cpu.md §1).
// Memory (decstation-memory-maps.md §1.1, §2.1):
//  * KN01: up to 24 MiB, sized in 4 MiB steps (NetBSD kn01.h, Linux prom/memory.c probe
//    4 MiB chunks): modelled as 1..6 units of 4 MiB.
//  * KN02: 15 slots of 8 MiB or 32 MiB modules, and one slot stride for the whole array
//    (CSR.BNK32M selects 8 or 32 MiB), so a contiguous memory is k modules of one size:
//    8..120 MiB in 8 MiB steps or 32..480 MiB in 32 MiB steps. 136 MiB, say, would need
//    17 modules of 8 MiB or mixed sizes, which leave holes in physical memory. The RAM
//    model is contiguous from 0 whatever BNK32M says (the boot ROM sets it; not modelled).
const std::vector<MachineProfile>& machine_profiles() {
  static const std::vector<MachineProfile> profiles = {
      {"ds2100", "DECstation 2100 (KN01, R2000 12.5 MHz, R2010)", Board::Kn01, 12'500'000, 0x0220, 0x0320, 1,
       16, {4, 0}, 6},
      {"ds3100", "DECstation 3100 (KN01, R2000A 16.67 MHz, R2010)", Board::Kn01, 16'666'667, 0x0220, 0x0320, 1,
       16, {4, 0}, 6},
      {"ds5000-200", "DECstation 5000/200 (KN02, R3000 25 MHz, R3010, PMAD-AA Ethernet)", Board::Kn02,
       25'000'000, 0x0220, 0x0320, 2, 32, {8, 32}, 15},
  };
  return profiles;
}

const MachineProfile* find_machine_profile(const std::string& name) {
  for (const auto& p : machine_profiles())
    if (name == p.name) return &p;
  return nullptr;
}

bool ram_size_possible(const MachineProfile& p, u32 mb) {
  for (u32 m : p.ram_module_mb)
    if (m && mb >= m && mb % m == 0 && mb / m <= p.ram_slots) return true;
  return false;
}

std::string ram_sizes_text(const MachineProfile& p) {
  std::string s;
  for (u32 m : p.ram_module_mb) {
    if (!m) continue;
    if (!s.empty()) s += ", or ";
    s += std::to_string(m) + " to " + std::to_string(m * p.ram_slots) + " MiB in steps of " + std::to_string(m) +
         " MiB";
  }
  return s;
}

const MachineProfile& machine_profile_or_throw(const std::string& name) {
  if (const MachineProfile* p = find_machine_profile(name)) return *p;
  std::string known;
  for (const auto& p : machine_profiles()) known += (known.empty() ? "" : ", ") + std::string(p.name);
  throw UserError("--machine: unknown machine '" + name + "' (known: " + known + ")");
}

u32 ram_mb_or_throw(const MachineProfile& p, u32 mb) {
  if (mb == 0) mb = p.default_ram_mb;
  if (!ram_size_possible(p, mb))
    throw UserError("--memory: " + std::to_string(mb) + " MiB is not possible on a " + p.name + " (" +
                    ram_sizes_text(p) + ")");
  return mb;
}

}  // namespace emu
