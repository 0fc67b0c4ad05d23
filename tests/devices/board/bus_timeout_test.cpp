// Tests for the bus-timeout window (devices/board/bus_timeout.h).
#include "devices/board/bus_timeout.h"

#include <catch2/catch.hpp>

#include <vector>

#include "emu/mem/physical_bus.h"

using namespace emu;

TEST_CASE("bus timeout: reads fail and are reported with their physical address", "[bus_timeout]") {
  std::vector<u32> seen;
  BusTimeout hole(0x1e000000, [&](u32 pa) { seen.push_back(pa); });
  PhysicalBus bus;
  bus.map_device("timeout", 0x1e000000, 0x00400000, &hole);
  u32 v = 0x1234;
  CHECK_FALSE(bus.read(0x1e000000, 4, v));
  CHECK_FALSE(bus.read(0x1e3c03f0, 1, v));
  CHECK(v == 0x1234);  // untouched
  CHECK_FALSE(bus.write(0x1e000010, 4, 0));  // writes fail, unreported (the CPU reports them)
  CHECK(seen == std::vector<u32>{0x1e000000, 0x1e3c03f0});
  BusTimeout quiet(0, {});
  CHECK_FALSE(quiet.read(0, 4, v));
}
