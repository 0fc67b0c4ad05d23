// Boot argument parsing and address formatting for the network guests (see args.h).
#include "args.h"

#include "console.h"
#include "libc.h"
#include "prom.h"

namespace guest::net {
namespace {

// The key of word w has length n when w[n] == '='.
const char* match(const char* word, const char* key) {
  const unsigned n = static_cast<unsigned>(strlen(key));
  if (strncmp(word, key, n) == 0 && word[n] == '=') return word + n + 1;
  return nullptr;
}

const char* find_eq(const char* s) {
  for (; *s; ++s)
    if (*s == '=') return s;
  return nullptr;
}

}  // namespace

const char* arg_value(const char* key) {
  const PromArgs& a = prom_args();
  const char* v = nullptr;
  for (int i = 0; i < a.argc; ++i)
    if (a.argv[i])
      if (const char* m = match(a.argv[i], key)) v = m;
  return v;
}

bool parse_uint(const char* s, uint32_t* out) {
  if (!s || !*s) return false;
  uint32_t v = 0;
  unsigned base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
    if (!*s) return false;
  }
  for (; *s; ++s) {
    unsigned digit;
    if (*s >= '0' && *s <= '9') digit = static_cast<unsigned>(*s - '0');
    else if (base == 16 && *s >= 'a' && *s <= 'f') digit = static_cast<unsigned>(*s - 'a' + 10);
    else if (base == 16 && *s >= 'A' && *s <= 'F') digit = static_cast<unsigned>(*s - 'A' + 10);
    else return false;
    const uint32_t nv = v * base + digit;
    if (nv / base != v) return false;  // overflow
    v = nv;
  }
  *out = v;
  return true;
}

uint32_t arg_uint(const char* key, uint32_t def, bool* ok) {
  const char* v = arg_value(key);
  if (!v) return def;
  uint32_t n;
  if (!parse_uint(v, &n)) {
    printf("bad boot argument %s=%s (a number is expected)\n", key, v);
    *ok = false;
    return def;
  }
  return n;
}

bool args_all_known(const char* prog, const char* const* known) {
  const PromArgs& a = prom_args();
  bool all = true;
  for (int i = 0; i < a.argc; ++i) {
    const char* w = a.argv[i];
    if (!w) continue;
    const char* eq = find_eq(w);
    if (!eq || eq == w) continue;
    bool found = false;
    for (const char* const* k = known; *k && !found; ++k) found = match(w, *k) != nullptr;
    if (!found) {
      printf("%s: unknown boot argument '%s'\n", prog, w);
      all = false;
    }
  }
  return all;
}

bool parse_ip(const char* s, uint32_t* out) {
  if (!s) return false;
  uint32_t ip = 0;
  for (int part = 0; part < 4; ++part) {
    if (*s < '0' || *s > '9') return false;
    uint32_t v = 0;
    int digits = 0;
    while (*s >= '0' && *s <= '9') {
      v = v * 10 + static_cast<uint32_t>(*s++ - '0');
      if (++digits > 3 || v > 255) return false;
    }
    ip = ip << 8 | v;
    if (part < 3 && *s++ != '.') return false;
  }
  if (*s) return false;
  *out = ip;
  return true;
}

const char* format_ip(char* buf, uint32_t ip) {
  snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
  return buf;
}

const char* format_mac(char* buf, const uint8_t* m) {
  snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
  return buf;
}

}  // namespace guest::net
