// DEC LK201 keyboard at the far end of DZ line 0 (4800 baud, 8N1), as a serial backend:
// the host's bytes are keyboard commands, the keyboard's replies and key codes come back.
// The host side (the SDL window, tests) presses and releases keys by LK201 key code.
//
// Sources: Linux drivers/input/keyboard/lkkbd.c and the 2.6-era drivers/tc/lk201.h,
// NetBSD sys/dev/dec/lk201reg.h and lk201_ws.c, SIMH VAX/vax_lk.c;
// framebuffers-lk201.md §4.
//
// Host -> keyboard: a byte with bit 7 set ends a command (parameters have bit 7 clear...
// except the last, which carries 0x80). Bit 0 of the first byte: 1 peripheral command, 0
// mode set (division << 3 | mode << 1; division 15 is the auto-repeat timing buffer).
//   0xfd power-up test   -> 0x01 0x00 0x00 0x00 (firmware ID, hardware ID, OK, no key)
//   0xab request ID      -> 0x01 0x00 (LK201)
//   0x13/0x11 + leds     LEDs on/off (1 Wait, 2 Compose, 4 Lock, 8 Hold)
//   0x23 + vol, 0xa1, 0xa7   bell on, off, ring;  0x1b + vol, 0x99, 0xbb, 0xb9, 0x9f clicks
//   0x89 / 0x8b          inhibit (-> 0xb7) / resume (-> 0xb5 first if keys were lost)
//   0xe3 / 0xe1 / 0xd9   auto-repeat on / off / every auto-repeat division to down-only
//   0xd3 defaults (-> 0xba), 0xcb test mode (-> 0xb8), mode set (-> 0xba)
//   anything else        -> 0xb6 (input error)
// Keyboard -> host, per the key's division mode: down-only and auto-repeat send the code
// on press; down/up sends it on press and release, and the release of the last key held
// down sends 0xb3 (all up) instead. Decisions: no 0xb4 metronome codes are generated (the
// host's own key repeat presses again); the power-up self-test reply is sent while the
// DZ's receivers are still off and so is lost, as on a real machine — OSes ask with 0xfd.
// Division defaults (SIMH, UNCONFIRMED): 4, 5 down; 6, 9 down/up; the rest auto-repeat.
#pragma once
#include <array>
#include <deque>
#include <set>

#include "devices/serial/serial_backend.h"

namespace emu {

class Lk201 final : public SerialBackend {
 public:
  enum Mode : u8 { kDown = 0, kAutoRepeat = 1, kDownUp = 3 };
  static constexpr u8 kAllUp = 0xb3, kOutputError = 0xb5, kInputError = 0xb6, kInhibitAck = 0xb7,
                      kTestModeAck = 0xb8, kModeChangeAck = 0xba;

  Lk201() { reset(); }
  void reset();

  void transmit(u8 c) override;         // a byte from the host
  bool receive(u8& c) override;         // the next byte to the host
  // The host side: a key with LK201 code `code` (0x56-0xfb) went down or up.
  void key(u8 code, bool down);

  // Division 1-14 of a key code (0 if the code is no key).
  static unsigned division(u8 code);
  Mode mode(unsigned division) const { return modes_[division]; }
  u8 leds() const { return leds_; }
  unsigned bells() const { return bells_; }  // times the bell rang
  bool bell_enabled() const { return bell_on_; }
  bool inhibited() const { return inhibited_; }

 private:
  void command(const std::deque<u8>& bytes);
  void send(u8 c) { out_.push_back(c); }

  std::deque<u8> in_, out_;
  std::array<Mode, 16> modes_{};
  std::set<u8> held_;
  u8 leds_ = 0;
  unsigned bells_ = 0;
  bool bell_on_ = true, inhibited_ = false, lost_ = false;
};

}  // namespace emu
