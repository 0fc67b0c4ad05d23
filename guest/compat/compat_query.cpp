// Compatibility guest (c): what the PROM tells a kernel at entry and on request, the way
// NetBSD (sys/arch/pmax/pmax/promcall.c) and Linux (arch/mips/dec/prom/) ask for it: with
// the REX magic in a2, the callback vector's getenv/getsysid/getbitmap; without it, the
// old jump table's getenv2 (entry 33) and the variables `systype`, `bitmap`, `bitmaplen`.
// Printed with the runtime's own console (DC7085), so the PROM is only asked, never
// printed through. Reference dz-rtc-prom.md §3.2.
#include "console.h"
#include "libc.h"
#include "prom.h"

using namespace guest;

namespace {

using GetenvFn = char*(const char*);
using GetsysidFn = uint32_t();
struct MemMap {
  int pagesize;
  unsigned char bitmap[15360];
};
using GetbitmapFn = int(MemMap*);
MemMap g_map;

uint32_t parse(const char* s) {
  uint32_t v = 0;
  unsigned base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s += 2;
  for (;; ++s) {
    unsigned d;
    if (*s >= '0' && *s <= '9') d = unsigned(*s - '0');
    else if (*s >= 'a' && *s <= 'f') d = unsigned(*s - 'a' + 10);
    else if (*s >= 'A' && *s <= 'F') d = unsigned(*s - 'A' + 10);
    else break;
    if (d >= base) break;
    v = v * base + d;
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  const bool rex = prom_is_rex();
  printf("compat_query: argc %d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d] = \"%s\"\n", i, argv[i]);
  printf("interface: %s\n", rex ? "REX callback vector (a2 = REX magic)" : "old jump table (a2 = no REX magic)");
  if (!rex) {
    auto** envp = reinterpret_cast<char**>(prom_args().magic);
    int n = 0;
    while (envp && envp[n]) ++n;
    printf("a2: environment of %d variables, first \"%s\"\n", n, n ? envp[0] : "");
  }

  GetenvFn* getenv = rex ? reinterpret_cast<GetenvFn*>(rex_callback(RexCallback::kGetenv))
                         : prom_entry<GetenvFn>(PromEntry::kGetenv2);
  static const char* const names[] = {"osconsole", "haltaction", "scsiid0", "bootmode", "systype", "nosuchvariable"};
  for (const char* name : names) {
    const char* v = getenv(name);
    if (v) printf("getenv(%s) = \"%s\"\n", name, v);
    else printf("getenv(%s) = null\n", name);
  }

  uint32_t sysid = 0;
  if (rex) {
    sysid = reinterpret_cast<GetsysidFn*>(rex_callback(RexCallback::kGetsysid))();
  } else if (const char* s = getenv("systype")) {
    sysid = parse(s);
  }
  printf("sysid 0x%08x: cpu 0x%02x, board %u\n", sysid, sysid >> 24, (sysid >> 16) & 0xff);
  printf("sysid revisions: firmware %u, hardware %u\n", (sysid >> 8) & 0xff, sysid & 0xff);

  int bytes = 0;
  if (rex) {
    bytes = reinterpret_cast<GetbitmapFn*>(rex_callback(RexCallback::kGetbitmap))(&g_map);
  } else {
    const char* addr = getenv("bitmap");
    const char* len = getenv("bitmaplen");
    if (addr && len) {
      bytes = int(parse(len) * 4);  // in 32-bit words, as NetBSD reads it
      g_map.pagesize = 4096;
      memcpy(g_map.bitmap, reinterpret_cast<const void*>(parse(addr)), unsigned(bytes));
    }
  }
  printf("bitmap: %d bytes\n", bytes);
  unsigned pages = 0, first_free = ~0u, full = 0;
  for (int i = 0; i < bytes && i < int(sizeof g_map.bitmap); ++i) {
    if (g_map.bitmap[i] == 0xff) ++full;
    for (int b = 0; b < 8; ++b)
      if (g_map.bitmap[i] & (1u << b)) {
        if (first_free == ~0u) first_free = unsigned(i * 8 + b);
        ++pages;
      }
  }
  printf("bitmap: pagesize %d, %u usable pages = %u MiB, %u full bytes, first usable page %u\n", g_map.pagesize,
         pages, pages / 256, full, first_free);
  printf("compat_query: done\n");
  return 0;
}
