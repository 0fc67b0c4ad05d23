// The PROM environment: the variables getenv/setenv/unsetenv/printenv see (old jump table
// entries 33, 34, 45-47; REX callbacks 0x60-0x68; the monitor's setenv/printenv commands).
// Real DEC PROMs keep their variables in battery-backed NVRAM, so they survive a reset
// (dz-rtc-prom.md §2.3). Ours live in one RAM page (PROM_NVRAM) that the emulator copies
// across a reboot (emu/machine/machine.cpp Machine::reboot): the same lifetime, without
// squeezing them into the clock chip's 50 bytes. At power-on the page is empty and is
// filled from the variables the emulator put in the boot block (emu/machine/boot.cpp).
// The page also holds what the ROM should do after a reboot it asked for (boot or prompt).
#include "prom.h"

namespace {

constexpr u32 kNvramMagic = 0x564e4550;  // "PENV"
constexpr u32 kSlotSize = 128;           // "name=value\0"
constexpr u32 kSlots = 29;

struct Nvram {
  u32 magic;
  u32 after_reset;  // kAfter*
  char pending_boot[256];
  char slot[kSlots][kSlotSize];
};
static_assert(sizeof(Nvram) <= PROM_NVRAM_SIZE);

Nvram* nv() { return reinterpret_cast<Nvram*>(PROM_NVRAM); }

// The slot holding `name`, or null. A name ends at '=' in the slot.
char* find(const char* name) {
  const u32 n = slen(name);
  if (n == 0) return nullptr;
  for (u32 i = 0; i < kSlots; ++i) {
    char* s = nv()->slot[i];
    if (s[0] && sncmp(s, name, n) == 0 && s[n] == '=') return s;
  }
  return nullptr;
}

}  // namespace

void env_init_if_invalid() {
  if (nv()->magic == kNvramMagic) return;
  mset(nv(), 0, sizeof(Nvram));
  nv()->magic = kNvramMagic;
  const BootBlock* b = boot_block();
  for (u32 i = 0; i < b->envc && i < BOOT_BLOCK_MAX_ENV; ++i) {
    char name[kSlotSize];
    const char* e = reinterpret_cast<const char*>(b->envp[i]);
    u32 k = 0;
    while (e[k] && e[k] != '=' && k + 1 < kSlotSize) name[k] = e[k], ++k;
    name[k] = 0;
    env_set(name, e[k] == '=' ? e + k + 1 : "");
  }
}

const char* env_get(const char* name) {
  const char* s = find(name);
  return s ? s + slen(name) + 1 : nullptr;
}

int env_set(const char* name, const char* value) {
  const u32 n = slen(name);
  if (n == 0 || n + 1 + slen(value) + 1 > kSlotSize) return -1;
  for (u32 k = 0; k < n; ++k)
    if (name[k] == '=' || name[k] == ' ') return -1;
  char* s = find(name);
  for (u32 i = 0; !s && i < kSlots; ++i)
    if (!nv()->slot[i][0]) s = nv()->slot[i];
  if (!s) return -1;  // environment full
  scpy(s, name);
  s[n] = '=';
  scpy(s + n + 1, value);
  return 0;
}

int env_unset(const char* name) {
  char* s = find(name);
  if (!s) return -1;
  s[0] = 0;
  return 0;
}

void env_print(const char* name) {
  for (u32 i = 0; i < kSlots; ++i) {
    const char* s = nv()->slot[i];
    if (!s[0]) continue;
    if (name) {
      const u32 n = slen(name);
      if (sncmp(s, name, n) != 0 || s[n] != '=') continue;
    }
    printf("%s\n", s);
  }
}

u32 env_build_envp(u32* envp, u32 max, char* strings, u32 space) {
  u32 n = 0, used = 0;
  for (u32 i = 0; i < kSlots && n + 1 < max; ++i) {
    const char* s = nv()->slot[i];
    const u32 len = slen(s);
    if (!len || used + len + 1 > space) continue;
    scpy(strings + used, s);
    envp[n++] = reinterpret_cast<u32>(strings + used);
    used += len + 1;
  }
  envp[n] = 0;
  return n;
}

u32 env_after_reset() {
  const u32 what = nv()->after_reset;
  nv()->after_reset = kAfterNothing;
  return what;
}

void env_set_after_reset(u32 what, const char* boot_line) {
  nv()->after_reset = what;
  nv()->pending_boot[0] = 0;
  if (boot_line && slen(boot_line) < sizeof(nv()->pending_boot)) scpy(nv()->pending_boot, boot_line);
}

const char* env_pending_boot() { return nv()->pending_boot; }
