// Our DECstation boot ROM, C++ part: console on the DC7085 (line 3), the old PROM jump-table
// functions (KN01 and KN02) and the REX callback vector (KN02), and starting the kernel
// with the arguments a DEC PROM passes. Sources: reference dz-rtc-prom.md §1.7 (polled
// console), §3 (PROM interfaces), decstation-memory-maps.md §4.
//
// The ROM keeps no .data/.bss: what it needs to remember lives in RAM it owns, physical
// 0x10000-0x2ffff (boot block copy at 0x10000, state at 0x18000, stack below 0x30000);
// kernels are linked at 0x80030000 or above, as NetBSD's and Linux's are.
#include "boot_block.h"

typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef __builtin_va_list va_list;
#define va_start(v, l) __builtin_va_start(v, l)
#define va_arg(v, t) __builtin_va_arg(v, t)
#define va_end(v) __builtin_va_end(v)

extern "C" {
void emu_halt(int status) __attribute__((noreturn));
void wbflush();
void start_kernel(int argc, u32 argv, u32 a2, u32 a3, u32 entry) __attribute__((noreturn));
}

namespace {

constexpr u32 kRexMagic = 0x30464354;  // "TCF0"
constexpr u32 kBoardKn01 = 1, kBoardKn02 = 2;

const BootBlock* rom_block() { return reinterpret_cast<const BootBlock*>(0xbfc00000u + BOOT_BLOCK_ROM_OFFSET); }
BootBlock* ram_block() { return reinterpret_cast<BootBlock*>(BOOT_BLOCK_RAM_COPY); }

struct PromState {
  u32 console_ready;
  u32 icache_size, dcache_size;
  u32 memory_bitmap_len;
};
PromState* state() { return reinterpret_cast<PromState*>(0xa0018000u); }

// ---- DC7085 polled console, line 3 ----
enum : u32 { kCsr = 0x00, kLpr = 0x08, kRbuf = 0x08, kTcr = 0x10, kTdr = 0x18 };
enum : u16 { kTrdy = 0x8000, kRdone = 0x0080, kMse = 0x0020 };
volatile u16* dz(u32 reg) {
  u32 base = ram_block()->board == kBoardKn02 ? 0xbfe00000u : 0xbc000000u;
  return reinterpret_cast<volatile u16*>(base + reg);
}
void console_init() {
  *dz(kCsr) = 0;
  *dz(kTcr) = 1u << 3;
  *dz(kLpr) = 0x1e1b;  // RXENAB, 9600, 8 bits, line 3
  *dz(kCsr) = kMse;
  wbflush();
  state()->console_ready = 1;
}
void putc_raw(char c) {
  if (!state()->console_ready) console_init();
  for (;;) {
    u16 csr = *dz(kCsr);
    if ((csr & kTrdy) && ((csr >> 8) & 3) == 3) break;
  }
  *dz(kTdr) = u8(c);
  wbflush();
}
void putc(char c) {
  if (c == '\n') putc_raw('\r');
  putc_raw(c);
}
int getc() {
  if (!state()->console_ready) console_init();
  for (;;) {
    if (*dz(kCsr) & kRdone) {
      u16 r = *dz(kRbuf);
      if ((r & 0x8000) && ((r >> 8) & 3) == 3) return r & 0xff;
    }
  }
}

// ---- tiny libc ----
u32 slen(const char* s) {
  u32 n = 0;
  while (s[n]) ++n;
  return n;
}
int scmp(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return u8(*a) - u8(*b);
}
void putnum(u32 v, unsigned base, bool neg, int width, char pad, bool upper) {
  char buf[12];
  int n = 0;
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    buf[n++] = digits[v % base];
    v /= base;
  } while (v);
  if (neg) buf[n++] = '-';
  while (n < width) { putc(pad); --width; }
  while (n) putc(buf[--n]);
}
void vformat(const char* f, va_list ap) {
  for (; *f; ++f) {
    if (*f != '%') { putc(*f); continue; }
    ++f;
    char pad = ' ';
    int width = 0;
    if (*f == '0') pad = '0', ++f;
    while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
    while (*f == 'l') ++f;
    switch (*f) {
      case 'd': { int v = va_arg(ap, int); putnum(v < 0 ? u32(-v) : u32(v), 10, v < 0, width, pad, false); break; }
      case 'u': putnum(va_arg(ap, u32), 10, false, width, pad, false); break;
      case 'x': putnum(va_arg(ap, u32), 16, false, width, pad, false); break;
      case 'X': putnum(va_arg(ap, u32), 16, false, width, pad, true); break;
      case 'c': putc(char(va_arg(ap, int))); break;
      case 's': { const char* s = va_arg(ap, const char*); if (!s) s = "(null)"; while (*s) putc(*s++); break; }
      case '%': putc('%'); break;
      case 0: return;
      default: putc('%'); putc(*f); break;
    }
  }
}

