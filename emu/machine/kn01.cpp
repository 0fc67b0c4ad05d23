// DECstation 2100/3100 (KN01): the whole machine's physical map and interrupt wiring.
// Source: decstation-memory-maps.md §1.2 (map), §1.3 (interrupts), §1.5 (bus errors),
// §1.7 (RTC and station-address ROM); NetBSD kn01.h, dec_3100.c; MAME kn01.cpp.
#include "devices/dc7085/dc7085.h"
#include "devices/mc146818/mc146818.h"
#include "emu/machine/machine.h"

namespace emu {

void Machine::wire_kn01() {
  // CPU interrupt pins (Int0..Int5 = Cause IP2..IP7).
  auto pin = [this](unsigned n) -> IrqLine& {
    IrqLine& l = new_irq();
    l.connect([this, n](bool level) { cpu_->set_interrupt_pin(n, level); });
    return l;
  };
  // Int0 SII SCSI and Int1 LANCE come with their devices (not modelled yet).
  IrqLine& dz_irq = pin(2);
  IrqLine& rtc_irq = pin(3);

  bus_.map_memory("ram", 0x00000000, u32(ram_.size()), ram_.data(), true);
  bus_.map_memory("rom", kRomBase, kRomSize, rom_.data(), false);

  Dc7085& dz = add_device<Dc7085>(sched_, dz_irq, profile_.cpu_hz);
  attach_serial_lines(dz);
  bus_.map_device("dc7085", 0x1c000000, 0x01000000, &dz);

  Mc146818& rtc = add_device<Mc146818>(sched_, rtc_irq, profile_.cpu_hz);
  if (opt_.rtc_host_time) rtc.set_time_from_host();
  bus_.map_device("ds1287", 0x1d000000, 0x01000000, &rtc);
}

}  // namespace emu
