// A line with a cable but nobody at the other end: output vanishes, input never comes.
// (Attach nullptr to a DC7085 line for "no cable at all": then the modem-status inputs of
// lines 2 and 3 read as disconnected too.) Deterministic.
#pragma once
#include "devices/serial/serial_backend.h"

namespace emu {

class NullBackend final : public SerialBackend {
 public:
  void transmit(u8) override {}
  bool receive(u8&) override { return false; }
};

}  // namespace emu
