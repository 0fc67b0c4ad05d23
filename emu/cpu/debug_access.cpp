// A debugger's view of addresses (cpu.h debug_translate, debug_word): the translation a
// load, store or fetch would get now, computed from the architectural state alone, so that
// looking changes nothing — no exception, no TLB lookup-cache fill, no cache or timing.
#include <cstring>

#include "emu/cpu/cpu.h"

namespace emu {

using namespace cp0;

bool Cpu::debug_translate(u32 va, bool write, u32& pa) const {
  if (va >= 0x80000000u) {
    if (user_mode_) return false;
    if (va < 0xc0000000u) {
      pa = va & 0x1fffffffu;
      return true;
    }
  }
  const u32 pid = entry_hi_ & kPidMask;
  for (unsigned i = 0; i < Tlb::kEntries; ++i) {
    const TlbEntry& e = tlb_.entry(i);
    if (e.vpn() != (va & kVpnMask) || (!e.global() && e.pid() != pid)) continue;
    if (!e.valid() || (write && !e.dirty())) return false;
    pa = (e.lo & kPfnMask) | (va & 0xfff);
    return true;
  }
  return false;
}

u32 Cpu::debug_word(u32 va) const {
  u32 pa, w = 0;
  if ((va & 3) || !debug_translate(va, false, pa)) return 0;
  if (const u8* h = bus_.host_pointer(pa, 4)) std::memcpy(&w, h, 4);
  return w;
}

}  // namespace emu
