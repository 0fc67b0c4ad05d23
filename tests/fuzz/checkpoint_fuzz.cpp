// libFuzzer target for the checkpoint reader (emu/checkpoint/checkpoint.h), as --restore
// uses it: the first byte chooses what the rest is — 0: a checkpoint file (header, zlib
// stream, then the state restored into a machine); 1: the state bytes alone, restored
// directly (what lies behind the zlib check, which random mutations rarely get through).
// Every input must be restored or refused with UserError / StateError; anything else (an
// exception of another kind, a crash, a sanitizer report, a huge allocation) is a finding.
// The machine is a ds3100 with 4 MiB (the seeds are checkpoints of one), built once.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "emu/checkpoint/checkpoint.h"
#include "emu/common/error.h"
#include "emu/machine/machine.h"
#include "emu/state/state_io.h"

namespace {

emu::Machine& machine() {
  static std::unique_ptr<emu::Machine> m = [] {
    // Any boot ROM will do: a checkpoint brings its own.
    char name[] = "/tmp/checkpoint-fuzz-rom-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0 || ::write(fd, "\0\0\0\0", 4) != 4) std::abort();
    ::close(fd);
    emu::MachineOptions o;
    o.machine = "ds3100";
    o.memory_mb = 4;
    o.firmware = name;
    o.serial = {"null", "null", "null", "null"};
    auto made = std::make_unique<emu::Machine>(o);
    ::unlink(name);
    return made;
  }();
  return *m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::vector<emu::u8> rest(data + 1, data + size);
  try {
    if (data[0] == 0) {
      emu::load_state(machine(), nullptr, emu::decode_checkpoint(rest, "fuzz.ckpt"));
    } else if (data[0] == 1) {
      emu::load_state(machine(), nullptr, rest);
    }
  } catch (const emu::UserError&) {
  } catch (const emu::StateError&) {
  }
  return 0;
}
