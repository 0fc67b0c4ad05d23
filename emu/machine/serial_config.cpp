#include "emu/machine/serial_config.h"

#include "devices/serial/file_backend.h"
#include "devices/serial/null_backend.h"
#include "devices/serial/stdio_backend.h"
#include "emu/common/error.h"

namespace emu {

std::unique_ptr<SerialBackend> make_serial_backend(const std::string& spec, const std::string& option_name) {
  if (spec == "stdio") return std::make_unique<StdioBackend>(0, 1);
  if (spec == "null") return std::make_unique<NullBackend>();
  if (spec.rfind("file:", 0) == 0) {
    std::string rest = spec.substr(5);
    size_t comma = rest.find(',');
    std::string out = rest.substr(0, comma);
    std::string in = comma == std::string::npos ? "" : rest.substr(comma + 1);
    if (out.empty() && in.empty()) throw UserError(option_name + ": 'file:' needs a path");
    return std::make_unique<FileBackend>(out, in);
  }
  throw UserError(option_name + ": '" + spec + "' is not a serial connection (stdio, null, file:OUT[,IN])");
}

}  // namespace emu
