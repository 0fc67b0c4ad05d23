// LK201 keyboard (devices/lk201/lk201.h): replies to the commands Linux lkkbd.c and NetBSD
// lk201_ws.c send, key codes by division mode, inhibit.
#include <catch2/catch.hpp>

#include <vector>

#include "devices/lk201/lk201.h"

using namespace emu;

namespace {
std::vector<u8> drain(Lk201& k) {
  std::vector<u8> out;
  u8 c;
  while (k.receive(c)) out.push_back(c);
  return out;
}
void send(Lk201& k, std::vector<u8> bytes) {
  for (u8 b : bytes) k.transmit(b);
}
}  // namespace

TEST_CASE("lk201: power-up test and ID requests", "[lk201]") {
  Lk201 k;
  CHECK(drain(k).empty());  // the power-up reply went out before anyone listened
  send(k, {0xfd});
  CHECK(drain(k) == std::vector<u8>{0x01, 0x00, 0x00, 0x00});
  send(k, {0xab});
  CHECK(drain(k) == std::vector<u8>{0x01, 0x00});
  send(k, {0xc5});  // not a command
  CHECK(drain(k) == std::vector<u8>{0xb6});
}

TEST_CASE("lk201: LEDs, bell and parameters ending in bit 7", "[lk201]") {
  Lk201 k;
  send(k, {0x13, 0x8f});
  CHECK(k.leds() == 0xf);
  send(k, {0x11, 0x84});  // Lock off
  CHECK(k.leds() == 0xb);
  send(k, {0xa7});
  CHECK(k.bells() == 1);
  send(k, {0xa1, 0xa7});
  CHECK(k.bells() == 1);
  send(k, {0x23, 0x87, 0xa7});
  CHECK(k.bells() == 2);
  CHECK(drain(k).empty());
}

TEST_CASE("lk201: key codes by division mode; down/up ends with all-up", "[lk201]") {
  Lk201 k;
  CHECK(Lk201::division(0xc2) == 1);   // A
  CHECK(Lk201::division(0xae) == 6);   // Shift
  CHECK(Lk201::division(0xbd) == 4);   // Return
  CHECK(Lk201::division(0x56) == 10);  // F1
  CHECK(Lk201::division(0xb3) == 0);   // a special code, no key
  k.key(0xc2, true);  // A: auto-repeat division: code on press only
  k.key(0xc2, false);
  CHECK(drain(k) == std::vector<u8>{0xc2});
  k.key(0xae, true);  // Shift: down/up
  k.key(0xaf, true);  // Ctrl: down/up
  k.key(0xaf, false);
  k.key(0xae, false);
  CHECK(drain(k) == std::vector<u8>{0xae, 0xaf, 0xaf, 0xb3});
  // Division 1 to down/up (0x80 | 1 << 3 | 3 << 1): acknowledged, A then sends releases.
  send(k, {0x8e});
  CHECK(drain(k) == std::vector<u8>{0xba});
  k.key(0xc2, true);
  k.key(0xc2, false);
  CHECK(drain(k) == std::vector<u8>{0xc2, 0xb3});
}

TEST_CASE("lk201: inhibited, keys are lost and reported on resume", "[lk201]") {
  Lk201 k;
  send(k, {0x89});
  CHECK(drain(k) == std::vector<u8>{0xb7});
  k.key(0xc2, true);
  k.key(0xc2, false);
  CHECK(drain(k).empty());
  send(k, {0x8b});
  CHECK(drain(k) == std::vector<u8>{0xb5});
}
