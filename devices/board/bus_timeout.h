// A stretch of physical address space where nothing answers: on the real board every
// access there times out. Mapping this device over such a hole changes nothing for the
// CPU (reads and writes still fail, so a load takes a bus error exception and a store goes
// to the CPU's write-error path, Cpu::set_write_error_handler), but lets the board see the
// failed *read* as well: the DECstation 5000/200 memory controller latches a CPU read
// timeout in ERRADR (VALID | CPU, read, timeout) besides the DBE. Evidence: Linux
// arch/mips/dec/ecc-berr.c handles a DBE exception on a KN02 by reading ERRADR and treats
// one without VALID | CPU as an "Unidentified bus error" (fatal even for a protected probe),
// so its TURBOchannel slot probe (drivers/tc/tc.c, tc_preadb = get_dbe) could not survive an
// empty slot otherwise; NetBSD dec_3max.c clears ERRADR after autoconfiguration "to clear any
// errors from newconf probes". decstation-memory-maps.md §2.2, §2.5.
//
// Writes are not reported here: the CPU reports every failed store itself (also where no
// window is mapped at all), and reporting it twice would be indistinguishable from two
// errors. Known limitation: SWL/SWR to such a hole reads the word first (Cpu::store_masked),
// so it is latched as a read.
#pragma once
#include <functional>
#include <utility>

#include "devices/device.h"
#include "emu/common/types.h"

namespace emu {

class BusTimeout final : public Device {
 public:
  // base: physical address of the window (offsets from the bus are relative to it).
  // on_read: called with the physical byte address of every read; may be empty.
  BusTimeout(u32 base, std::function<void(u32 pa)> on_read) : base_(base), on_read_(std::move(on_read)) {}
  const char* name() const override { return "bus-timeout"; }
  bool read(u32 offset, unsigned /*size*/, u32& /*value*/) override {
    if (on_read_) on_read_(base_ + offset);
    return false;
  }
  bool write(u32, unsigned, u32) override { return false; }
  void state(StateIo&) override {}  // no state: a hole in the address map

 private:
  u32 base_;
  std::function<void(u32)> on_read_;
};

}  // namespace emu
