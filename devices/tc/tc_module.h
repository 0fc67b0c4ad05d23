// A TURBOchannel option module, as the KN02's option slots 0-2 accept them (--tc N=NAME).
// A module decodes its whole 4 MiB slot (the bus hands it offsets from the slot base),
// raises its slot's interrupt through the IrqLine it is given (KN02: system CSR source N)
// and carries its own option ROM (tc_option_rom.h) wherever the card has it.
//
// A new module type is a new pair of files here (a TcModule subclass) plus one line in
// tc_modules.cpp's table; the board code does not change.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "devices/device.h"
#include "devices/irq_line.h"
#include "emu/sched/scheduler.h"

namespace emu {

class FrameBuffer;

// What a slot gives the module plugged into it.
struct TcSlot {
  unsigned number;  // 0-2
  Scheduler& sched;
  IrqLine& irq;     // the slot's interrupt request
  u64 cpu_hz;       // to turn the card's own timing (video refresh) into cycles
};

class TcModule : public Device {
 public:
  static constexpr u32 kSlotBytes = 0x400000;
  // The screen, for a frame buffer card (screenshots, the SDL window).
  virtual FrameBuffer* frame_buffer() { return nullptr; }
};

struct TcModuleType {
  const char* name;         // what --tc takes ("pmag-ba")
  const char* description;  // for --help and error messages
  std::unique_ptr<TcModule> (*make)(const TcSlot& slot);
};

// Every module type the emulator has, and lookup by name (nullptr if none).
const std::vector<TcModuleType>& tc_module_types();
const TcModuleType* find_tc_module_type(const std::string& name);
// "pmag-ba" — the names, for messages.
std::string tc_module_names();

}  // namespace emu
