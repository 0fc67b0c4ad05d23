// What a serial line is connected to, from the command line (--serial N=SPEC):
//   stdio            the emulator's stdin/stdout (the default for the console, line 3)
//   null             a cable with nothing at the far end (the default for lines 0-2)
//   file:OUT[,IN]    transmit into file OUT (replaced at the end of the run: output_file.h);
//                    receive file IN if given (a FIFO or /dev/null works: it is streamed,
//                    never read whole)
//   unix:PATH        listen on a Unix-domain socket at PATH, one client at a time
//   tcp:PORT         listen on 127.0.0.1:PORT (0 = any free port, printed on stderr)
//   lk201            an LK201 keyboard (devices/lk201/lk201.h; the default for line 0 when
//                    a frame buffer is fitted)
//   vsxxx            a VSXXX-AA mouse (the default for line 1 when a frame buffer is fitted)
// The socket forms are host-timed and never block (devices/serial/socket_backend.h).
#pragma once
#include <memory>
#include <string>

#include "devices/serial/serial_backend.h"
#include "emu/common/types.h"

namespace emu {

struct SerialSpec {
  enum class Kind { Stdio, Null, File, Unix, Tcp, Lk201, Vsxxx };
  Kind kind = Kind::Null;
  std::string out, in;  // File: either may be empty, not both
  std::string path;     // Unix
  u16 port = 0;         // Tcp
};

// Checks the syntax only (nothing is opened), so that the command line can be refused
// before a run starts. Throws UserError "OPTION_NAME: ..." (option_name "--serial3").
SerialSpec parse_serial_spec(const std::string& spec, const std::string& option_name);

std::unique_ptr<SerialBackend> make_serial_backend(const std::string& spec, const std::string& option_name);

}  // namespace emu
