// libFuzzer entry point for the spec parsers inside options: the first byte chooses the
// parser, the rest is the text. Accepted inputs are checked against what the parser
// promises (a strict number is its own decimal spelling, within range); refusals must be
// UserError or NetError. Anything else, or a crash, is a finding.
// Built with -fsanitize=fuzzer elsewhere; tests/fuzz/replay_main.cpp replays the corpus.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "devices/board/esar.h"
#include "emu/common/error.h"
#include "emu/common/number.h"
#include "emu/machine/serial_config.h"
#include "emu/net/loss_filter.h"
#include "emu/net/net_spec.h"
#include "emu/net/socket_util.h"
#include "emu/stats/regions.h"
#include "emu/timing/timing_profile.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// Decimal without leading zeros, as std::to_string spells it.
std::string canonical(const std::string& digits) {
  const size_t nz = digits.find_first_not_of('0');
  return nz == std::string::npos ? "0" : digits.substr(nz);
}

void run(unsigned which, const std::string& text) {
  using namespace emu;
  switch (which % 9) {
    case 0: {
      const ParsedNumber n = parse_number(text, 3, 70000);
      if (n) check(n.value >= 3 && n.value <= 70000 && std::to_string(n.value) == canonical(text));
      else check(!n.problem.empty());
      break;
    }
    case 1: {
      const ParsedNumber n = parse_number(text, 0, ~u64(0), Radix::DecimalOrHex);
      if (n) check(text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0 || std::to_string(n.value) == canonical(text));
      break;
    }
    case 2: {
      const ParsedFraction f = parse_fraction(text, 0, 1);
      if (f) check(f.value >= 0 && f.value <= 1 && text.find_first_not_of("0123456789.") == std::string::npos);
      break;
    }
    case 3: (void)net::parse_net_spec(text); break;
    case 4: {
      const net::LossConfig c = net::parse_loss_spec(text);
      check(c.drop_rate >= 0 && c.drop_rate <= 1 && c.corrupt_rate >= 0 && c.corrupt_rate <= 1);
      break;
    }
    case 5: (void)parse_serial_spec(text, "--serial3"); break;
    case 6: {
      const auto [id, name] = parse_region_name(text);
      check(!name.empty() && name.size() <= 64 && name.find_first_of("\",\\\n") == std::string::npos);
      (void)id;
      break;
    }
    case 7: {
      TimingProfile t = timing_profile_for("ds5000-200");
      t.set(text);
      break;
    }
    case 8:
      (void)net::parse_socket_address(text);
      (void)Esar::parse_mac(text);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    run(data[0], text);
  } catch (const emu::UserError&) {
  } catch (const emu::net::NetError&) {
  } catch (...) {
    std::abort();
  }
  return 0;
}
