// Boot ROM console and the little C library it needs: the polled DC7085 console on line 3
// (9600 8N1) and a printf that understands what DEC PROM callers pass it.
// Sources: dz-rtc-prom.md §1.4 (LPR 0x1e1b = RXENAB, 9600, 8 bits, line 3), §1.7 (NetBSD
// dz_ibus.c polled sequence: CSR 0, TCR line enable, CSR MSE, LPR; wait TRDY with TLINE =
// line; RBUF DVAL and line number), §1.1 (KN01 DZ at 0x1c000000, KN02 at 0x1fe00000).
// No Debian libc or libgcc: they contain MIPS32 instructions (README "Writing a guest").
#include "prom.h"

namespace {

enum : u32 { kCsr = 0x00, kRbuf = 0x08, kLpr = 0x08, kTcr = 0x10, kTdr = 0x18 };
enum : u16 { kTrdy = 0x8000, kRdone = 0x0080, kMse = 0x0020, kDval = 0x8000 };
constexpr u32 kLine = 3;
// LPR: 9600 baud, 8 bits, line 3, with and without RXENAB. The receiver is on only while
// the ROM waits for a character, so that console input (a script on stdin) is taken one
// character at a time as the ROM asks for it and none is read ahead into the silo, where a
// reset would lose it (emu's DZ polls its input only for enabled receivers).
constexpr u16 kLprReceiverOn = 0x1e1b, kLprReceiverOff = 0x0e1b;

volatile u16* dz(u32 reg) {
  const u32 base = board() == kBoardKn02 ? 0xbfe00000u : 0xbc000000u;
  return reinterpret_cast<volatile u16*>(base + reg);
}

void console_init() {
  *dz(kCsr) = 0;
  *dz(kTcr) = 1u << kLine;  // only our transmitter: the scanner never stops on another line
  *dz(kCsr) = kMse;
  *dz(kLpr) = kLprReceiverOff;
  wbflush();
  state()->console_ready = 1;
}

bool tx_ready(u16 csr) { return (csr & kTrdy) && ((csr >> 8) & 3) == kLine; }

void putc_raw(char c) {
  if (!state()->console_ready) console_init();
  while (!tx_ready(*dz(kCsr))) {
  }
  *dz(kTdr) = u8(c);
  wbflush();
}

}  // namespace

void console_reset() { state()->console_ready = 0; }

void putc(char c) {
  if (c == '\n') putc_raw('\r');
  putc_raw(c);
}

void puts_raw(const char* s) {
  while (*s) putc(*s++);
}

int getc() {
  if (!state()->console_ready) console_init();
  bool listening = false;
  for (;;) {
    if (*dz(kCsr) & kRdone) {
      const u16 r = *dz(kRbuf);
      if ((r & kDval) && ((r >> 8) & 3) == kLine) {
        if (listening) *dz(kLpr) = kLprReceiverOff;
        return r & 0xff;
      }
      continue;
    }
    if (!listening) {
      *dz(kLpr) = kLprReceiverOn;
      wbflush();
      listening = true;
      continue;
    }
    // Nothing there: ask the emulator whether more can ever come (a no-op on hardware,
    // where the ROM waits for a key as a DEC PROM does).
    emu_input_ended(&state()->input_ended);
    if (state()->input_ended) return -1;
  }
}

void console_drain() {
  if (!state()->console_ready) return;
  // One character at 9600 baud is ~26,000 cycles at 25 MHz; each poll takes several.
  for (u32 i = 0; i < 100000; ++i)
    if (tx_ready(*dz(kCsr))) return;
}

void halt_run(int status) {
  console_drain();
  emu_halt(status);
}

// ---- formatting: %d %i %u %x %X %o %c %s %p %%, flags - 0, width (or *), l/ll ignored ----
namespace {

void emit_num(void (*out)(char, void*), void* ctx, int& n, u32 v, unsigned base, bool neg, int width, bool zero,
              bool left, bool upper) {
  char buf[12];
  int k = 0;
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    // Division by a constant base: GCC uses multiply/shift, no libgcc call.
    u32 q = base == 16 ? v >> 4 : base == 8 ? v >> 3 : v / 10;
    buf[k++] = digits[v - q * base];
    v = q;
  } while (v);
  int len = k + (neg ? 1 : 0);
  if (!left && !zero)
    for (; len < width; --width) out(' ', ctx), ++n;
  if (neg) out('-', ctx), ++n;
  if (!left && zero)
    for (; len < width; --width) out('0', ctx), ++n;
  while (k) out(buf[--k], ctx), ++n;
  if (left)
    for (; len < width; --width) out(' ', ctx), ++n;
}

