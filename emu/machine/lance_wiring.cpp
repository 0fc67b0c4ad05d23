// The LANCE on both boards, wired in one place: its register window, its DMA path and its
// interrupt. The boards differ only in where things are (kn01.cpp, kn02.cpp call this).
//
// DMA paths (am7990-lance.md §10; decstation-memory-maps.md §1.6, §2.6):
//   board buffer RAM (default)  the real KN01 / PMAD-AA arrangement: the LANCE reaches
//                               only its private buffer, the CPU copies frames in and out
//                               through the buffer's window;
//   main memory (--lance-dma main)  LANCE address L is physical address L (the first 16
//                               MiB), as on the IOASIC DECstations: frames land in RAM
//                               behind the D-cache. The buffer window is then absent
//                               (answers as nothing), so a driver cannot mix the two.
#include "devices/lance/am7990.h"
#include "devices/lance/main_memory_dma.h"
#include "emu/machine/machine.h"
#include "emu/net/ethernet.h"

namespace emu {

void Machine::wire_lance(u32 regs_base, u32 regs_window, u32 buffer_base, u32 buffer_window, LanceMemory* buffer_ram,
                         Device* buffer_dev) {
  LanceMemory* memory = buffer_ram;
  if (opt_.lance_main_memory) {
    lance_dma_ = std::make_unique<MainMemoryDma>(bus_, 0, MainMemoryDma::Layout::kContiguous);
    memory = lance_dma_.get();
  } else {
    bus_.map_device("lance-buffer", buffer_base, buffer_window, buffer_dev);
  }
  // The backoff generator's seed differs between the machines of a link, as two real
  // stations' random backoff would.
  Am7990& lance = add_device<Am7990>(sched_, *lance_irq_, profile_.cpu_hz, *memory, u64(opt_.instance) + 1);
  lance_ = &lance;
  bus_.map_device("lance", regs_base, regs_window, &lance);
}

void Machine::attach_ethernet(net::EthernetPort* port) { lance_->attach_port(port); }

}  // namespace emu
