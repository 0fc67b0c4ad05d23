// Strict user numbers (emu/common/number.h): one parser for every option and spec, so
// that no sign, blank, trailing junk or overflow is ever read as a (wrapped) value.
#include <catch2/catch.hpp>

#include <string>

#include "emu/common/error.h"
#include "emu/common/number.h"

using namespace emu;

TEST_CASE("number: whole numbers are digits only, range-checked", "[common][number]") {
  CHECK(parse_number("0", 0, 10).value == 0);
  CHECK(parse_number("10", 0, 10).value == 10);
  CHECK(parse_number("010", 0, 10).value == 10);  // decimal, never octal
  CHECK(parse_number("18446744073709551615", 0, ~u64(0)).value == ~u64(0));
  for (const char* bad : {"", "-1", "-0", "+1", " 1", "1 ", "1x", "0x10", "1e3", "1.0", "\t1", "abc", "1\n"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_number(bad, 0, 100));
  }
  // Overflow is out of range, never a wrapped value (strtoul gives 2^64-1 for "-1" and for this).
  const ParsedNumber big = parse_number("99999999999999999999999", 0, ~u64(0));
  CHECK_FALSE(big);
  CHECK(big.problem.rfind("is out of range", 0) == 0);
  CHECK(parse_number("18446744073709551616", 0, ~u64(0)).problem.rfind("is out of range", 0) == 0);
  CHECK(parse_number("-1", 0, 5).problem == "is negative (want a whole number from 0 to 5)");
  CHECK(parse_number("", 1, 16).problem == "is empty (want a whole number from 1 to 16)");
  CHECK(parse_number("0", 1, 16).problem == "is out of range (want a whole number from 1 to 16)");
  CHECK(parse_number("17", 1, 16).problem == "is out of range (want a whole number from 1 to 16)");
}

TEST_CASE("number: 0x hex only where allowed", "[common][number]") {
  CHECK(parse_number("0x10", 0, 100, Radix::DecimalOrHex).value == 16);
  CHECK(parse_number("0XfF", 0, 255, Radix::DecimalOrHex).value == 255);
  CHECK(parse_number("0xffffffffffffffff", 0, ~u64(0), Radix::DecimalOrHex).value == ~u64(0));
  CHECK_FALSE(parse_number("0x10000000000000000", 0, ~u64(0), Radix::DecimalOrHex));
  for (const char* bad : {"0x", "x10", "0x-1", "-0x1", "0xg", "0x 1", "ff"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_number(bad, 0, ~u64(0), Radix::DecimalOrHex));
  }
  CHECK(parse_number("0x10", 0, 9, Radix::DecimalOrHex).problem.find("decimal or 0x hex") != std::string::npos);
}

TEST_CASE("number: fractions are plain decimals", "[common][number]") {
  CHECK(parse_fraction("0.25", 0, 1).value == 0.25);
  CHECK(parse_fraction(".5", 0, 1).value == 0.5);
  CHECK(parse_fraction("1", 0, 1).value == 1);
  CHECK(parse_fraction("1.", 0, 1).value == 1);
  for (const char* bad : {"", "-0.1", "nan", "inf", "1e-3", "0x1p-2", " 0.5", "0.5 ", ".", "1.2.3", "+1", "2"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_fraction(bad, 0, 1));
  }
}

TEST_CASE("number: errors name the option and quote the text on one line", "[common][number]") {
  try {
    parse_number_or_throw("-1", 1, 9, "--max-cycles");
    FAIL("accepted -1");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()) == "--max-cycles: '-1' is negative (want a whole number from 1 to 9)");
  }
  try {
    parse_number_or_throw("1\n2", 1, 9, "--x");
    FAIL("accepted a newline");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
  CHECK(printable("a\nb\x1b[2Jc\x7f") == "a\\nb\\x1b[2Jc\\x7f");
  CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");  // UTF-8 file names stay readable
}
