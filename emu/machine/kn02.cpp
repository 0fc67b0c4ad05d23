// DECstation 5000/200 (KN02): the whole machine's physical map and interrupt wiring.
// Source: decstation-memory-maps.md §2.2 (map), §2.3 (interrupts and the CSR cascade),
// §2.4-§2.5 (CSR, ERRADR, CHKSYN), §2.6 (PMAD-AA); NetBSD kn02.h, dec_3max.c, tc_3max.c
// (slot table and built-ins); Linux kn02.h, arch/mips/dec/tc.c, ecc-berr.c; GXemul
// dev_kn02.cc.
//
// TURBOchannel: eight 4 MiB slots from 0x1e000000. Slots 0-2 are option slots (--tc),
// 3-4 reserved, 5 the on-board SCSI (PMAZ-AA layout; not modelled yet), 6 the on-board
// Ethernet (PMAD-AA layout: only its ROM window so far), 7 the system devices.
//
// Bus errors (decision, see devices/board/bus_timeout.h for the evidence): wherever
// nothing answers — empty slots, unmodelled devices, RAM above the fitted size, holes in
// slot 7 — a CPU read takes a DBE *and* latches ERRADR = VALID | CPU | read | timeout
// (address exact); a CPU store goes on (write buffer) and latches VALID | CPU | WRITE.
// Either raises Int3 (Cause IP5) until software writes ERRADR; the first error stays
// latched until then.
#include "devices/board/bus_timeout.h"
#include "devices/board/esar.h"
#include "devices/board/kn02_csr.h"
#include "devices/dc7085/dc7085.h"
#include "devices/mc146818/mc146818.h"
#include "devices/tc/pmad_aa_rom.h"
#include "devices/tc/tc_module.h"
#include "emu/common/error.h"
#include "devices/lance/pmad_buffer.h"
#include "emu/machine/machine.h"

