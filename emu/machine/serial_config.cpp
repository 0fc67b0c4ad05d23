#include "emu/machine/serial_config.h"

#include <cstdio>

#include "devices/serial/file_backend.h"
#include "devices/serial/null_backend.h"
#include "devices/serial/socket_backend.h"
#include "devices/serial/stdio_backend.h"
#include "emu/common/error.h"

namespace emu {

namespace {

bool all_digits(const std::string& s) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::unique_ptr<SerialBackend> make_serial_backend(const std::string& spec, const std::string& option_name) {
  if (spec == "stdio") return std::make_unique<StdioBackend>(0, 1);
  if (spec == "null") return std::make_unique<NullBackend>();
  if (spec.rfind("file:", 0) == 0) {
    std::string rest = spec.substr(5);
    size_t comma = rest.find(',');
    std::string out = rest.substr(0, comma);
    std::string in = comma == std::string::npos ? "" : rest.substr(comma + 1);
    if (out.empty() && in.empty()) throw UserError(option_name + ": 'file:' needs a path");
    return std::make_unique<FileBackend>(out, in, option_name);
  }
  if (spec.rfind("unix:", 0) == 0) return SocketBackend::listen_unix(spec.substr(5), option_name);
  if (spec.rfind("tcp:", 0) == 0) {
    const std::string port = spec.substr(4);
    if (!all_digits(port) || std::stoul(port) > 65535)
      throw UserError(option_name + ": '" + spec + "' needs a TCP port number 0-65535 (tcp:PORT)");
    auto b = SocketBackend::listen_tcp(unsigned(std::stoul(port)), option_name);
    // Port 0 asked for any free port: say which one, or nobody could connect.
    if (std::stoul(port) == 0)
      std::fprintf(stderr, "emu: %s listening on 127.0.0.1:%u\n", option_name.c_str(), b->port());
    return b;
  }
  throw UserError(option_name + ": '" + spec +
                  "' is not a serial connection (stdio, null, file:OUT[,IN], unix:PATH, tcp:PORT)");
}

}  // namespace emu
