// A small printf for bare-metal guests, writing to the DZ console (console.cpp) or a
// buffer. Conversions: %d %i %u %x %X %o %c %s %p %%; flags '-' '0' ' ' '+'; width (digits
// or '*'); precision for %s; length modifiers h, l (32-bit on o32) and ll (64-bit, divided
// with the runtime's __udivdi3/__umoddi3). Unknown conversions are printed as written.
#include <stdint.h>

#include "console.h"

namespace {

// Where formatted characters go: the console, or a bounded buffer (snprintf).
struct Sink {
  bool console;    // true: the DZ console; false: buf
  char* buf;
  size_t size;     // buffer capacity, including the terminating NUL
  size_t count;    // characters produced so far (what printf returns)

  void put(char c) {
    if (console)
      guest::console_putc(c);
    else if (count + 1 < size)
      buf[count] = c;
    ++count;
  }
  void pad(char c, int n) {
    while (n-- > 0) put(c);
  }
};

struct Spec {
  bool left = false, zero = false, plus = false, space = false;
  int width = 0;
  int precision = -1;
};

void emit_string(Sink& out, const Spec& spec, const char* s) {
  if (!s) s = "(null)";
  int len = 0;
  while (s[len] && (spec.precision < 0 || len < spec.precision)) ++len;
  if (!spec.left) out.pad(' ', spec.width - len);
  for (int i = 0; i < len; ++i) out.put(s[i]);
  if (spec.left) out.pad(' ', spec.width - len);
}

// Digits of v in `base`, least significant first. 64-bit only when the value needs it, so
// plain %d/%u/%x never pay for a 64-bit division.
int to_digits(char* tmp, uint64_t v, unsigned base, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int n = 0;
  while (v >> 32) {
    tmp[n++] = digits[v % base];
    v /= base;
  }
  uint32_t w = static_cast<uint32_t>(v);
  do {
    tmp[n++] = digits[w % base];
    w /= base;
  } while (w);
  return n;
}

void emit_number(Sink& out, const Spec& spec, uint64_t magnitude, bool negative, unsigned base,
                 bool upper, const char* prefix) {
  char tmp[24];
  int n = to_digits(tmp, magnitude, base, upper);
  char sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : 0;
  int prefix_len = 0;
  while (prefix[prefix_len]) ++prefix_len;
  int len = n + (sign ? 1 : 0) + prefix_len;
  int fill = spec.width - len;
  if (!spec.left && !spec.zero) out.pad(' ', fill);
  if (sign) out.put(sign);
  for (int i = 0; i < prefix_len; ++i) out.put(prefix[i]);
  if (!spec.left && spec.zero) out.pad('0', fill);
  while (n) out.put(tmp[--n]);
  if (spec.left) out.pad(' ', fill);
}

void format(Sink& out, const char* fmt, va_list ap) {
  while (char c = *fmt++) {
    if (c != '%') {
      out.put(c);
      continue;
    }
    const char* start = fmt - 1;
    Spec spec;
    for (;; ++fmt) {
      if (*fmt == '-') spec.left = true;
      else if (*fmt == '0') spec.zero = true;
      else if (*fmt == '+') spec.plus = true;
      else if (*fmt == ' ') spec.space = true;
      else break;
    }
    if (*fmt == '*') {
      spec.width = va_arg(ap, int);
      if (spec.width < 0) spec.left = true, spec.width = -spec.width;
      ++fmt;
    } else {
      while (*fmt >= '0' && *fmt <= '9') spec.width = spec.width * 10 + (*fmt++ - '0');
    }
    if (*fmt == '.') {
      ++fmt;
      spec.precision = 0;
      if (*fmt == '*') {
        spec.precision = va_arg(ap, int);
        ++fmt;
      } else {
        while (*fmt >= '0' && *fmt <= '9') spec.precision = spec.precision * 10 + (*fmt++ - '0');
      }
    }
    int longs = 0;
    while (*fmt == 'l' || *fmt == 'h') {
      if (*fmt == 'l') ++longs;
      ++fmt;
    }
    const bool wide = longs >= 2;
    switch (char conv = *fmt ? *fmt++ : 0) {
      case 'd':
      case 'i': {
        int64_t v = wide ? va_arg(ap, long long) : va_arg(ap, int);
        uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        emit_number(out, spec, mag, v < 0, 10, false, "");
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        uint64_t v = wide ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
        unsigned base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
        emit_number(out, spec, v, false, base, conv == 'X', "");
        break;
      }
      case 'p':
        emit_number(out, spec, reinterpret_cast<uintptr_t>(va_arg(ap, void*)), false, 16, false,
                    "0x");
        break;
      case 'c':
        if (!spec.left) out.pad(' ', spec.width - 1);
        out.put(static_cast<char>(va_arg(ap, int)));
        if (spec.left) out.pad(' ', spec.width - 1);
        break;
      case 's':
        emit_string(out, spec, va_arg(ap, const char*));
        break;
      case '%':
        out.put('%');
        break;
      default:  // unknown or truncated: print the directive unchanged
        while (start < fmt) out.put(*start++);
        break;
    }
  }
}

}  // namespace

extern "C" {

int vprintf(const char* fmt, va_list ap) {
  Sink out{true, nullptr, 0, 0};
  format(out, fmt, ap);
  return static_cast<int>(out.count);
}

int printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap) {
  Sink out{false, buf, size, 0};
  format(out, fmt, ap);
  if (size) buf[out.count < size ? out.count : size - 1] = '\0';
  return static_cast<int>(out.count);
}

int snprintf(char* buf, size_t size, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int putchar(int c) {
  guest::console_putc(static_cast<char>(c));
  return static_cast<unsigned char>(c);
}

int puts(const char* s) {
  while (*s) guest::console_putc(*s++);
  guest::console_putc('\n');
  return 0;
}

}  // extern "C"
