// SDL2 windows for the frame buffers. See sdl_display.h.
#include "emu/display/sdl_display.h"

#include <SDL.h>

#include <algorithm>

#include "devices/lk201/lk201.h"
#include "devices/lk201/vsxxx_mouse.h"
#include "emu/common/error.h"

namespace emu {

struct SdlDisplay::Window {
  FrameBuffer* fb = nullptr;
  SDL_Window* win = nullptr;
  SDL_Renderer* ren = nullptr;
  SDL_Texture* tex = nullptr;
  std::vector<u32> rgb;
  ~Window() {
    if (tex) SDL_DestroyTexture(tex);
    if (ren) SDL_DestroyRenderer(ren);
    if (win) SDL_DestroyWindow(win);
  }
};

namespace {

[[noreturn]] void sdl_fail(const char* what) {
  throw UserError(std::string("--display sdl: ") + what + ": " + SDL_GetError() +
                  " (no display? use --display none, or SDL_VIDEODRIVER=offscreen)");
}

// Host keys to LK201 key codes (Linux drivers/input/keyboard/lkkbd.c's table, read the
// other way; the LK201's `~ key position carries Escape there, as here).
struct KeyMap {
  SDL_Scancode sc;
  u8 code;
};
constexpr KeyMap kKeys[] = {
    {SDL_SCANCODE_F1, 0x56}, {SDL_SCANCODE_F2, 0x57}, {SDL_SCANCODE_F3, 0x58}, {SDL_SCANCODE_F4, 0x59},
    {SDL_SCANCODE_F5, 0x5a}, {SDL_SCANCODE_F6, 0x64}, {SDL_SCANCODE_F7, 0x65}, {SDL_SCANCODE_F8, 0x66},
    {SDL_SCANCODE_F9, 0x67}, {SDL_SCANCODE_F10, 0x68}, {SDL_SCANCODE_F11, 0x71}, {SDL_SCANCODE_F12, 0x72},
    {SDL_SCANCODE_HELP, 0x7c}, {SDL_SCANCODE_MENU, 0x7d},
    {SDL_SCANCODE_HOME, 0x8a}, {SDL_SCANCODE_INSERT, 0x8b}, {SDL_SCANCODE_DELETE, 0x8c}, {SDL_SCANCODE_END, 0x8d},
    {SDL_SCANCODE_PAGEUP, 0x8e}, {SDL_SCANCODE_PAGEDOWN, 0x8f},
    {SDL_SCANCODE_KP_0, 0x92}, {SDL_SCANCODE_KP_PERIOD, 0x94}, {SDL_SCANCODE_KP_ENTER, 0x95},
    {SDL_SCANCODE_KP_1, 0x96}, {SDL_SCANCODE_KP_2, 0x97}, {SDL_SCANCODE_KP_3, 0x98}, {SDL_SCANCODE_KP_4, 0x99},
    {SDL_SCANCODE_KP_5, 0x9a}, {SDL_SCANCODE_KP_6, 0x9b}, {SDL_SCANCODE_KP_PLUS, 0x9c}, {SDL_SCANCODE_KP_7, 0x9d},
    {SDL_SCANCODE_KP_8, 0x9e}, {SDL_SCANCODE_KP_9, 0x9f}, {SDL_SCANCODE_KP_MINUS, 0xa0},
    {SDL_SCANCODE_NUMLOCKCLEAR, 0xa1}, {SDL_SCANCODE_KP_DIVIDE, 0xa2}, {SDL_SCANCODE_KP_MULTIPLY, 0xa3},
    {SDL_SCANCODE_LEFT, 0xa7}, {SDL_SCANCODE_RIGHT, 0xa8}, {SDL_SCANCODE_DOWN, 0xa9}, {SDL_SCANCODE_UP, 0xaa},
    {SDL_SCANCODE_RSHIFT, 0xae}, {SDL_SCANCODE_LSHIFT, 0xae}, {SDL_SCANCODE_LCTRL, 0xaf}, {SDL_SCANCODE_RCTRL, 0xaf},
    {SDL_SCANCODE_CAPSLOCK, 0xb0}, {SDL_SCANCODE_LALT, 0xb1}, {SDL_SCANCODE_RALT, 0xb1},
    {SDL_SCANCODE_BACKSPACE, 0xbc}, {SDL_SCANCODE_RETURN, 0xbd}, {SDL_SCANCODE_TAB, 0xbe},
    {SDL_SCANCODE_ESCAPE, 0xbf}, {SDL_SCANCODE_GRAVE, 0xbf},
    {SDL_SCANCODE_1, 0xc0}, {SDL_SCANCODE_Q, 0xc1}, {SDL_SCANCODE_A, 0xc2}, {SDL_SCANCODE_Z, 0xc3},
    {SDL_SCANCODE_2, 0xc5}, {SDL_SCANCODE_W, 0xc6}, {SDL_SCANCODE_S, 0xc7}, {SDL_SCANCODE_X, 0xc8},
    {SDL_SCANCODE_NONUSBACKSLASH, 0xc9}, {SDL_SCANCODE_3, 0xcb}, {SDL_SCANCODE_E, 0xcc}, {SDL_SCANCODE_D, 0xcd},
    {SDL_SCANCODE_C, 0xce}, {SDL_SCANCODE_4, 0xd0}, {SDL_SCANCODE_R, 0xd1}, {SDL_SCANCODE_F, 0xd2},
    {SDL_SCANCODE_V, 0xd3}, {SDL_SCANCODE_SPACE, 0xd4}, {SDL_SCANCODE_5, 0xd6}, {SDL_SCANCODE_T, 0xd7},
    {SDL_SCANCODE_G, 0xd8}, {SDL_SCANCODE_B, 0xd9}, {SDL_SCANCODE_6, 0xdb}, {SDL_SCANCODE_Y, 0xdc},
    {SDL_SCANCODE_H, 0xdd}, {SDL_SCANCODE_N, 0xde}, {SDL_SCANCODE_7, 0xe0}, {SDL_SCANCODE_U, 0xe1},
    {SDL_SCANCODE_J, 0xe2}, {SDL_SCANCODE_M, 0xe3}, {SDL_SCANCODE_8, 0xe5}, {SDL_SCANCODE_I, 0xe6},
    {SDL_SCANCODE_K, 0xe7}, {SDL_SCANCODE_COMMA, 0xe8}, {SDL_SCANCODE_9, 0xea}, {SDL_SCANCODE_O, 0xeb},
    {SDL_SCANCODE_L, 0xec}, {SDL_SCANCODE_PERIOD, 0xed}, {SDL_SCANCODE_0, 0xef}, {SDL_SCANCODE_P, 0xf0},
    {SDL_SCANCODE_SEMICOLON, 0xf2}, {SDL_SCANCODE_SLASH, 0xf3}, {SDL_SCANCODE_EQUALS, 0xf5},
    {SDL_SCANCODE_RIGHTBRACKET, 0xf6}, {SDL_SCANCODE_BACKSLASH, 0xf7}, {SDL_SCANCODE_MINUS, 0xf9},
    {SDL_SCANCODE_LEFTBRACKET, 0xfa}, {SDL_SCANCODE_APOSTROPHE, 0xfb},
};

}  // namespace

u8 SdlDisplay::lk201_code(int sc) {
  for (const auto& k : kKeys)
    if (k.sc == sc) return k.code;
  return 0;
}

SdlDisplay::SdlDisplay(const std::vector<FrameBuffer*>& screens, Lk201* kbd, VsxxxMouse* mouse)
    : kbd_(kbd), mouse_(mouse) {
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) sdl_fail("SDL_Init");
  SDL_Rect usable{0, 0, 1 << 15, 1 << 15};
  SDL_GetDisplayUsableBounds(0, &usable);
  for (FrameBuffer* fb : screens) {
    auto w = std::make_unique<Window>();
    w->fb = fb;
    // Halve the window until it fits the desktop; the renderer keeps the raster's aspect
    // ratio whatever size the user then gives the window.
    int ww = int(fb->width()), wh = int(fb->height());
    while ((ww > usable.w || wh > usable.h) && ww > 64) ww /= 2, wh /= 2;
    const std::string title = "emu: " + fb->screen_name();
    w->win = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, ww, wh,
                              SDL_WINDOW_RESIZABLE);
    if (!w->win) sdl_fail("SDL_CreateWindow");
    w->ren = SDL_CreateRenderer(w->win, -1, 0);
    if (!w->ren) sdl_fail("SDL_CreateRenderer");
    SDL_RenderSetLogicalSize(w->ren, int(fb->width()), int(fb->height()));
    w->tex = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, int(fb->width()),
                               int(fb->height()));
    if (!w->tex) sdl_fail("SDL_CreateTexture");
    windows_.push_back(std::move(w));
  }
  redraw();
}

