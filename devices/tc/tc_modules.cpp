// The table of TURBOchannel option modules (tc_module.h): one line per module type.
#include "devices/tc/pmag_ba.h"
#include "devices/tc/tc_module.h"

namespace emu {

const std::vector<TcModuleType>& tc_module_types() {
  static const std::vector<TcModuleType> types = {
      {"pmag-ba", "PMAG-BA colour frame buffer, 1024x864, 8 bits, Bt459 RAMDAC",
       [](const TcSlot& s) -> std::unique_ptr<TcModule> { return std::make_unique<PmagBa>(s); }},
  };
  return types;
}

const TcModuleType* find_tc_module_type(const std::string& name) {
  for (const auto& t : tc_module_types())
    if (name == t.name) return &t;
  return nullptr;
}

std::string tc_module_names() {
  std::string s;
  for (const auto& t : tc_module_types()) s += (s.empty() ? "" : ", ") + std::string(t.name);
  return s;
}

}  // namespace emu
