// --screenshot-at. See display_config.h.
#include "emu/display/display_config.h"

#include "emu/common/error.h"
#include "emu/common/number.h"

namespace emu {

ScreenshotMoment ScreenshotMoment::parse(const std::string& text) {
  ScreenshotMoment m;
  if (text.rfind("region:", 0) == 0) {
    const ParsedNumber n = parse_number(text.substr(7), 0, 0xffffffffu, Radix::DecimalOrHex);
    if (!n) throw UserError("--screenshot-at: '" + printable(text) + "': the region number " + n.problem);
    m.kind = Kind::Region;
    m.region = u32(n.value);
    return m;
  }
  const ParsedNumber n = parse_number(text, 1, ~u64(0), Radix::DecimalOrHex);
  if (!n)
    throw UserError("--screenshot-at: '" + printable(text) + "' should be a cycle count or region:N; it " + n.problem);
  m.kind = Kind::Cycle;
  m.cycle = n.value;
  return m;
}

std::string ScreenshotMoment::describe() const {
  switch (kind) {
    case Kind::Cycle: return "cycle " + std::to_string(cycle);
    case Kind::Region: return "the end of region " + std::to_string(region);
    case Kind::End: break;
  }
  return "the end of the run";
}

}  // namespace emu
