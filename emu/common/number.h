// Numbers typed by the user (options, and the specs inside them: --net, --net-loss,
// --serial, --timing-set, --region-name, --node), read strictly and in one way.
//
// A whole number is ASCII decimal digits, or with Radix::DecimalOrHex also 0x followed by
// hex digits; no sign, no spaces, nothing after it; leading zeros are decimal (010 = 10).
// The value must lie in [min, max]; overflow is out of range, never a wrapped value. The
// C library's strtoul and Boost's lexical_cast read "-1" as 2^64-1 and skip leading
// blanks, which is how `--max-cycles -1` came to mean "no limit": nothing here does that.
//
// A fraction (probabilities, seconds) is decimal digits with at most one point: 1, 0.25,
// .5, 2. — no sign, exponent, "inf" or "nan".
#pragma once
#include <string>
#include <string_view>

#include "emu/common/types.h"

namespace emu {

enum class Radix { Decimal, DecimalOrHex };

// The value, or what is wrong with the text in words ("is negative (want ...)"), to
// follow the quoted text in a message: WHAT: 'TEXT' PROBLEM.
struct ParsedNumber {
  u64 value = 0;
  std::string problem;  // empty = valid
  explicit operator bool() const { return problem.empty(); }
};
struct ParsedFraction {
  double value = 0;
  std::string problem;
  explicit operator bool() const { return problem.empty(); }
};

ParsedNumber parse_number(std::string_view text, u64 min, u64 max, Radix radix = Radix::Decimal);
ParsedFraction parse_fraction(std::string_view text, double min, double max);

// The same, throwing UserError "WHAT: 'TEXT' PROBLEM" (one line).
u64 parse_number_or_throw(std::string_view text, u64 min, u64 max, const std::string& what,
                          Radix radix = Radix::Decimal);

// User text quoted in a one-line message: control characters as \n, \xHH (UTF-8 passes),
// so that no input can break the message over lines or send escapes to the terminal.
std::string printable(std::string_view text);

}  // namespace emu