SdlDisplay::~SdlDisplay() {
  windows_.clear();
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void SdlDisplay::redraw() {
  for (auto& w : windows_) {
    w->fb->render(w->rgb);
    SDL_UpdateTexture(w->tex, nullptr, w->rgb.data(), int(w->fb->width() * 4));
    SDL_RenderClear(w->ren);
    SDL_RenderCopy(w->ren, w->tex, nullptr, nullptr);
    SDL_RenderPresent(w->ren);
  }
  ++redraws_;
  last_draw_ms_ = SDL_GetTicks64();
}

bool SdlDisplay::update(bool force) {
  SDL_Event e;
  bool open = true;
  while (SDL_PollEvent(&e)) {
    switch (e.type) {
      case SDL_QUIT: open = false; break;
      case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_CLOSE) open = false;
        break;
      case SDL_KEYDOWN:
      case SDL_KEYUP: {
        const u8 code = lk201_code(e.key.keysym.scancode);
        if (!kbd_ || !code) break;
        const bool down = e.type == SDL_KEYDOWN;
        // The host's own key repeat: a fresh press for keys the LK201 would repeat.
        if (down && e.key.repeat) {
          if (kbd_->mode(Lk201::division(code)) != Lk201::kAutoRepeat) break;
          kbd_->key(code, false);
        }
        kbd_->key(code, down);
        break;
      }
      case SDL_MOUSEMOTION:
        if (mouse_) mouse_->move(e.motion.xrel, -e.motion.yrel);  // the mouse's Y grows upwards
        break;
      case SDL_MOUSEBUTTONDOWN:
      case SDL_MOUSEBUTTONUP: {
        u8 bit = 0;
        if (e.button.button == SDL_BUTTON_LEFT) bit = VsxxxMouse::kLeft;
        if (e.button.button == SDL_BUTTON_MIDDLE) bit = VsxxxMouse::kMiddle;
        if (e.button.button == SDL_BUTTON_RIGHT) bit = VsxxxMouse::kRight;
        buttons_ = e.type == SDL_MOUSEBUTTONDOWN ? (buttons_ | bit) : (buttons_ & ~bit);
        if (mouse_) mouse_->set_buttons(buttons_);
        break;
      }
      default: break;
    }
  }
  if (force || SDL_GetTicks64() - last_draw_ms_ >= 16) redraw();
  return open;
}

}  // namespace emu
