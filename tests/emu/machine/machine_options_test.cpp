// Machine options that shape the boards: --memory limits (decstation-memory-maps.md §1.1,
// §2.1), --mac and the default station addresses, MachineOptions::instance.
#include <catch2/catch.hpp>

#include <string>

#include "devices/board/esar.h"
#include "emu/common/error.h"
#include "machine_fixture.h"

using namespace emu;
using namespace emu::test;

namespace {

std::string construct_error(const MachineOptions& o) {
  try {
    Machine m(o);
  } catch (const UserError& e) {
    return e.what();
  }
  return "(accepted)";
}

MachineOptions with_memory(const std::string& machine, u32 mb) {
  MachineOptions o = MachineFixture::options(machine);
  o.memory_mb = mb;
  return o;
}

}  // namespace

TEST_CASE("machine: KN01 memory is 4 to 24 MiB in 4 MiB steps", "[machine][memory]") {
  for (u32 mb : {4u, 8u, 12u, 16u, 20u, 24u}) {
    CAPTURE(mb);
    Machine m(with_memory("ds3100", mb));
    CHECK(m.ram_bytes() == mb << 20);
  }
  for (u32 mb : {2u, 6u, 28u, 32u, 480u}) {
    CAPTURE(mb);
    const std::string e = construct_error(with_memory("ds2100", mb));
    CHECK(e.find("--memory: " + std::to_string(mb) + " MiB is not possible on a ds2100") == 0);
    CHECK(e.find("4 to 24 MiB in steps of 4 MiB") != std::string::npos);
    CHECK(e.find('\n') == std::string::npos);
  }
  CHECK(Machine(with_memory("ds3100", 0)).ram_bytes() == 16u << 20);  // the default
}

TEST_CASE("machine: KN02 memory is 1-15 modules of 8 MiB or of 32 MiB", "[machine][memory]") {
  for (u32 mb : {8u, 16u, 64u, 120u, 128u, 160u, 256u, 480u}) {
    CAPTURE(mb);
    Machine m(with_memory("ds5000-200", mb));
    CHECK(m.ram_bytes() == mb << 20);
  }
  // 136 = 17 x 8 (only 15 slots) and not a multiple of 32; 488 > 15 x 32.
  for (u32 mb : {4u, 12u, 136u, 200u, 488u, 512u}) {
    CAPTURE(mb);
    const std::string e = construct_error(with_memory("ds5000-200", mb));
    CHECK(e.find("--memory: " + std::to_string(mb) + " MiB is not possible on a ds5000-200") == 0);
    CHECK(e.find("8 to 120 MiB in steps of 8 MiB, or 32 to 480 MiB in steps of 32 MiB") != std::string::npos);
  }
  CHECK(Machine(with_memory("ds5000-200", 0)).ram_bytes() == 32u << 20);
}

TEST_CASE("machine: reads just above the fitted RAM fail on both boards", "[machine][memory]") {
  for (const char* name : {"ds3100", "ds5000-200"}) {
    CAPTURE(name);
    MachineFixture f(with_memory(name, 8));
    u32 v;
    CHECK(f.read(0x007ffffc, 4, v));
    CHECK_FALSE(f.read(0x00800000, 4, v));
    CHECK_FALSE(f.read(0x00800000, 1, v));
  }
}

TEST_CASE("machine: --mac sets the station address; bad ones are one-line errors", "[machine][mac]") {
  MachineOptions o = MachineFixture::options("ds3100");
  o.mac = "08:00:2b:00:00:01";
  CHECK(Machine(o).esar().mac() == Esar::Mac{0x08, 0x00, 0x2b, 0x00, 0x00, 0x01});
  for (const char* bad : {"08:00:2b:00:00", "08:00:2b:00:00:0g", "0800.2b00.0001", "09:00:2b:00:00:01",
                          "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00", "08:00:2b-00-00-01"}) {
    CAPTURE(bad);
    o.mac = bad;
    const std::string e = construct_error(o);
    CHECK(e.rfind("--mac: '" + std::string(bad) + "' ", 0) == 0);
    CHECK(e.find('\n') == std::string::npos);
  }
  o.mac = "09:00:2b:00:00:01";
  CHECK(construct_error(o).find("multicast") != std::string::npos);
}

TEST_CASE("machine: default station addresses are stable, DEC's, and distinct", "[machine][mac]") {
  auto mac_of = [](const std::string& machine, unsigned instance) {
    MachineOptions o = MachineFixture::options(machine);
    o.instance = instance;
    return Machine(o).esar().mac();
  };
  const Esar::Mac a = mac_of("ds3100", 0), b = mac_of("ds2100", 0), c = mac_of("ds5000-200", 0);
  for (const Esar::Mac& m : {a, b, c}) {
    CHECK(m[0] == 0x08);
    CHECK(m[1] == 0x00);
    CHECK(m[2] == 0x2b);
    CHECK((m[0] & 1) == 0);
  }
  CHECK(a != b);
  CHECK(a != c);
  CHECK(b != c);
  CHECK(mac_of("ds3100", 0) == a);  // stable
  // The second machine of a link gets another default, also distinct from the first
  // machine's other interfaces (a block of Machine::kInterfacesPerMachine each).
  const Esar::Mac a1 = mac_of("ds3100", 1);
  CHECK(a1 != a);
  CHECK(a1 == Esar::default_mac("ds3100", Machine::kInterfacesPerMachine));
  CHECK(a == Esar::default_mac("ds3100", 0));
}
