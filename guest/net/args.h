// Boot arguments of the form key=value for the network guests, and small text helpers.
//
// The PROM passes the words typed after `boot` (emu --append) in argv after the boot path
// (KN01: argv = {tftp()FILE, words...}; KN02: {boot, 6/tftp/FILE, words...}; README "Boot
// protocol"). Every word containing '=' is an argument; other words are ignored, so the
// programs also accept PROM flags such as -s.
#pragma once
#include <stdint.h>

namespace guest::net {

// The value of `key`, or nullptr. The last occurrence wins.
const char* arg_value(const char* key);
// Numeric argument: decimal or 0x-hex. Missing: `def`. Malformed: prints a line naming
// it, sets *ok = false and returns `def`.
uint32_t arg_uint(const char* key, uint32_t def, bool* ok);
// Every key=value word's key must be in `known` (nullptr-terminated); prints a line for
// each one that is not and returns false then.
bool args_all_known(const char* prog, const char* const* known);

bool parse_uint(const char* s, uint32_t* out);
// Dotted quad a.b.c.d into a host-order value a << 24 | b << 16 | c << 8 | d.
bool parse_ip(const char* s, uint32_t* out);
// "a.b.c.d" (buf: 16 bytes), "xx:xx:xx:xx:xx:xx" (buf: 18 bytes).
const char* format_ip(char* buf, uint32_t ip);
const char* format_mac(char* buf, const uint8_t* mac);

}  // namespace guest::net