void out_console(char c, void*) { putc(c); }
void out_buffer(char c, void* ctx) {
  char** p = static_cast<char**>(ctx);
  *(*p)++ = c;
}

}  // namespace

int vformat(void (*out)(char, void*), void* ctx, const char* f, va_list ap) {
  int n = 0;
  for (; *f; ++f) {
    if (*f != '%') {
      out(*f, ctx), ++n;
      continue;
    }
    ++f;
    bool zero = false, left = false;
    for (;; ++f) {
      if (*f == '0') zero = true;
      else if (*f == '-') left = true;
      else if (*f != ' ' && *f != '+' && *f != '#') break;
    }
    int width = 0;
    if (*f == '*') width = va_arg(ap, int), ++f;
    while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
    if (*f == '.') {  // precision: accepted and ignored
      ++f;
      while ((*f >= '0' && *f <= '9') || *f == '*') ++f;
    }
    while (*f == 'l' || *f == 'h') ++f;
    switch (*f) {
      case 'd':
      case 'i': {
        const int v = va_arg(ap, int);
        emit_num(out, ctx, n, v < 0 ? 0u - u32(v) : u32(v), 10, v < 0, width, zero, left, false);
        break;
      }
      case 'u': emit_num(out, ctx, n, va_arg(ap, u32), 10, false, width, zero, left, false); break;
      case 'x': emit_num(out, ctx, n, va_arg(ap, u32), 16, false, width, zero, left, false); break;
      case 'X': emit_num(out, ctx, n, va_arg(ap, u32), 16, false, width, zero, left, true); break;
      case 'o': emit_num(out, ctx, n, va_arg(ap, u32), 8, false, width, zero, left, false); break;
      case 'p': emit_num(out, ctx, n, va_arg(ap, u32), 16, false, 8, true, false, false); break;
      case 'c': out(char(va_arg(ap, int)), ctx), ++n; break;
      case 's': {
        const char* s = va_arg(ap, const char*);
        if (!s) s = "(null)";
        int len = int(slen(s));
        if (!left)
          for (; len < width; --width) out(' ', ctx), ++n;
        while (*s) out(*s++, ctx), ++n;
        if (left)
          for (; len < width; --width) out(' ', ctx), ++n;
        break;
      }
      case '%': out('%', ctx), ++n; break;
      case 0: return n;
      default: out('%', ctx), out(*f, ctx), n += 2; break;
    }
  }
  return n;
}

int printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = vformat(out_console, nullptr, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char* buf, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char* p = buf;
  const int n = vformat(out_buffer, &p, fmt, ap);
  *p = 0;
  va_end(ap);
  return n;
}

// ---- strings and memory ----
u32 slen(const char* s) {
  u32 n = 0;
  while (s[n]) ++n;
  return n;
}
int scmp(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return int(u8(*a)) - int(u8(*b));
}
int sncmp(const char* a, const char* b, u32 n) {
  for (; n; --n, ++a, ++b) {
    if (*a != *b || !*a) return int(u8(*a)) - int(u8(*b));
  }
  return 0;
}
char* scpy(char* d, const char* s) {
  char* r = d;
  while ((*d++ = *s++)) {
  }
  return r;
}
void mcpy(void* d, const void* s, u32 n) {
  u8* dp = static_cast<u8*>(d);
  const u8* sp = static_cast<const u8*>(s);
  while (n--) *dp++ = *sp++;
}
void mset(void* d, int c, u32 n) {
  u8* dp = static_cast<u8*>(d);
  while (n--) *dp++ = u8(c);
}
long stol(const char* s, char** end, int base) {
  while (*s == ' ' || *s == '\t') ++s;
  bool neg = false;
  if (*s == '-' || *s == '+') neg = *s++ == '-';
  if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2, base = 16;
  else if (base == 0 && s[0] == '0') base = 8;
  else if (base == 0) base = 10;
  u32 v = 0;
  for (;; ++s) {
    int d;
    if (*s >= '0' && *s <= '9') d = *s - '0';
    else if (*s >= 'a' && *s <= 'z') d = *s - 'a' + 10;
    else if (*s >= 'A' && *s <= 'Z') d = *s - 'A' + 10;
    else break;
    if (d >= base) break;
    v = v * u32(base) + u32(d);  // constant-free multiply: mult, no libgcc
  }
  if (end) *end = const_cast<char*>(s);
  return neg ? -long(v) : long(v);
}

// GCC may emit calls to these for struct copies and initialisers.
extern "C" void* memcpy(void* d, const void* s, unsigned n) {
  mcpy(d, s, n);
  return d;
}
extern "C" void* memset(void* d, int c, unsigned n) {
  mset(d, c, n);
  return d;
}
