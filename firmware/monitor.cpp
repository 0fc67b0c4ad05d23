// The console monitor (the `>>` prompt) and starting the kernel.
//
// Prompt and commands follow the DEC PROMs: KN01 V7.0 shows ">> " and lists
// `boot [-f FILE] [-n] [ARG...]`, `help [CMD]`, `? [CMD]`, `init`, `printenv [EVAR...]`,
// `setenv EVAR STR`, `unsetenv EVAR`, `auto` (a real DECstation 3100's `help`, from
// vanade.com/~blc/DS3100/bootrom.html); the REX PROM of the 5000 series prompts ">>" and
// boots with `boot SLOT/DEVICE/FILE [ARG...]`, e.g. `boot 6/tftp` (NetBSD port-pmax and
// linux-mips mailing-list logs; decstation-memory-maps.md §4). We implement the everyday
// subset. The wording of errors (unknown command, failed network boot) and of the REX
// help lines is UNCONFIRMED: ours is modelled on the "?"-prefixed style of DEC's messages.
//
// Arguments to the kernel (dz-rtc-prom.md §3.2, decstation-memory-maps.md §4):
//   KN01: a0 = argc, a1 = argv with argv[0] = the boot file spec ("tftp()vmunix"), then the
//         arguments; a2 = the environment (envp: "name=value" strings, null-terminated),
//         as the MIPS-derived PROM's `boot` passes it ("The current environment will be
//         passed to the program as ... the third parameter", UMIPS boot(1spp)); a3 = 0.
//   KN02: a0 = argc, a1 = argv {"boot", "6/tftp/FILE", ARG...}, a2 = REX magic,
//         a3 = callback vector.
// The netbooted image is what the emulator loaded (--kernel); once it has run its .data and
// .bss are stale, so booting again power-cycles the machine first (emu_reboot) and the ROM
// then runs the same boot command on the fresh image.
#include "prom.h"

