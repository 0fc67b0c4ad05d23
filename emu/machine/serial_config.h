// What a serial line is connected to, from the command line (--serial N=SPEC):
//   stdio            the emulator's stdin/stdout (the default for the console, line 3)
//   null             a cable with nothing at the far end (the default for lines 0-2)
//   file:OUT[,IN]    transmit into file OUT (replaced at the end of the run: output_file.h);
//                    receive file IN if given
//   unix:PATH        listen on a Unix-domain socket at PATH, one client at a time
//   tcp:PORT         listen on 127.0.0.1:PORT (0 = any free port, printed on stderr)
// The socket forms are host-timed and never block (devices/serial/socket_backend.h).
#pragma once
#include <memory>
#include <string>

#include "devices/serial/serial_backend.h"

namespace emu {

// option_name is used in error messages ("--serial3: ...").
std::unique_ptr<SerialBackend> make_serial_backend(const std::string& spec, const std::string& option_name);

}  // namespace emu
