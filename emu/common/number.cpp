// Strict user numbers: see number.h.
#include "emu/common/number.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

#include "emu/common/error.h"

namespace emu {

namespace {

int digit_value(char c, unsigned base) {
  int d = -1;
  if (c >= '0' && c <= '9') d = c - '0';
  else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
  else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
  return d >= 0 && unsigned(d) < base ? d : -1;
}

std::string wanted(u64 min, u64 max, Radix radix) {
  if (min == max) return "(want " + std::to_string(min) + ")";
  return "(want a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
         (radix == Radix::DecimalOrHex ? ", decimal or 0x hex)" : ")");
}

std::string fraction_text(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

}  // namespace

ParsedNumber parse_number(std::string_view t, u64 min, u64 max, Radix radix) {
  ParsedNumber r;
  if (t.empty()) {
    r.problem = "is empty " + wanted(min, max, radix);
    return r;
  }
  if (t[0] == '-') {
    r.problem = "is negative " + wanted(min, max, radix);
    return r;
  }
  unsigned base = 10;
  size_t i = 0;
  if (radix == Radix::DecimalOrHex && t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    base = 16;
    i = 2;
  }
  u64 v = 0;
  bool overflow = false;
  for (; i < t.size(); ++i) {
    const int d = digit_value(t[i], base);
    if (d < 0) {
      r.problem = "is not a whole number " + wanted(min, max, radix);
      return r;
    }
    if (v > (std::numeric_limits<u64>::max() - u64(d)) / base) overflow = true;
    else v = v * base + u64(d);
  }
  if (overflow || v < min || v > max) {
    r.problem = "is out of range " + wanted(min, max, radix);
    return r;
  }
  r.value = v;
  return r;
}

ParsedFraction parse_fraction(std::string_view t, double min, double max) {
  ParsedFraction r;
  const std::string want = "(want a number from " + fraction_text(min) + " to " + fraction_text(max) + ")";
  size_t digits = 0, points = 0;
  for (char c : t) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c == '.') ++points;
    else digits = points = 1000;  // anything else: not a plain decimal fraction
  }
  if (t.empty()) r.problem = "is empty " + want;
  else if (t[0] == '-') r.problem = "is negative " + want;
  else if (digits == 0 || points > 1 || t.size() > 64) r.problem = "is not a decimal number " + want;
  if (!r.problem.empty()) return r;
  const std::string s(t);  // NUL-terminated for strtod, which sees only digits and one point
  r.value = std::strtod(s.c_str(), nullptr);
  if (!(r.value >= min && r.value <= max)) r.problem = "is out of range " + want;
  return r;
}

u64 parse_number_or_throw(std::string_view text, u64 min, u64 max, const std::string& what, Radix radix) {
  const ParsedNumber n = parse_number(text, min, max, radix);
  if (!n) throw UserError(what + ": '" + printable(text) + "' " + n.problem);
  return n.value;
}

std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      out += b;
    } else {
      out += char(c);
    }
  }
  return out;
}

}  // namespace emu
