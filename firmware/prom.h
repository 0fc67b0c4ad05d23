// Internal interface of our boot ROM's C++ parts (console.cpp, env.cpp, memory.cpp,
// monitor.cpp, prom.cpp) and the assembly helpers in start.S. The ROM has no .data or
// .bss (it runs from ROM): everything it remembers lives in the RAM described in layout.h.
// Sources for what each part models are named in the part's own file.
#pragma once
#include "boot_block.h"
#include "layout.h"

typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef __builtin_va_list va_list;
#define va_start(v, l) __builtin_va_start(v, l)
#define va_arg(v, t) __builtin_va_arg(v, t)
#define va_end(v) __builtin_va_end(v)

constexpr u32 kRexMagic = 0x30464354;  // "TCF0" (dz-rtc-prom.md §3.2)
constexpr u32 kBoardKn01 = 1, kBoardKn02 = 2;
constexpr u32 kFirmwareRevision = 1;  // getsysid bits 15:8 (our own numbering)

// ---- assembly helpers (start.S) ----
extern "C" {
void emu_halt(int status) __attribute__((noreturn));
// kEmuReboot: the emulator power-cycles the machine (RAM cleared except the environment
// page, devices reset, the netbooted image loaded again) and the CPU starts at the reset
// vector. On a real DECstation the op is a no-op and the ROM jumps to its reset code.
void emu_reboot() __attribute__((noreturn));
// kEmuInputEnded: the emulator stores 1 at *flag when the console's input has ended
// (stdin at end of file, or no input attached). On hardware nothing is stored.
void emu_input_ended(volatile u32* flag);
void wbflush();
void start_kernel(int argc, u32 argv, u32 a2, u32 a3, u32 entry) __attribute__((noreturn));
// Read the word at addr with bus errors trapped: 1 if something answered, 0 on a bus error.
int prom_probe_read(u32 addr);
void prom_flushcache();
void prom_clearcache(u32 addr, u32 len);
extern const u32 rex_callbacks[];
}

// ---- ROM state (PROM_STATE) ----
constexpr u32 kStateMagic = 0x4d4f5250;  // "PROM": the ROM has run since power-on
struct PromState {
  u32 recover;         // PROM_STATE_RECOVER: start.S's bus-error recovery address
  u32 magic;           // kStateMagic
  u32 console_ready;
  u32 icache_size, dcache_size;
  u32 mem_bytes;       // found by memory sizing
  u32 bitmap_bytes;    // bytes of the bitmap that cover mem_bytes
  u32 kernel_started;  // the netbooted image has run: its .data/.bss are no longer fresh
  u32 input_ended;     // written by the emulator (emu_input_ended)
};
inline PromState* state() { return reinterpret_cast<PromState*>(PROM_STATE); }
inline const BootBlock* rom_block() { return reinterpret_cast<const BootBlock*>(0xbfc00000u + BOOT_BLOCK_ROM_OFFSET); }
inline BootBlock* boot_block() { return reinterpret_cast<BootBlock*>(BOOT_BLOCK_RAM_COPY); }
inline u32 board() { return boot_block()->board; }

// ---- console on the DC7085, line 3 (console.cpp) ----
void console_reset();  // forget the DZ set-up: the next access programs it again
void putc(char c);     // '\n' goes out as CR LF
int getc();            // next character, or -1 when the console's input has ended
void console_drain();  // wait (bounded) until the last character has left
void puts_raw(const char* s);
int vformat(void (*out)(char, void*), void* ctx, const char* fmt, va_list ap);
int printf(const char* fmt, ...);
int sprintf(char* buf, const char* fmt, ...);
[[noreturn]] void halt_run(int status);  // drain the console, end the run

// ---- tiny libc (console.cpp) ----
u32 slen(const char* s);
int scmp(const char* a, const char* b);
int sncmp(const char* a, const char* b, u32 n);
char* scpy(char* d, const char* s);
void mcpy(void* d, const void* s, u32 n);
void mset(void* d, int c, u32 n);
long stol(const char* s, char** end, int base);

// ---- environment (env.cpp): the ROM's NVRAM stand-in at PROM_NVRAM ----
constexpr u32 kAfterNothing = 0, kAfterBoot = 1, kAfterPrompt = 2;
void env_init_if_invalid();  // keep a valid (rebooted) environment, else start from the boot block
const char* env_get(const char* name);
int env_set(const char* name, const char* value);
int env_unset(const char* name);
void env_print(const char* name);  // one variable, or all when name is null
u32 env_build_envp(u32* envp, u32 max, char* strings, u32 space);  // "name=value" list
// What the ROM does after the next reset (kept across emu_reboot with the environment).
u32 env_after_reset();
void env_set_after_reset(u32 what, const char* boot_line);
const char* env_pending_boot();

// ---- memory (memory.cpp) ----
u32 size_memory();     // bytes, in the board's module steps
void build_bitmap(u32 mem_bytes);
int getbitmap(void* map);

// ---- monitor and boot (monitor.cpp) ----
[[noreturn]] void monitor();
int execute_line(char* line);
bool read_line(char* buf, u32 size);  // echo and editing; false when the input has ended    // one command line; also REX execute_cmd
[[noreturn]] void boot_default();  // the netboot the emulator was asked for (autoboot)
[[noreturn]] void reboot_and(u32 what, const char* boot_line);
