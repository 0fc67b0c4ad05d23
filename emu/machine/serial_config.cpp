#include "emu/machine/serial_config.h"

#include <cstdio>

#include "devices/lk201/lk201.h"
#include "devices/lk201/vsxxx_mouse.h"
#include "devices/serial/file_backend.h"
#include "devices/serial/null_backend.h"
#include "devices/serial/socket_backend.h"
#include "devices/serial/stdio_backend.h"
#include "emu/common/error.h"
#include "emu/common/number.h"

namespace emu {

SerialSpec parse_serial_spec(const std::string& spec, const std::string& option_name) {
  SerialSpec s;
  if (spec == "stdio") {
    s.kind = SerialSpec::Kind::Stdio;
  } else if (spec == "null") {
    s.kind = SerialSpec::Kind::Null;
  } else if (spec == "lk201") {
    s.kind = SerialSpec::Kind::Lk201;
  } else if (spec == "vsxxx") {
    s.kind = SerialSpec::Kind::Vsxxx;
  } else if (spec.rfind("file:", 0) == 0) {
    s.kind = SerialSpec::Kind::File;
    const std::string rest = spec.substr(5);
    const size_t comma = rest.find(',');
    s.out = rest.substr(0, comma);
    s.in = comma == std::string::npos ? "" : rest.substr(comma + 1);
    if (s.out.empty() && s.in.empty()) throw UserError(option_name + ": 'file:' needs a path (file:OUT[,IN])");
  } else if (spec.rfind("unix:", 0) == 0) {
    s.kind = SerialSpec::Kind::Unix;
    s.path = spec.substr(5);
    if (s.path.empty()) throw UserError(option_name + ": 'unix:' needs a socket path (unix:PATH)");
  } else if (spec.rfind("tcp:", 0) == 0) {
    s.kind = SerialSpec::Kind::Tcp;
    const ParsedNumber port = parse_number(spec.substr(4), 0, 65535);
    if (!port)
      throw UserError(option_name + ": '" + printable(spec) + "' needs a TCP port number 0-65535 (tcp:PORT); '" +
                      printable(spec.substr(4)) + "' " + port.problem);
    s.port = u16(port.value);
  } else {
    throw UserError(option_name + ": '" + printable(spec) +
                    "' is not a serial connection (stdio, null, file:OUT[,IN], unix:PATH, tcp:PORT, lk201, vsxxx)");
  }
  return s;
}

std::unique_ptr<SerialBackend> make_serial_backend(const std::string& spec, const std::string& option_name) {
  const SerialSpec s = parse_serial_spec(spec, option_name);
  switch (s.kind) {
    case SerialSpec::Kind::Stdio: return std::make_unique<StdioBackend>(0, 1);
    case SerialSpec::Kind::Null: return std::make_unique<NullBackend>();
    case SerialSpec::Kind::Lk201: return std::make_unique<Lk201>();
    case SerialSpec::Kind::Vsxxx: return std::make_unique<VsxxxMouse>();
    case SerialSpec::Kind::File: return std::make_unique<FileBackend>(s.out, s.in, option_name);
    case SerialSpec::Kind::Unix: return SocketBackend::listen_unix(s.path, option_name);
    case SerialSpec::Kind::Tcp: {
      auto b = SocketBackend::listen_tcp(s.port, option_name);
      // Port 0 asked for any free port: say which one, or nobody could connect.
      if (s.port == 0) std::fprintf(stderr, "emu: %s listening on 127.0.0.1:%u\n", option_name.c_str(), b->port());
      return b;
    }
  }
  throw UserError(option_name + ": unknown serial connection");  // not reached: every kind is handled
}

}  // namespace emu
