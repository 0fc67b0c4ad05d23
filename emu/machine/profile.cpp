#include "emu/machine/profile.h"

namespace emu {

// DS2100: 25 MHz crystal / 2; DS3100: 33.33 MHz / 2 (MAME kn01, DTJ). PRId 0x0220 and FPA
// 0x0320 are what a real DS3100 and 5000/200 report (linux-mips boot logs, r3000-cpu.md §1).
// KN01 takes up to 24 MiB in 4 MiB steps; KN02 up to 480 MiB in 8 MiB modules (we accept
// 8 MiB steps; 32 MiB modules are multiples of that).
const std::vector<MachineProfile>& machine_profiles() {
  static const std::vector<MachineProfile> profiles = {
      {"ds2100", "DECstation 2100 (KN01, R2000 12.5 MHz, R2010)", Board::Kn01, 12'500'000, 0x0220, 0x0320, 1,
       16, 4, 24, 4},
      {"ds3100", "DECstation 3100 (KN01, R2000A 16.67 MHz, R2010)", Board::Kn01, 16'666'667, 0x0220, 0x0320, 1,
       16, 4, 24, 4},
      {"ds5000-200", "DECstation 5000/200 (KN02, R3000 25 MHz, R3010, PMAD-AA Ethernet)", Board::Kn02,
       25'000'000, 0x0220, 0x0320, 2, 32, 8, 480, 8},
  };
  return profiles;
}

const MachineProfile* find_machine_profile(const std::string& name) {
  for (const auto& p : machine_profiles())
    if (name == p.name) return &p;
  return nullptr;
}

}  // namespace emu
