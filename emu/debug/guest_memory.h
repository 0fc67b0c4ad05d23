// Guest memory as a debugger reads and writes it.
//
// Virtual addresses are translated as a load or store by the CPU would translate them now
// (Cpu::debug_translate: mode, segment, TLB entries, current PID), without any effect on
// the run: no exception, no TLB lookup-cache fill, no cache line touched, no cycle, no
// statistic. Only memory is reachable: RAM, the boot ROM, the LANCE buffer RAM. Device
// registers are refused, since reading one can change the device (a receive buffer popped,
// an interrupt acknowledged). What the debugger reads is memory's word: a D-cache line
// that is stale (memory changed behind it, README "Timing model") is not consulted, and
// with the caches isolated (Status.IsC) reads still show memory.
//
// A write changes the run, of course; it keeps the machine consistent: only RAM is
// writable, decoded code over the range is dropped, and a cache line that holds a written
// word gets the new word, so that the caches' timing is as if memory had always held it.
#pragma once
#include <cstddef>

#include "emu/common/types.h"

namespace emu {
class Machine;
}

namespace emu::debug {

// Each returns how many bytes from the start were done; it stops at the first byte that
// cannot be (unmapped, a device, nothing there).
size_t read_virtual(Machine& m, u32 va, u8* out, size_t len);
size_t write_virtual(Machine& m, u32 va, const u8* in, size_t len);
size_t read_physical(Machine& m, u32 pa, u8* out, size_t len);

}  // namespace emu::debug
