#include "emu/debug/guest_memory.h"

#include <cstring>

#include "emu/machine/machine.h"

namespace emu::debug {

size_t read_physical(Machine& m, u32 pa, u8* out, size_t len) {
  size_t done = 0;
  while (done < len) {
    const u64 a = u64(pa) + done;
    if (a > 0xffffffffu) break;
    const u8* h = m.bus().host_pointer(u32(a), 1);
    if (!h) break;
    out[done++] = *h;
  }
  return done;
}

size_t read_virtual(Machine& m, u32 va, u8* out, size_t len) {
  size_t done = 0;
  while (done < len) {
    const u32 v = u32(va + done);
    u32 pa;
    if (!m.cpu().debug_translate(v, false, pa)) break;
    if (read_physical(m, pa, out + done, 1) != 1) break;
    ++done;
  }
  return done;
}

size_t write_virtual(Machine& m, u32 va, const u8* in, size_t len) {
  Cpu& cpu = m.cpu();
  size_t done = 0;
  while (done < len) {
    u32 pa;
    // A debugger may write where the guest may only read (a clean page, code): it is the
    // mapping that matters, not the D bit.
    if (!cpu.debug_translate(u32(va + done), false, pa) || pa >= m.ram_bytes()) break;
    u8* ram = m.bus().host_pointer(pa, 1);
    if (!ram) break;
    *ram = in[done];
    cpu.invalidate_code(pa, 1);
    u32 word;
    std::memcpy(&word, ram - (pa & 3), 4);
    for (CacheArray* c : {&cpu.memory_system().icache(), &cpu.memory_system().dcache()})
      if (c->clean_hit(pa & ~3u)) c->fill(pa & ~3u, word);
    ++done;
  }
  return done;
}

}  // namespace emu::debug
