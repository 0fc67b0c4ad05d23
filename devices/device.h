// The interface every memory-mapped hardware model implements.
//
// A device knows nothing of the CPU: the bus hands it register accesses at an offset
// inside its window; it raises and lowers interrupt lines (IrqLine) and schedules its own
// timing events (Scheduler). Values are little-endian, `size` is 1, 2 or 4 and `offset`
// is aligned to `size` (the CPU raises address errors for misaligned accesses first).
#pragma once
#include "emu/common/types.h"
#include "emu/state/state_io.h"

namespace emu {

class Device {
 public:
  virtual ~Device() = default;
  virtual const char* name() const = 0;
  // Power-on / board reset.
  virtual void reset() {}
  // Return false when nothing answers at this offset: the bus turns that into a bus error.
  virtual bool read(u32 offset, unsigned size, u32& value) = 0;
  virtual bool write(u32 offset, unsigned size, u32 value) = 0;
  // Checkpoints: save or restore (io.loading()) every register, buffer and pending
  // Scheduler event (Scheduler::event_state) — all that decides what the device does next.
  // Not its wiring or configuration: the restoring machine is built from the same options.
  // Pure virtual so that a new device cannot be left out of checkpoints by accident; a
  // device without state (a ROM) says so with an empty body. Machine::state calls it for
  // every device in wiring order (emu/machine/machine_state.cpp).
  virtual void state(StateIo& io) = 0;
};

}  // namespace emu