namespace emu {

namespace {
constexpr u32 kTcSlotBase = 0x1e000000, kTcSlotSize = 0x00400000;
constexpr u32 tc_slot(unsigned n) { return kTcSlotBase + n * kTcSlotSize; }
constexpr u32 kSubSlot = 0x00080000;  // slot 7 is eight 512 KiB sub-regions
}  // namespace

void Machine::wire_kn02() {
  prom_boot_style_ = &Machine::prom_boot_style_kn02;
  if (!opt_.kn01_fb.empty()) throw UserError("--fb: the ds5000-200 has no on-board frame buffer (use --tc 0=pmag-ba)");
  // CPU interrupt pins. Int2 and Int4 are not connected; Int5 is the FPA (inside the CPU).
  IrqLine& io_irq = cpu_pin(0);     // Int0 IP2: system CSR cascade, IOINT & IOINTEN
  IrqLine& rtc_irq = cpu_pin(1);    // Int1 IP3: RTC
  IrqLine& error_irq = cpu_pin(3);  // Int3 IP5: memory / bus error (ERRADR VALID)

  bus_.map_memory("ram", 0x00000000, u32(ram_->size()), ram_->data(), true);

  // --- Slot 7: system devices -------------------------------------------------------
  bus_.map_memory("rom", kRomBase, kRomSize, rom_.data(), false);  // 0x1fc00000
  Kn02Chksyn& chksyn = add_device<Kn02Chksyn>();
  bus_.map_device("kn02-chksyn", 0x1fd00000, kSubSlot, &chksyn);
  Kn02Erradr& erradr = add_device<Kn02Erradr>(error_irq);
  kn02_erradr_ = &erradr;
  bus_.map_device("kn02-erradr", 0x1fd80000, kSubSlot, &erradr);

  // The CSR's eight interrupt sources; the DZ is source 7.
  Kn02Csr& csr = add_device<Kn02Csr>(io_irq);
  kn02_csr_ = &csr;
  // Option slots 0-2 (CSR sources 0-2) hold what --tc names, wired before the DZ: a frame
  // buffer puts the keyboard and mouse on its lines 0 and 1 (attach_serial_lines).
  for (unsigned n = 0; n < 3; ++n) wire_kn02_option_slot(n, tc_slot(n));

  IrqLine& dz_irq = new_irq();
  dz_irq.connect(csr.source(Kn02Csr::kDz));

  Dc7085& dz = add_device<Dc7085>(sched_, dz_irq, profile_.cpu_hz);
  dz_ = &dz;
  attach_serial_lines(dz);
  bus_.map_device("dc7085", 0x1fe00000, kSubSlot, &dz);
  // CSR.BAUD38: the DZ's speed code 15 is 38400 instead of 19200 baud; CSR.TXDIS: the DZ
  // line drivers are off.
  csr.on_baud38_change([&dz](bool on) { dz.set_baud38(on); });
  csr.on_txdis_change([&dz](bool off) { dz.set_tx_disabled(off); });

  Mc146818& rtc = add_device<Mc146818>(sched_, rtc_irq, profile_.cpu_hz);
  rtc_ = &rtc;
  if (opt_.rtc_host_time) rtc.set_time_from_host();
  bus_.map_device("ds1287", 0x1fe80000, kSubSlot, &rtc);

  bus_.map_device("kn02-csr", 0x1ff00000, kSubSlot, &csr);
  bus_.map_memory("rom-alias", 0x1ff80000, kRomSize, rom_.data(), false);

  // --- Slots 0-6 --------------------------------------------------------------------
  // Option slots 0-2: above. Slot 5 SCSI (source 5) is not modelled.
  wire_kn02_slot6(tc_slot(6));

  cpu_->set_write_error_handler([&erradr](u32 pa) { erradr.memory_error(pa, /*write=*/true, /*cpu=*/true); });
  map_kn02_timeouts();  // keep last: it claims every page not mapped above
}

// On-board Ethernet, a PMAD-AA in all but the card: buffer SRAM at +0 (128 KiB, window to
// +0x0fffff), LANCE RDP/RAP at +0x100000/+0x100004, ROM window at +0x1c0000 (station
// address in lane 2, module ROM in lane 0), the same ROM again at +0x3c0000 (the module
// header OSes probe for; decision and sources in devices/tc/pmad_aa_rom.h).
// Interrupt: system CSR source 6.
void Machine::wire_kn02_slot6(u32 slot_base) {
  IrqLine& lance = new_irq();
  lance.connect(kn02_csr_->source(Kn02Csr::kLance));
  lance_irq_ = &lance;
  PmadBuffer& sram = add_device<PmadBuffer>();
  wire_lance(slot_base + 0x100000, /*regs_window=*/0x80000, slot_base, PmadBuffer::kWindowBytes, &sram, &sram);

  PmadAaRom& rom = add_device<PmadAaRom>(*esar_);
  bus_.map_device("pmad-aa-rom", slot_base + PmadAaRom::kSlotOffset, PmadAaRom::kWindowSize, &rom);
  bus_.map_device("pmad-aa-rom-alias", slot_base + PmadAaRom::kAliasSlotOffset, PmadAaRom::kWindowSize, &rom);
}

// An option module decodes its whole slot and interrupts through CSR source n (enable bit
// 16 + n). An empty slot is left to map_kn02_timeouts: reads bus-error, as before.
void Machine::wire_kn02_option_slot(unsigned n, u32 slot_base) {
  if (n >= opt_.tc.size() || opt_.tc[n].empty()) return;
  const TcModuleType* type = find_tc_module_type(opt_.tc[n]);
  if (!type)
    throw UserError("--tc " + std::to_string(n) + "=" + opt_.tc[n] + ": unknown module (known: " + tc_module_names() +
                    ")");
  IrqLine& irq = new_irq();
  irq.connect(kn02_csr_->source(n));
  std::unique_ptr<TcModule> module = type->make(TcSlot{n, sched_, irq, profile_.cpu_hz});
  TcModule& m = *module;
  devices_.push_back(std::move(module));
  bus_.map_device(std::string("tc-slot") + char('0' + n) + "-" + type->name, slot_base, TcModule::kSlotBytes, &m);
  if (FrameBuffer* fb = m.frame_buffer()) {
    if (frame_buffers_.empty()) console_slot_ = int(n);
    frame_buffers_.push_back(fb);
  }
}

void Machine::map_kn02_timeouts() {
  constexpr unsigned kShift = PhysicalBus::kPageShift;
  u32 page = 0;
  while (page < PhysicalBus::kPages) {
    if (bus_.region_at(page << kShift)) {
      ++page;
      continue;
    }
    const u32 first = page;
    while (page < PhysicalBus::kPages && !bus_.region_at(page << kShift)) ++page;
    const u32 base = first << kShift, size = (page - first) << kShift;
    BusTimeout& hole = add_device<BusTimeout>(
        base, [this](u32 pa) { kn02_erradr_->memory_error(pa, /*write=*/false, /*cpu=*/true); });
    bus_.map_device("timeout", base, size, &hole);
  }
}

}  // namespace emu

namespace emu {

// The REX PROM's `boot` gives argv "boot", "SLOT/DEVICE/FILE" (slot 6: the Ethernet), and
// the environment variable boot. osconsole "CRT,KBD" — the first frame buffer's slot and 7,
// the keyboard — when a frame buffer and the LK201 are both there (NetBSD prom_findcons,
// Ultrix: graphics when strlen(osconsole) > 1), else "3", DZ line 3.
// framebuffers-lk201.md §6.
Machine::PromBootStyle Machine::prom_boot_style_kn02(const std::string& name) const {
  const bool graphics = console_slot_ >= 0 && keyboard_;
  return {{"boot"}, name.empty() ? "" : "6/tftp/" + name, "boot", graphics ? std::to_string(console_slot_) + ",7" : "3"};
}

}  // namespace emu
