// VSXXX-AA mouse (devices/lk201/vsxxx_mouse.h): self-test, prompt and incremental modes,
// report format as Linux vsxxxaa.c decodes it.
#include <catch2/catch.hpp>

#include <vector>

#include "devices/lk201/vsxxx_mouse.h"

using namespace emu;

namespace {
std::vector<u8> drain(VsxxxMouse& m) {
  std::vector<u8> out;
  u8 c;
  while (m.receive(c)) out.push_back(c);
  return out;
}
}  // namespace

TEST_CASE("vsxxx: self-test reply and prompt mode", "[vsxxx]") {
  VsxxxMouse m;
  m.transmit('T');
  CHECK(drain(m) == std::vector<u8>{0xa2, 0x02, 0x00, 0x00});
  m.move(5, -3);  // prompt mode: nothing until polled
  CHECK(drain(m).empty());
  m.transmit('P');
  CHECK(drain(m) == std::vector<u8>{0x90, 5, 3});  // X sign (right), Y down
  m.transmit('P');
  CHECK(drain(m) == std::vector<u8>{0x80, 0, 0});
}

TEST_CASE("vsxxx: incremental mode reports motion and buttons; large motion is split", "[vsxxx]") {
  VsxxxMouse m;
  m.transmit('R');
  m.move(-200, 10);
  CHECK(drain(m) == std::vector<u8>{0x88, 127, 10, 0x80, 73, 0});
  m.set_buttons(VsxxxMouse::kLeft | VsxxxMouse::kRight);
  CHECK(drain(m) == std::vector<u8>{0x85, 0, 0});
  m.transmit('D');
  m.move(1, 1);
  CHECK(drain(m).empty());
}
