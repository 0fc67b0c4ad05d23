// Guest console: the DC7085 (DZ) serial line 3, driven directly by polling, on the
// DECstation 2100/3100 (KN01, DZ at kseg1 0xbc000000) and 5000/200 (KN02, kseg1 0xbfe00000).
// Sources: shared/reference/dz-rtc-prom.md §1 (register map; the polled console
// sequence follows NetBSD sys/arch/pmax/ibus/dz_ibus.c) and gxemul-peer.md.
// The runtime calls console_init() before main(); programs only print.
#pragma once
#include <stdarg.h>
#include <stddef.h>

namespace guest {

// Program the DZ for line 3 at 9600 8N1 on the machine the runtime detected.
void console_init();
// Send one character; '\n' goes out as "\r\n" (the serial terminal convention).
void console_putc(char c);
void console_write(const char* s, size_t n);
// Wait (bounded) until the transmitter has taken the last character, so that nothing is
// lost when the program hands control back to the PROM.
void console_drain();

}  // namespace guest

// The printf family. Conversions: %d %i %u %x %X %o %c %s %p %%, flags '-' '0' ' ' '+',
// a field width (number or '*'), a precision for %s, length modifiers l (32-bit, same as
// int) and ll (64-bit).
extern "C" {
int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* fmt, va_list ap);
int snprintf(char* buf, size_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap);
int putchar(int c);
int puts(const char* s);  // appends '\n', like C's puts
}
