// A machine running guest/tests/gdb_target.cpp in-process, console silenced, and the
// addresses of its landmarks (from the ELF's symbols). For the debugger's tests.
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <sstream>
#include <string>

#include "emu/machine/machine.h"
#include "emu/stats/stats_report.h"

namespace emu::test {

inline MachineOptions gdb_target_options(const std::string& machine = "ds3100", bool timing = true) {
  MachineOptions o;
  o.machine = machine;
  o.kernel = std::string(EMU_GUEST_DIR) + "/gdb_target.elf";
  o.timing = timing;
  o.serial = {"", "", "", "null"};
  return o;
}

inline u32 symbol(const Machine& m, const std::string& name) {
  for (const auto& s : m.kernel()->symbols)
    if (s.name == name) return s.value;
  FAIL("no symbol " << name);
  return 0;
}

// Everything --stats reports of the run (host time left out): equal texts, equal runs.
inline std::string stats_text(Machine& m) {
  std::ostringstream o;
  RunSummary r;
  r.stop_reason = "test";
  r.exit_status = m.cpu().exit_status();
  write_stats_json(o, m, r, nullptr);
  return o.str();
}

}  // namespace emu::test
