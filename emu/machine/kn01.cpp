// DECstation 2100/3100 (KN01): the whole machine's physical map and interrupt wiring.
// Source: decstation-memory-maps.md §1.2 (map), §1.3 (interrupts), §1.4 (CSR), §1.5 (bus
// errors), §1.7 (RTC and station-address ROM); NetBSD kn01.h, dec_3100.c; Linux kn01.h,
// kn01-berr.c; MAME kn01.cpp.
//
// What nothing answers at (reads: a synchronous bus error, DBE/IBE; writes: the
// asynchronous write timeout below), as on the real board for a missing device:
//   RAM above the fitted size (OSes size memory by it), 0x0fc00000 frame buffer,
//   0x10000000 plane mask, 0x11000000 PCC, 0x12000000 VDAC (unless --fb fits one; with
//   none CSR.MONO reads 1 = "mono or none"), 0x13000000-0x16ffffff, 0x19000000 LANCE buffer
//   when the LANCE DMAs into main memory (--lance-dma main), 0x1a000000 SII,
//   0x1b000000 SII buffer (not modelled yet),
//   0x1f000000-0x1fffffff outside the boot ROM.
// A CPU store that times out sets CSR.MEMERR, latches the address in ERRADR and raises
// Int4 (Cause IP6), and the program goes on: the R2000 write buffer has retired the store
// (Linux kn01-berr.c, MAME kn01.cpp). Reads latch nothing.
#include "devices/board/esar.h"
#include "devices/board/kn01_csr.h"
#include "devices/dc7085/dc7085.h"
#include "devices/lance/kn01_lance_buffer.h"
#include "devices/mc146818/mc146818.h"
#include "devices/video/kn01_fb.h"
#include "emu/common/error.h"
#include "emu/machine/machine.h"

namespace emu {

void Machine::wire_kn01() {
  prom_boot_style_ = &Machine::prom_boot_style_kn01;
  for (const auto& m : opt_.tc)
    if (!m.empty()) throw UserError(std::string("--tc: the ") + profile_.name + " has no TURBOchannel option slots");
  // CPU interrupt pins Int0..Int5 = Cause IP2..IP7. Int0 is the SII (not modelled); Int5
  // is the FPA, inside the CPU model.
  lance_irq_ = &cpu_pin(1);         // Int1 IP3: LANCE (wire ready for the lead's model)
  IrqLine& dz_irq = cpu_pin(2);     // Int2 IP4: DZ
  IrqLine& rtc_irq = cpu_pin(3);    // Int3 IP5: RTC
  IrqLine& error_irq = cpu_pin(4);  // Int4 IP6: CSR MEMERR | VINT

  bus_.map_memory("ram", 0x00000000, u32(ram_->size()), ram_->data(), true);

  // 0x17000000 ERRADR and 0x1e000000 system CSR (each decodes its whole 16 MiB slot).
  Kn01Csr& csr = add_device<Kn01Csr>(error_irq, /*mono=*/opt_.kn01_fb != "colour");
  kn01_csr_ = &csr;
  wire_kn01_fb(csr);  // before the DZ: a screen puts the keyboard and mouse on lines 0 and 1
  Kn01Erradr& erradr = add_device<Kn01Erradr>(csr);
  bus_.map_device("kn01-erradr", 0x17000000, 0x01000000, &erradr);

  // LANCE: registers (RDP +0, RAP +4, repeating through 16 MiB) at 0x18000000 and its 64 KiB buffer (gap-2 layout,
  // 128 KiB window) at 0x19000000; interrupt Int1.
  Kn01LanceBuffer& lbuf = add_device<Kn01LanceBuffer>();
  wire_lance(0x18000000, 0x01000000, 0x19000000, Kn01LanceBuffer::kWindowBytes, &lbuf, &lbuf);

  Dc7085& dz = add_device<Dc7085>(sched_, dz_irq, profile_.cpu_hz);
  dz_ = &dz;
  attach_serial_lines(dz);
  bus_.map_device("dc7085", 0x1c000000, 0x01000000, &dz);
  csr.on_txdis_change([&dz](bool off) { dz.set_tx_disabled(off); });

  // DS1287 in byte lane 0 of the words at 0x1d000000 + 4n; the station-address ROM in
  // lane 1 of the same words (ESAR byte n at 0x1d000000 + 4n + 1; n modulo 32).
  Mc146818& rtc = add_device<Mc146818>(sched_, rtc_irq, profile_.cpu_hz);
  rtc_ = &rtc;
  if (opt_.rtc_host_time) rtc.set_time_from_host();
  rtc.set_other_lanes([this](unsigned reg, unsigned lane) -> u8 { return lane == 1 ? esar_->byte(reg) : 0; });
  bus_.map_device("ds1287+esar", 0x1d000000, 0x01000000, &rtc);

  bus_.map_device("kn01-csr", 0x1e000000, 0x01000000, &csr);
  bus_.map_memory("rom", kRomBase, kRomSize, rom_.data(), false);

  cpu_->set_write_error_handler([&csr](u32 pa) { csr.memory_write_error(pa); });
}

}  // namespace emu

namespace emu {

// Video RAM at 0x0fc00000 (256 KiB mono, 1 MiB colour; nothing beyond), plane mask, PCC and
// VDAC each in their 16 MiB slot (devices/video/kn01_fb.h). VINT raises CSR.VINT: Int4.
void Machine::wire_kn01_fb(Kn01Csr& csr) {
  if (opt_.kn01_fb.empty()) return;
  if (opt_.kn01_fb != "mono" && opt_.kn01_fb != "colour")
    throw UserError("--fb: '" + opt_.kn01_fb + "' should be mono or colour");
  Kn01Fb& fb = add_device<Kn01Fb>(opt_.kn01_fb == "colour", sched_, profile_.cpu_hz, [&csr] { csr.video_interrupt(); });
  bus_.map_device(fb.name(), 0x0fc00000, fb.vram_bytes(), &fb);
  bus_.map_device("kn01-plane-mask", 0x10000000, 0x01000000, &fb.plane_mask());
  bus_.map_device("kn01-pcc", 0x11000000, 0x01000000, &fb.pcc());
  bus_.map_device("kn01-vdac", 0x12000000, 0x01000000, &fb.vdac());
  frame_buffers_.push_back(&fb);
}

}  // namespace emu

namespace emu {

// `boot -f tftp()NAME` gives argv[0] = the file spec, also in bootpath. osconsole: "1" (the
// screen and keyboard: NetBSD prom_findcons takes KN01 kbd 1 as graphics, Ultrix
// atoi(osconsole) & 1) when a frame buffer and the LK201 are both there, else "3" (DZ line
// 3; NetBSD dz_ibus_cnattach maps any digit but 0 and 4 to line 3). framebuffers-lk201.md §6.
Machine::PromBootStyle Machine::prom_boot_style_kn01(const std::string& name) const {
  return {{}, name.empty() ? "" : "tftp()" + name, "bootpath", !frame_buffers_.empty() && keyboard_ ? "1" : "3"};
}

}  // namespace emu