namespace {

constexpr u32 kMaxArgs = 16;

struct BootArgs {
  u32 argv[BOOT_BLOCK_MAX_ARGS + 1];
  u32 envp[32];
  char strings[2048];
  char env_strings[1024];
  char line[256];
};
static_assert(sizeof(BootArgs) <= 0x1000);
BootArgs* args() { return reinterpret_cast<BootArgs*>(PROM_ARGS); }

bool kn02() { return board() == kBoardKn02; }

// The kernel starts with BEV clear (start.S), so its first exceptions go through RAM. Until
// it installs its own vectors, ours pass them on to the ROM's handlers at 0xbfc00100/0180
// (a fault is then reported as before; Linux's KN01 memory probe replaces the general one
// with its own, arch/mips/dec/prom/memory.c). Each vector: lui k0,0xbfc0; ori k0,k0,OFF;
// jr k0; nop. Written uncached; the reset path left no I-cache line of these addresses.
void install_ram_vectors() {
  if (boot_block()->flags & BOOT_FLAG_IMAGE_VECTORS) return;  // the image brought its own
  const u32 vectors[2][2] = {{0xa0000000u, 0x0100}, {0xa0000080u, 0x0180}};
  for (const auto& v : vectors) {
    volatile u32* w = reinterpret_cast<volatile u32*>(v[0]);
    w[0] = 0x3c1abfc0u;         // lui  k0, 0xbfc0
    w[1] = 0x375a0000u | v[1];  // ori  k0, k0, OFF
    w[2] = 0x03400008u;         // jr   k0
    w[3] = 0;                   // nop
  }
  wbflush();
}

[[noreturn]] void start(u32 argc, const char* const* argv) {
  BootArgs* a = args();
  u32 used = 0;
  if (argc > BOOT_BLOCK_MAX_ARGS) argc = BOOT_BLOCK_MAX_ARGS;
  for (u32 i = 0; i < argc; ++i) {
    const u32 len = slen(argv[i]);
    if (used + len + 1 > sizeof a->strings) {
      argc = i;
      break;
    }
    scpy(a->strings + used, argv[i]);
    a->argv[i] = reinterpret_cast<u32>(a->strings + used);
    used += len + 1;
  }
  a->argv[argc] = 0;
  u32 a2, a3;
  if (kn02()) {
    a2 = kRexMagic;
    a3 = reinterpret_cast<u32>(rex_callbacks);
  } else {
    env_build_envp(a->envp, sizeof a->envp / 4, a->env_strings, sizeof a->env_strings);
    a2 = reinterpret_cast<u32>(a->envp);
    a3 = 0;
  }
  state()->kernel_started = 1;
  console_drain();
  install_ram_vectors();
  start_kernel(int(argc), reinterpret_cast<u32>(a->argv), a2, a3, boot_block()->kernel_entry);
}

// Split `line` in place into at most kMaxArgs words.
u32 split(char* line, char** words) {
  u32 n = 0;
  char* p = line;
  while (*p && n < kMaxArgs) {
    while (*p == ' ' || *p == '\t') *p++ = 0;
    if (!*p) break;
    words[n++] = p;
    while (*p && *p != ' ' && *p != '\t') ++p;
  }
  return n;
}

void no_image() {
  printf("?? boot: no answer to the network boot request (no image was netbooted:\n"
         "   the emulator netboots the file given with --kernel)\n");
}

bool is_network_path(const char* p) {
  if (kn02()) return sncmp(p, "6/tftp", 6) == 0 || sncmp(p, "6/mop", 5) == 0;
  return sncmp(p, "tftp(", 5) == 0 || sncmp(p, "mop(", 4) == 0 || sncmp(p, "bootp(", 6) == 0;
}

void join(char* out, u32 space, u32 n, char** words) {
  u32 used = 0;
  out[0] = 0;
  for (u32 i = 0; i < n; ++i) {
    const u32 len = slen(words[i]);
    if (used + len + 2 > space) break;
    if (i) out[used++] = ' ';
    scpy(out + used, words[i]);
    used += len;
  }
}

int cmd_boot(u32 n, char** w) {
  if (!boot_block()->kernel_entry) {
    no_image();
    return -1;
  }
  const bool defaults = n == 1;  // `boot` alone: the boot variable and the --append arguments
  const char* path = nullptr;
  const char* kargv[kMaxArgs + 2];
  u32 kargc = 0;
  bool load_only = false;
  u32 i = 1;
  if (kn02()) {
    for (; i < n && w[i][0] == '-'; ++i) {
      if (scmp(w[i], "-n") == 0) load_only = true;
      else if (scmp(w[i], "-z") == 0 && i + 1 < n) ++i;  // boot delay: nothing to wait for
    }
    if (i < n) path = w[i++];
    if (!path) path = env_get("boot");
    kargv[kargc++] = "boot";
  } else {
    for (; i < n && w[i][0] == '-'; ++i) {
      if (scmp(w[i], "-n") == 0) load_only = true;
      else if (scmp(w[i], "-f") == 0 && i + 1 < n) path = w[++i];
      else break;  // an argument for the kernel, e.g. -s
    }
    if (!path) path = env_get("bootpath");
  }
  if (!path || !is_network_path(path)) {
    printf("?? boot: %s: no such boot device (this machine boots from the network: %s)\n", path ? path : "(none)",
           kn02() ? "6/tftp/FILE" : "tftp()FILE");
    return -1;
  }
  if (load_only) {
    printf("?? boot -n: the netbooted image stays loaded and is not started\n");
    return 0;
  }
  if (state()->kernel_started) {
    // Re-run this command on a fresh image after a power cycle.
    char line[256];
    join(line, sizeof line, n, w);
    reboot_and(kAfterBoot, line);
  }
  kargv[kargc++] = path;
  for (; i < n && kargc < kMaxArgs; ++i) kargv[kargc++] = w[i];
  if (defaults) {
    const BootBlock* b = boot_block();
    for (u32 k = b->argc - b->append_argc; k < b->argc && kargc < kMaxArgs; ++k)
      kargv[kargc++] = reinterpret_cast<const char*>(b->argv[k]);
  }
  start(kargc, kargv);
}

void help(const char* only) {
  static const char* const kn01_lines[] = {
      "auto", "boot [-f FILE] [-n] [ARG...]", "help [CMD]", "? [CMD]", "init",
      "printenv [EVAR...]", "setenv EVAR STR", "unsetenv EVAR", nullptr};
  static const char* const kn02_lines[] = {
      "? [CMD]", "boot [[-z #] [-n] #/path [ARG...]]", "help [CMD]", "init",
      "printenv [EVAR...]", "setenv EVAR STR", "unsetenv EVAR", nullptr};
  const char* const* lines = kn02() ? kn02_lines : kn01_lines;
  for (u32 i = 0; lines[i]; ++i) {
    if (only) {
      const u32 len = slen(only);
      if (sncmp(lines[i], only, len) != 0 || (lines[i][len] != ' ' && lines[i][len] != 0)) continue;
    }
    printf("%s\n", lines[i]);
  }
}

}  // namespace

