// Our DECstation boot ROM: what the old PROM jump table (KN01 and KN02) and the REX
// callback vector (KN02) do, the reset sequence after the caches are sized (start.S), and
// how the ROM reports an exception it catches. Sources: dz-rtc-prom.md §3 (entry points,
// argument conventions, getsysid, getbitmap), decstation-memory-maps.md §4; NetBSD
// sys/arch/pmax/pmax/promcall.c and machdep.c, Linux arch/mips/dec/prom/*.c and
// arch/mips/dec/reset.c (what kernels call early: getenv("osconsole"/"systype"/
// "scsiid0"/"bitmap"/"bitmaplen"), getsysid, getbitmap, printf, getchar, halt, rex('h'/'b'),
// and the jump table's reinit, autoboot and reset at 0xbfc00000); exception report formats
// from real KN01 and REX PROM logs (NetBSD port-pmax mailing list, 1997 and 1999).
//
// Entry points that neither NetBSD, Linux nor a bare-metal guest needs (the protocol
// entries, signal/setjmp/longjmp, ...) print which entry was called and end the run with
// status 1, so that a missing entry is never mistaken for a failed call.
#include "prom.h"

extern "C" {

// ---- console ----
int prom_putchar(int c) {
  putc(char(c));
  return c;
}
int prom_showchar(int c) {
  if (c < ' ' || c == 127) putc('^'), putc(char(c ^ 0x40));
  else putc(char(c));
  return c;
}
int prom_getchar() {
  const int c = getc();
  if (c < 0) halt_run(0);  // console input ended: the guest would wait for ever
  return c;
}
char* prom_gets(char* buf) {
  if (!read_line(buf, 256)) halt_run(0);
  return buf;
}
int prom_puts(const char* s) {
  puts_raw(s);
  putc('\n');
  return 0;
}
int prom_printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = vformat([](char c, void*) { putc(c); }, nullptr, fmt, ap);
  va_end(ap);
  return n;
}
int prom_sprintf(char* buf, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char* p = buf;
  const int n = vformat([](char c, void* ctx) { *(*static_cast<char**>(ctx))++ = c; }, &p, fmt, ap);
  *p = 0;
  va_end(ap);
  return n;
}
int prom_console_init() {
  console_reset();
  return 0;
}

// ---- environment ----
const char* prom_getenv(const char* name) { return name ? env_get(name) : nullptr; }
int prom_setenv(const char* name, const char* value) { return name ? env_set(name, value ? value : "") : -1; }
int prom_unsetenv(const char* name) { return name ? env_unset(name) : -1; }
int prom_printenv(const char* name) {
  env_print(name);
  return 0;
}

// ---- strings and memory ----
void* prom_memcpy(void* d, const void* s, u32 n) {
  mcpy(d, s, n);
  return d;
}
void* prom_memset(void* d, int c, u32 n) {
  mset(d, c, n);
  return d;
}
int prom_zerob(void* d, u32 n) {
  mset(d, 0, n);
  return 0;
}
int prom_strcmp(const char* a, const char* b) { return scmp(a, b); }
int prom_strncmp(const char* a, const char* b, u32 n) { return sncmp(a, b, n); }
u32 prom_strlen(const char* s) { return slen(s); }
char* prom_strcpy(char* d, const char* s) { return scpy(d, s); }
char* prom_strncpy(char* d, const char* s, u32 n) {
  u32 i = 0;
  for (; i < n && s[i]; ++i) d[i] = s[i];
  for (; i < n; ++i) d[i] = 0;
  return d;
}
char* prom_strcat(char* d, const char* s) {
  scpy(d + slen(d), s);
  return d;
}
char* prom_strncat(char* d, const char* s, u32 n) {
  char* p = d + slen(d);
  while (n-- && *s) *p++ = *s++;
  *p = 0;
  return d;
}
long prom_strtol(const char* s, char** end, int base) { return stol(s, end, base); }
int prom_atonum(const char* s) { return int(stol(s, nullptr, 0)); }