const char* env_lookup(const char* name) {
  const BootBlock* b = ram_block();
  u32 n = slen(name);
  for (u32 i = 0; i < b->envc && i < BOOT_BLOCK_MAX_ENV; ++i) {
    const char* e = reinterpret_cast<const char*>(b->envp[i]);
    u32 k = 0;
    while (k < n && e[k] == name[k]) ++k;
    if (k == n && e[k] == '=') return e + n + 1;
  }
  return nullptr;
}

}  // namespace

extern "C" {

int prom_putchar(int c) { putc(char(c)); return c; }
int prom_getchar() { return getc(); }
int prom_puts(const char* s) { while (*s) putc(*s++); putc('\n'); return 0; }
char* prom_gets(char* buf) {
  char* p = buf;
  for (;;) {
    int c = getc();
    if (c == '\r' || c == '\n') { putc('\n'); *p = 0; return buf; }
    if ((c == 8 || c == 127) && p > buf) { --p; putc('\b'); putc(' '); putc('\b'); continue; }
    if (p - buf < 255) { *p++ = char(c); putc(char(c)); }
  }
}
int prom_printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vformat(fmt, ap);
  va_end(ap);
  return 0;
}
const char* prom_getenv(const char* name) { return env_lookup(name); }
int prom_setenv(const char*, const char*) { return 0; }
int prom_unsetenv(const char*) { return 0; }
int prom_printenv() {
  const BootBlock* b = ram_block();
  for (u32 i = 0; i < b->envc && i < BOOT_BLOCK_MAX_ENV; ++i) prom_printf("%s\n", reinterpret_cast<const char*>(b->envp[i]));
  return 0;
}
int prom_strcmp(const char* a, const char* b) { return scmp(a, b); }
u32 prom_strlen(const char* s) { return slen(s); }
char* prom_strcpy(char* d, const char* s) { char* r = d; while ((*d++ = *s++)) {} return r; }
char* prom_strcat(char* d, const char* s) { prom_strcpy(d + slen(d), s); return d; }
int prom_atonum(const char* s) {
  int v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return v;
}
void prom_restart() { emu_halt(0); }
void prom_reinit() { emu_halt(0); }
void prom_autoboot() { emu_halt(0); }
void prom_reboot() { emu_halt(0); }
int prom_unimplemented() { return -1; }
int prom_exec() { return -1; }
int prom_open(const char*, int) { return -1; }
int prom_read(int, void*, int) { return -1; }
int prom_write(int, const void*, int) { return -1; }
int prom_ioctl(int, int, int) { return -1; }
int prom_close(int) { return -1; }
int prom_lseek(int, int, int) { return -1; }
int prom_flushcache() { return 0; }
int prom_clearcache(u32, u32) { return 0; }

void prom_exception(u32 cause, u32 utlb, u32 epc, u32 badvaddr) {
  prom_printf("\n?? exception %s: cause 0x%08x epc 0x%08x badvaddr 0x%08x\n", utlb ? "(UTLB miss)" : "", cause, epc,
              badvaddr);
  emu_halt(1);
}

u32 prom_getsysid() { return (0x82u << 24) | (ram_block()->board << 16) | (0x01u << 8) | 0x00u; }

void prom_main(u32 icache, u32 dcache) {
  // Copy the boot block to the PROM's RAM so argv/environment are ordinary RAM strings.
  const u32* src = reinterpret_cast<const u32*>(rom_block());
  u32* dst = reinterpret_cast<u32*>(ram_block());
  for (u32 i = 0; i < sizeof(BootBlock) / 4; ++i) dst[i] = src[i];
  state()->console_ready = 0;
  state()->icache_size = icache;
  state()->dcache_size = dcache;
  const BootBlock* b = ram_block();
  if (b->magic != BOOT_BLOCK_MAGIC) {
    prom_printf("?? boot block missing\n");
    emu_halt(1);
  }
  if (b->kernel_entry) {
    u32 a2 = 0, a3 = 0;
    if (b->board == kBoardKn02) {
      extern const u32 rex_callbacks[];
      a2 = kRexMagic;
      a3 = reinterpret_cast<u32>(rex_callbacks);
    }
    start_kernel(int(b->argc), reinterpret_cast<u32>(&b->argv[0]), a2, a3, b->kernel_entry);
  }
  prom_printf("\nDECstation boot ROM (emulator) — no kernel given; use --kernel\n");
  prom_printf("caches: I %u KiB, D %u KiB; memory %u MiB\n", icache / 1024, dcache / 1024, b->ram_bytes >> 20);
  emu_halt(0);
}

}  // extern "C"

extern "C" {
void* prom_memcpy(void* d, const void* s, u32 n) {
  u8* dp = static_cast<u8*>(d);
  const u8* sp = static_cast<const u8*>(s);
  while (n--) *dp++ = *sp++;
  return d;
}
void* prom_memset(void* d, int c, u32 n) {
  u8* dp = static_cast<u8*>(d);
  while (n--) *dp++ = u8(c);
  return d;
}
// rex('h') halts to the monitor, rex('b') reboots: both end an emulated run.
void prom_rex(int cmd) { emu_halt(0); (void)cmd; }
}