// Read a line with echo and simple editing. Returns false when the input has ended.
bool read_line(char* buf, u32 size) {
  u32 len = 0;
  for (;;) {
    const int c = getc();
    if (c < 0) return false;
    if (c == '\r' || c == '\n') {
      putc('\n');
      buf[len] = 0;
      return true;
    }
    if (c == 8 || c == 127) {
      if (len) --len, puts_raw("\b \b");
    } else if (c == 21) {  // ^U: kill the line
      while (len) --len, puts_raw("\b \b");
    } else if (c == 3) {  // ^C: abandon the line
      puts_raw("^C\n");
      len = 0;
      buf[0] = 0;
      return true;
    } else if (c >= ' ' && len + 1 < size) {
      buf[len++] = char(c);
      putc(char(c));
    }
  }
}

int execute_line(char* line) {
  char* w[kMaxArgs];
  const u32 n = split(line, w);
  if (n == 0) return 0;
  const char* c = w[0];
  if (scmp(c, "boot") == 0) return cmd_boot(n, w);
  if (scmp(c, "auto") == 0 && !kn02()) {
    if (!boot_block()->kernel_entry) {
      no_image();
      return -1;
    }
    boot_default();
  }
  if (scmp(c, "help") == 0 || scmp(c, "?") == 0) {
    help(n > 1 ? w[1] : nullptr);
    return 0;
  }
  if (scmp(c, "printenv") == 0) {
    if (n == 1) env_print(nullptr);
    for (u32 i = 1; i < n; ++i) env_print(w[i]);
    return 0;
  }
  if (scmp(c, "setenv") == 0) {
    if (n < 2) {
      printf("?? usage: setenv EVAR STR\n");
      return -1;
    }
    char value[128];
    join(value, sizeof value, n - 2, w + 2);
    if (env_set(w[1], value) != 0) {
      printf("?? setenv: cannot set %s (name or value too long, or environment full)\n", w[1]);
      return -1;
    }
    return 0;
  }
  if (scmp(c, "unsetenv") == 0) {
    if (n != 2) {
      printf("?? usage: unsetenv EVAR\n");
      return -1;
    }
    env_unset(w[1]);
    return 0;
  }
  if (scmp(c, "init") == 0) reboot_and(kAfterPrompt, nullptr);
  printf("?? %s: unknown command (type ? for help)\n", c);
  return -1;
}

void boot_default() {
  const BootBlock* b = boot_block();
  if (!b->kernel_entry) {
    no_image();
    monitor();
  }
  if (state()->kernel_started) reboot_and(kAfterBoot, nullptr);
  const char* argv[BOOT_BLOCK_MAX_ARGS];
  for (u32 i = 0; i < b->argc && i < BOOT_BLOCK_MAX_ARGS; ++i) argv[i] = reinterpret_cast<const char*>(b->argv[i]);
  start(b->argc, argv);
}

void reboot_and(u32 what, const char* boot_line) {
  env_set_after_reset(what, boot_line);
  console_drain();
  emu_reboot();
}

void monitor() {
  printf("\n%s V%u.0-emu\n0x%08x\n", kn02() ? "KN02-AA" : "KN01", kFirmwareRevision, state()->mem_bytes);
  char* line = args()->line;
  for (;;) {
    puts_raw(kn02() ? ">>" : ">> ");
    if (!read_line(line, sizeof args()->line)) {
      putc('\n');
      halt_run(0);  // console input ended (emulator only): nothing more to do
    }
    execute_line(line);
  }
}
