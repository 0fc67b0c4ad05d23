// DECstation 5000/200 (KN02): the whole machine's physical map and interrupt wiring.
// Source: decstation-memory-maps.md §2.2 (map), §2.3 (interrupts and the CSR cascade),
// §2.6 (PMAD-AA); NetBSD kn02.h, dec_3max.c; GXemul dev_kn02.cc.
#include "devices/dc7085/dc7085.h"
#include "devices/mc146818/mc146818.h"
#include "emu/machine/machine.h"

namespace emu {

void Machine::wire_kn02() {
  auto pin = [this](unsigned n) -> IrqLine& {
    IrqLine& l = new_irq();
    l.connect([this, n](bool level) { cpu_->set_interrupt_pin(n, level); });
    return l;
  };
  IrqLine& rtc_irq = pin(1);
  // Until the system CSR model is wired, the DZ request drives the cascade pin directly.
  IrqLine& dz_irq = pin(0);

  bus_.map_memory("ram", 0x00000000, u32(ram_.size()), ram_.data(), true);
  // Slot 7 system devices: boot ROM at 0x1fc00000 (and its alias at 0x1ff80000).
  bus_.map_memory("rom", kRomBase, kRomSize, rom_.data(), false);
  bus_.map_memory("rom-alias", 0x1ff80000, kRomSize, rom_.data(), false);

  Dc7085& dz = add_device<Dc7085>(sched_, dz_irq, profile_.cpu_hz);
  attach_serial_lines(dz);
  bus_.map_device("dc7085", 0x1fe00000, 0x00080000, &dz);

  Mc146818& rtc = add_device<Mc146818>(sched_, rtc_irq, profile_.cpu_hz);
  if (opt_.rtc_host_time) rtc.set_time_from_host();
  bus_.map_device("ds1287", 0x1fe80000, 0x00080000, &rtc);
}

}  // namespace emu
