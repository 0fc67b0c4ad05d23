// The ROM window of a DEC PMAD-AA TURBOchannel Ethernet module (LANCE Am7990 with 128 KiB
// of buffer SRAM), as fitted on the DECstation 5000/200 system module in TURBOchannel
// slot 6 or as an option card in slots 0-2. This device is only the ROM window; the SRAM
// (slot + 0) and the LANCE registers (slot + 0x100000) are separate.
//
// Sources: decstation-memory-maps.md §2.6, §3; NetBSD sys/dev/tc/if_le_tc.c (ESAR at
// LE_OFFSET_ROM + 2 = slot + 0x1c0002, stride 4), Linux drivers/net/ethernet/amd/declance.c
// (PMAD_LANCE: esar_base = slot + 0x1c0002, bytes at stride 4; test pattern checked at
// esar[0x60..0x6c]); Linux drivers/tc/tc.c + arch/mips/dec/tc.c (on a DS5000/200 the probe
// of slots 0-6 reads a module ROM at slot + 0x3c0000, then slot + 0, and declance binds to
// vendor "DEC     ", module "PMAD-AA ") ; GXemul dev_turbochannel.cc ("PMAD-AA: one ROM at
// 0x1c03e0, and one at 0x3c0000").
//
// Layout of the window, 256 KiB from slot + 0x1c0000 (window offsets):
//   lane 0: the module's TURBOchannel option ROM (TcOptionRom, module "PMAD-AA"), header
//           at +0x3e0, so at slot + 0x1c03e0;
//   lane 2: the Ethernet station address ROM (Esar) byte n at +4n + 2 (n mod 32);
//   lanes 1, 3: not driven, read 0.
// Decisions (UNCONFIRMED, no PMAD-AA schematic or ROM dump available):
//  * the machine maps this same window again at slot + 0x3c0000 (the ROM select ignores
//    slot address bit 21), which is where Linux finds the module header (TC_OLDCARD) and
//    NetBSD's second probe offset (TC_SLOT_PROTOROM) — the SRAM occupies slot + 0, so the
//    header cannot be at slot + 0x3e0; GXemul answers at both places too;
//  * the option ROM is 64 KiB (ROM size field 8), exactly filling the window at stride 4;
//  * the station-address ROM sits in lane 2 only; GXemul repeats it in all four lanes, but
//    that would collide with the option ROM in lane 0 and every OS reads lane 2;
//  * writes are ignored (it is a ROM) and no access raises a bus error.
#pragma once
#include "devices/board/esar.h"
#include "devices/device.h"
#include "devices/tc/tc_option_rom.h"

namespace emu {

class PmadAaRom final : public Device {
 public:
  static constexpr u32 kSlotOffset = 0x1c0000;       // where the window starts in the slot
  static constexpr u32 kAliasSlotOffset = 0x3c0000;  // the same window again
  static constexpr u32 kWindowSize = 0x40000;        // 256 KiB
  static constexpr u32 kEsarLane = 2;

  // The ESAR is not owned (the machine keeps it for --mac reporting and the LANCE).
  explicit PmadAaRom(const Esar& esar);

  const char* name() const override { return "pmad-aa-rom"; }
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo&) override {}  // no state: ROM contents are rebuilt from the station address

  // The byte in lane `lane` of the word at window offset `word_offset` (multiple of 4).
  u8 lane_byte(u32 word_offset, unsigned lane) const;
  const TcOptionRom& option_rom() const { return rom_; }

  static TcRomInfo rom_info();

 private:
  const Esar& esar_;
  TcOptionRom rom_;
};

}  // namespace emu
