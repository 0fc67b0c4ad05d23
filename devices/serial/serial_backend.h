// What sits at the far end of one serial line: a terminal, a file, nothing.
//
// A serial controller model (devices/dc7085) decides *when* things happen (character
// times derived from the programmed baud rate, in machine cycles); a backend only moves
// bytes to and from the host. The controller asks for input once per character time of
// the line, so receive() must never block for long: return false when no byte is
// available now. Which backends are deterministic (a byte sequence that does not depend
// on host timing) is documented on each one.
#pragma once
#include "emu/common/types.h"

namespace emu {

class SerialBackend {
 public:
  virtual ~SerialBackend() = default;
  // One complete character left the line's transmitter (already masked to the line's
  // character length).
  virtual void transmit(u8 c) = 0;
  // The next character the far end sends, if there is one now. Non-blocking.
  virtual bool receive(u8& c) = 0;
  // Push buffered output to the host (also done by destructors).
  virtual void flush() {}
  // The run ended in order: put output files in place (emu/common/output_file.h). A backend
  // destroyed without it treats the run as failed. Throws EmulatorError on a write error.
  virtual void commit() {}
};

}  // namespace emu
