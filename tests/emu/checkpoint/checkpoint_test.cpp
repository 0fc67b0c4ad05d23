// Checkpoints of a whole Machine (emu/checkpoint/checkpoint.h): a state restored into a
// fresh machine runs on exactly as the original, and the file reader refuses, in one line
// naming the file, what is not a checkpoint of this machine and version.
#include <catch2/catch.hpp>

#include <zlib.h>

#include "emu/checkpoint/checkpoint.h"
#include "emu/common/error.h"
#include "emu/state/state_io.h"
#include "emu/machine/machine_fixture.h"

using namespace emu;
using namespace emu::test;
using namespace emu::test::as;

namespace {

// A loop that keeps the caches, write buffer and multiply unit busy and counts in RAM.
std::vector<u32> busy_loop() {
  return {
      lui(t0, hi16(MachineFixture::kData)),
      addiu(t1, zero, 0),
      // loop:
      addiu(t1, t1, 1),
      sw(t1, 0, t0),
      sb(t1, 5, t0),
      mult(t1, t1),
      mflo(t2),
      lw(t3, 0, t0),
      beq(zero, zero, -7),
      sw(t2, 8, t0),
  };
}

}  // namespace

TEST_CASE("checkpoint: a restored machine continues exactly as the original", "[checkpoint]") {
  for (const char* name : {"ds3100", "ds5000-200"}) {
    INFO(name);
    MachineFixture a(name);
    a.run(busy_loop(), MachineFixture::kCU1, 12345);
    const std::vector<u8> state = save_state(a.machine(), nullptr);

    MachineFixture b(name);
    load_state(b.machine(), nullptr, state);
    CHECK(state_hash(b.machine()) == state_hash(a.machine()));
    CHECK(b.cpu().cycles() == a.cpu().cycles());
    a.resume(54321);
    b.resume(54321);
    CHECK(b.cpu().cycles() == a.cpu().cycles());
    CHECK(b.cpu().stats().instructions == a.cpu().stats().instructions);
    CHECK(b.peek32(MachineFixture::kData) == a.peek32(MachineFixture::kData));
    CHECK(state_hash(b.machine()) == state_hash(a.machine()));
  }
}

TEST_CASE("checkpoint: another machine type or RAM size is refused, naming both", "[checkpoint]") {
  MachineFixture a("ds3100");
  const std::vector<u8> state = save_state(a.machine(), nullptr);
  MachineFixture b("ds5000-200");
  CHECK_THROWS_WITH(load_state(b.machine(), nullptr, state),
                    Catch::Contains("a ds3100 with 16 MiB") && Catch::Contains("this run is a ds5000-200"));
  MachineOptions o = MachineFixture::options("ds3100");
  o.memory_mb = 8;
  MachineFixture c(o);
  CHECK_THROWS_WITH(load_state(c.machine(), nullptr, state), Catch::Contains("8 MiB"));
}

TEST_CASE("checkpoint file: the reader refuses other files, versions, truncation and corruption", "[checkpoint]") {
  MachineFixture a("ds3100");
  a.run(busy_loop(), MachineFixture::kCU1, 1000);
  const std::vector<u8> state = save_state(a.machine(), nullptr);
  const std::vector<u8> file = encode_checkpoint(state);
  CHECK(decode_checkpoint(file, "c.ckpt") == state);
  CHECK(file.size() < state.size() / 4);  // mostly zero RAM pages, ROM padding: compressed

  std::vector<u8> other(file);
  other[0] = 'X';
  CHECK_THROWS_WITH(decode_checkpoint(other, "c.ckpt"), "checkpoint c.ckpt: not a checkpoint of this emulator");
  std::vector<u8> version(file);
  version[8] = 99;
  CHECK_THROWS_WITH(decode_checkpoint(version, "c.ckpt"), Catch::Contains("format version 99"));
  for (size_t cut : {size_t(10), size_t(20), file.size() / 2, file.size() - 1}) {
    INFO("cut at " << cut);
    const std::vector<u8> part(file.begin(), file.begin() + cut);
    CHECK_THROWS_WITH(decode_checkpoint(part, "c.ckpt"), Catch::Contains("truncated"));
  }
  std::vector<u8> flipped(file);
  flipped[file.size() / 2] ^= 0x40;
  CHECK_THROWS_AS(decode_checkpoint(flipped, "c.ckpt"), UserError);
  std::vector<u8> longer(file);
  longer.push_back(0);
  CHECK_THROWS_WITH(decode_checkpoint(longer, "c.ckpt"), Catch::Contains("corrupt"));

  // A well-formed file around a state that does not parse.
  std::vector<u8> junk_state(state.begin(), state.begin() + state.size() / 2);
  MachineFixture b("ds3100");
  CHECK_THROWS_AS(load_state(b.machine(), nullptr, decode_checkpoint(encode_checkpoint(junk_state), "x")), StateError);
}
