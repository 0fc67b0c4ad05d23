// Guest RAM is reserved, not committed (emu/mem/guest_ram.h): `--machines 16 --memory 480`
// used to allocate and zero 7.5 GiB up front and die with std::bad_alloc.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <memory>
#include <vector>

#include "emu/mem/guest_ram.h"

using namespace emu;

namespace {

// Resident set of this process in bytes (/proc/self/statm, proc(5)).
u64 resident_bytes() {
  std::ifstream in("/proc/self/statm");
  u64 size = 0, resident = 0;
  in >> size >> resident;
  return resident * u64(::sysconf(_SC_PAGESIZE));
}

}  // namespace

TEST_CASE("guest RAM: untouched memory costs nothing; clear() gives zeros and the pages back", "[mem][ram]") {
  const u64 before = resident_bytes();
  std::vector<std::unique_ptr<GuestRam>> rams;
  for (int i = 0; i < 16; ++i) rams.push_back(std::make_unique<GuestRam>(size_t(480) << 20));  // 7.5 GiB
  CHECK(resident_bytes() - before < (u64(64) << 20));

  GuestRam& r = *rams[0];
  u8* const p = r.data();
  CHECK(r.size() == size_t(480) << 20);
  CHECK(p[0] == 0);
  CHECK(p[r.size() - 1] == 0);
  for (size_t a = 0; a < (size_t(64) << 20); a += 4096) p[a] = 0xa5;  // touch 64 MiB
  CHECK(resident_bytes() - before >= (u64(60) << 20));
  r.clear();
  CHECK(r.data() == p);  // the CPU and the bus keep this pointer
  CHECK(p[0] == 0);
  CHECK(p[4096 * 100] == 0);
  CHECK(resident_bytes() - before < (u64(64) << 20));
}
