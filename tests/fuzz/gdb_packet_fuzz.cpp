// libFuzzer entry point for the GDB remote protocol (emu/debug): the bytes are what a client
// sends — fed to the packet reader, and each packet handled on a machine that never runs.
// Checked: no crash, no exception, every reply fits the packet size we announce, and a
// framed reply reads back as itself. The machine boots a one-word ROM image written here,
// so that no build of the firmware is needed (tools/fuzz builds no guest).
// Built with -fsanitize=fuzzer elsewhere; tests/fuzz/replay_main.cpp replays the corpus.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "emu/debug/gdb_commands.h"
#include "emu/debug/rsp_packet.h"
#include "emu/debug/stop_points.h"
#include "emu/machine/machine.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

emu::Machine& machine() {
  static emu::Machine* m = [] {
    char path[] = "/tmp/emu-gdb-fuzz-rom-XXXXXX";
    const int fd = ::mkstemp(path);
    check(fd >= 0);
    const unsigned char loop[8] = {0xff, 0xff, 0x00, 0x10, 0, 0, 0, 0};  // b . ; nop
    check(::write(fd, loop, sizeof loop) == sizeof loop);
    ::close(fd);
    emu::MachineOptions o;
    o.firmware = path;
    o.serial = {"null", "null", "null", "null"};
    auto* made = new emu::Machine(o);
    ::unlink(path);
    return made;
  }();
  return *m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace emu::debug;
  emu::Machine& m = machine();
  StopPoints points(m.cpu());
  GdbCommands commands(m, points);
  PacketReader reader;
  std::vector<PacketReader::Event> events;
  try {
    reader.feed(reinterpret_cast<const char*>(data), size, events);
    for (const auto& e : events) {
      check(e.payload.size() <= PacketReader::kMaxPacket);
      if (e.kind != PacketReader::Event::Kind::kPacket) continue;
      const GdbCommands::Reply r = commands.handle(e.payload);
      check(r.text.size() <= PacketReader::kMaxPacket);
      PacketReader back;
      std::vector<PacketReader::Event> again;
      const std::string framed = frame_packet(r.text);
      back.feed(framed.data(), framed.size(), again);
      check(again.size() == 1 && again[0].payload == r.text);
    }
  } catch (...) {
    std::abort();
  }
  m.cpu().set_debug_hook(nullptr);
  return 0;
}