// ---- machine ----
u32 prom_getsysid() {
  return (0x82u << 24) | (board() << 16) | (kFirmwareRevision << 8) | 0x00u;
}
int prom_getbitmap(void* map) { return getbitmap(map); }
// TURBOchannel slot n's base (KN02: 8 slots of 4 MiB from 0x1e000000), as a kseg1
// address. Decision: kseg1 (GXemul returns kseg0; what the real PROM returns is
// UNCONFIRMED; Linux strips the segment bits with CPHYSADDR either way).
u32 prom_slot_address(int slot) {
  if (board() != kBoardKn02 || slot < 0 || slot > 7) return 0;
  return 0xa0000000u | (0x1e000000u + u32(slot) * 0x400000u);
}
// TURBOchannel parameters (dz-rtc-prom.md §3.2): 25 MHz = 40 ns, 4 MiB slots; the other
// values are UNCONFIRMED placeholders.
struct TcInfo {
  int revision, clk_period, slot_size, io_timeout, dma_range, max_dma_burst, parity, reserved[4];
};
const TcInfo kTcInfo = {1, 40, 4, 10, 0, 128, 0, {0, 0, 0, 0}};
const TcInfo* prom_gettcinfo() { return &kTcInfo; }
int prom_msdelay(int ms) {
  // About 4 cycles per iteration from ROM; good enough for a PROM delay.
  const u32 per_ms = boot_block()->cpu_hz / 4000;
  for (int i = 0; i < ms; ++i)
    for (u32 k = 0; k < per_ms; ++k) asm volatile("");
  return 0;
}
int prom_zero() { return 0; }  // io_poll, leds, enable/disable/testintr, time
int prom_no_device() { return -1; }  // open/read/write/ioctl/close/lseek, bootinit/bootread: no disk
int prom_exec() {
  printf("?? exec: no boot device (this machine's image is netbooted)\n");
  return -1;
}
int prom_showfault() {
  printf("?? no fault recorded\n");
  return 0;
}
int prom_help() {
  char line[8] = "help";
  return execute_line(line);
}
int prom_execute_cmd(const char* cmd) {
  char line[256];
  u32 i = 0;
  for (; cmd && cmd[i] && i + 1 < sizeof line; ++i) line[i] = cmd[i];
  line[i] = 0;
  return execute_line(line);
}

// ---- leaving the running program ----
void prom_halt() { halt_run(0); }
void prom_reboot() { reboot_and(kAfterBoot, nullptr); }
void prom_rex(int cmd) {
  if (cmd == 'h') halt_run(0);
  if (cmd == 'b') reboot_and(kAfterBoot, nullptr);
  printf("?? rex('%c'): unknown request\n", cmd);
}

// start.S passes which entry point (jump-table index, or 0x100 + REX offset).
void prom_unimplemented(u32 which) {
  if (which >= 0x100) printf("\n?? PROM: REX callback at offset 0x%02x is not implemented\n", which - 0x100);
  else printf("\n?? PROM: jump table entry %u (0x%08x) is not implemented\n", which, 0xbfc00000u + 8 * which);
  halt_run(1);
}

namespace {
const char* const kExcNames[16] = {"Int", "MOD", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
                                   "Sys", "Bp",  "RI",   "CpU",  "Ov",   "13",   "14",   "15"};
}

// An exception while the ROM's vectors are in force (the ROM's own with BEV set, or a
// kernel's through the RAM vectors before it installed its own): report it the way the
// board's PROM does, end the run with status 1.
void prom_exception(u32 cause, u32 utlb, u32 epc, u32 badvaddr, u32 status, u32 sp) {
  const char* exc = kExcNames[(cause >> 2) & 15];
  const u32 ce = (cause >> 28) & 3;
  const char* bd = (cause & 0x80000000u) ? "BD, " : "";
  if (board() == kBoardKn02) {
    printf("\n???\n? PC: 0x%08x<vtr=%s>\n? CR: 0x%08x<%sCE=%u,EXC=%s>\n? SR: 0x%08x\n? VA: 0x%08x\n", epc,
           utlb ? "UTLB" : "NRML", cause, bd, ce, exc, status, badvaddr);
  } else {
    printf("\nEXCEPTION <vector=%s>\nException pc: 0x%08x\nCause register: 0x%08x <%sCE=%u, EXC=%s>\n"
           "Status register: 0x%08x\nBad address: 0x%08x\nSp register: %08x\n",
           utlb ? "UTLB" : "NORMAL", epc, cause, bd, ce, exc, status, badvaddr, sp);
  }
  halt_run(1);
}

// C++ part of the reset path (start.S has set BEV, sized and flushed the caches).
void prom_main(u32 icache, u32 dcache) {
  mcpy(boot_block(), rom_block(), sizeof(BootBlock));
  PromState* st = state();
  const bool warm = st->magic == kStateMagic;
  console_reset();
  st->recover = 0;
  st->icache_size = icache;
  st->dcache_size = dcache;
  if (boot_block()->magic != BOOT_BLOCK_MAGIC || boot_block()->version != BOOT_BLOCK_VERSION) {
    emu_halt(1);  // not started by our emulator: no board to talk to (README "Boot protocol")
  }
  if (warm) {
    // Software jumped to the reset vector (Linux halts and restarts this way): a DEC PROM
    // reinitialises and then autoboots only when `bootmode` is "a".
    const char* mode = env_get("bootmode");
    if (mode && mode[0] == 'a') reboot_and(kAfterBoot, nullptr);
    monitor();
  }
  st->magic = kStateMagic;
  st->kernel_started = 0;
  st->input_ended = 0;
  st->mem_bytes = size_memory();
  env_init_if_invalid();
  build_bitmap(st->mem_bytes);
  switch (env_after_reset()) {
    case kAfterBoot: {
      const char* pending = env_pending_boot();
      if (!pending[0]) boot_default();
      char line[256];
      scpy(line, pending);
      execute_line(line);
      monitor();  // the boot command failed: it said why
    }
    case kAfterPrompt: monitor();
    default: break;
  }
  if (boot_block()->kernel_entry && !(boot_block()->flags & BOOT_FLAG_PROMPT)) boot_default();
  monitor();
}

}  // extern "C"
