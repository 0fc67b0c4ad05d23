// --display sdl's host side (emu/display/sdl_display.h), under SDL's offscreen video
// driver: a window per frame buffer, redraws, host keys reaching the LK201 as key codes
// and mouse motion and buttons reaching the mouse.
#include <catch2/catch.hpp>

#include <SDL.h>

#include <cstdlib>
#include <vector>

#include "devices/lk201/lk201.h"
#include "devices/lk201/vsxxx_mouse.h"
#include "emu/display/sdl_display.h"

using namespace emu;

namespace {

struct TestScreen final : FrameBuffer {
  mutable unsigned renders = 0;
  std::string screen_name() const override { return "test screen"; }
  unsigned width() const override { return 64; }
  unsigned height() const override { return 48; }
  void render(std::vector<u32>& rgb) const override {
    ++renders;
    rgb.assign(64 * 48, 0x336699);
  }
};

std::vector<u8> drain(SerialBackend& b) {
  std::vector<u8> out;
  u8 c;
  while (b.receive(c)) out.push_back(c);
  return out;
}

void push_key(SDL_Scancode sc, bool down) {
  SDL_Event e{};
  e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  e.key.keysym.scancode = sc;
  REQUIRE(SDL_PushEvent(&e) == 1);
}

}  // namespace

TEST_CASE("sdl display: host keys and mouse reach the LK201 and the mouse", "[display][sdl]") {
  ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
  TestScreen a, b;
  Lk201 kbd;
  VsxxxMouse mouse;
  {
    SdlDisplay d({&a, &b}, &kbd, &mouse);
    CHECK(a.renders == 1);  // drawn once when opened
    CHECK(b.renders == 1);
    push_key(SDL_SCANCODE_A, true);
    push_key(SDL_SCANCODE_A, false);
    push_key(SDL_SCANCODE_LSHIFT, true);
    push_key(SDL_SCANCODE_LSHIFT, false);
    push_key(SDL_SCANCODE_F13, true);  // no LK201 key: dropped
    mouse.transmit('R');
    SDL_Event m{};
    m.type = SDL_MOUSEMOTION;
    m.motion.xrel = 3;
    m.motion.yrel = 4;  // down on the host: negative for the mouse
    REQUIRE(SDL_PushEvent(&m) == 1);
    SDL_Event click{};
    click.type = SDL_MOUSEBUTTONDOWN;
    click.button.button = SDL_BUTTON_LEFT;
    REQUIRE(SDL_PushEvent(&click) == 1);
    CHECK(d.update(/*force=*/true));
    CHECK(a.renders == 2);
    CHECK(drain(kbd) == std::vector<u8>{0xc2, 0xae, 0xb3});
    CHECK(drain(mouse) == std::vector<u8>{0x90, 3, 4, 0x84, 0, 0});
    SDL_Event quit{};
    quit.type = SDL_QUIT;
    REQUIRE(SDL_PushEvent(&quit) == 1);
    CHECK_FALSE(d.update());
  }
  ::unsetenv("SDL_VIDEODRIVER");
}

TEST_CASE("sdl display: host keys map to LK201 codes by position", "[display][sdl]") {
  CHECK(SdlDisplay::lk201_code(SDL_SCANCODE_Q) == 0xc1);
  CHECK(SdlDisplay::lk201_code(SDL_SCANCODE_RETURN) == 0xbd);
  CHECK(SdlDisplay::lk201_code(SDL_SCANCODE_BACKSPACE) == 0xbc);
  CHECK(SdlDisplay::lk201_code(SDL_SCANCODE_F1) == 0x56);
  CHECK(SdlDisplay::lk201_code(SDL_SCANCODE_UP) == 0xaa);
  CHECK(SdlDisplay::lk201_code(SDL_SCANCODE_F13) == 0);
}
