// LK201 keyboard. See lk201.h for the protocol, sources and decisions.
#include "devices/lk201/lk201.h"

namespace emu {

namespace {
constexpr Lk201::Mode kDefaultModes[15] = {
    Lk201::kDown,                                     // (no division 0)
    Lk201::kAutoRepeat, Lk201::kAutoRepeat, Lk201::kAutoRepeat,  // 1 main, 2 keypad, 3 Delete
    Lk201::kDown,       Lk201::kDown,                 // 4 Tab/Return, 5 Lock/Compose
    Lk201::kDownUp,                                   // 6 Shift/Ctrl
    Lk201::kAutoRepeat, Lk201::kAutoRepeat,           // 7 left/right, 8 up/down
    Lk201::kDownUp,                                   // 9 editing keys
    Lk201::kAutoRepeat, Lk201::kAutoRepeat, Lk201::kAutoRepeat, Lk201::kAutoRepeat,  // 10-13
    Lk201::kAutoRepeat};                              // 14
}  // namespace

void Lk201::reset() {
  in_.clear();
  out_.clear();
  held_.clear();
  for (unsigned d = 0; d < 15; ++d) modes_[d] = kDefaultModes[d];
  modes_[15] = kDown;
  leds_ = 0;
  bells_ = 0;
  bell_on_ = true;
  inhibited_ = lost_ = false;
}

unsigned Lk201::division(u8 c) {
  if (c >= 0xbf) return 1;
  if (c >= 0xbd) return 4;
  if (c == 0xbc) return 3;
  if (c >= 0xb3) return 0;  // special codes, no keys
  if (c >= 0xb0) return 5;
  if (c >= 0xad) return 6;
  if (c >= 0xa9) return 8;
  if (c >= 0xa6) return 7;
  if (c >= 0x91) return 2;
  if (c >= 0x88) return 9;
  if (c >= 0x7e) return 14;
  if (c >= 0x7b) return 13;
  if (c >= 0x6f) return 12;
  if (c >= 0x63) return 11;
  if (c >= 0x56) return 10;
  return 0;
}

void Lk201::transmit(u8 c) {
  in_.push_back(c);
  if (c & 0x80) {
    command(in_);
    in_.clear();
  }
}

bool Lk201::receive(u8& c) {
  if (out_.empty()) return false;
  c = out_.front();
  out_.pop_front();
  return true;
}

void Lk201::command(const std::deque<u8>& b) {
  const u8 op = b.front();
  const u8 param = b.size() > 1 ? u8(b[1] & 0x7f) : 0;
  if ((op & 1) == 0) {  // mode set
    const unsigned div = (op >> 3) & 0xf;
    if (op == 0x80) return;  // leave test mode
    if (div == 15) return;   // auto-repeat timing buffer: no repeats are generated
    if (div == 0) return send(kInputError);
    const u8 m = (op >> 1) & 3;
    modes_[div] = m == 2 ? kDown : Mode(m);
    return send(kModeChangeAck);
  }
  switch (op) {
    case 0xfd:
      held_.clear();
      for (u8 v : {0x01, 0x00, 0x00, 0x00}) send(v);
      break;
    case 0xab: send(0x01), send(0x00); break;
    case 0x13: leds_ |= param & 0xf; break;
    case 0x11: leds_ &= ~param & 0xf; break;
    case 0x23: bell_on_ = true; break;
    case 0xa1: bell_on_ = false; break;
    case 0xa7:
      if (bell_on_) ++bells_;
      break;
    case 0x1b: case 0x99: case 0xbb: case 0xb9: case 0x9f: break;  // key clicks: silent here
    case 0x89:
      inhibited_ = true;
      send(kInhibitAck);
      break;
    case 0x8b:
      inhibited_ = false;
      if (lost_) send(kOutputError);
      lost_ = false;
      break;
    case 0xe3: case 0xe1: break;  // auto-repeat on/off: no repeats are generated
    case 0xd9:
      for (auto& m : modes_)
        if (m == kAutoRepeat) m = kDown;
      break;
    case 0xd3:
      for (unsigned d = 0; d < 15; ++d) modes_[d] = kDefaultModes[d];
      leds_ = 0;
      send(kModeChangeAck);
      break;
    case 0xcb: send(kTestModeAck); break;
    default: send(kInputError); break;
  }
}

void Lk201::key(u8 code, bool down) {
  const unsigned div = division(code);
  if (div == 0) return;
  if (down == (held_.count(code) != 0)) return;  // no change
  if (down) held_.insert(code);
  else held_.erase(code);
  const Mode m = modes_[div];
  if (!down && m != kDownUp) return;
  if (inhibited_) {
    lost_ = true;
    return;
  }
  if (!down && held_.empty()) return send(kAllUp);
  send(code);
}

}  // namespace emu
