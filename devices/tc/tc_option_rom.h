// A TURBOchannel option ROM with the standard module header, for the option cards (and
// on-board TURBOchannel devices) of the DECstation 5000 family.
//
// Sources: decstation-memory-maps.md §2.7; DEC "TURBOchannel Firmware Specification"
// (EK-TCAAD-FS-004) as transcribed in Linux include/linux/tc.h (field offsets) and used by
// Linux drivers/tc/tc.c (probe: pattern bytes at ROM + 0x3f0/4/8/c, then firmware version,
// vendor and module name at +0x400/+0x420/+0x440 with stride 4, slot size at +0x3ec) and
// NetBSD sys/dev/tc/tcreg.h, tc.c (tc_check_romp: width 1, 2 or 4, stride 4, test pattern
// in each of the `width` lanes). GXemul dev_turbochannel.cc builds the same header.
//
// Model: a ROM one byte wide, read at a stride of 4 — ROM byte k is byte lane 0 of the bus
// word at ROM offset 4k; lanes 1-3 are not driven by this ROM (a card may put something
// else there, e.g. the PMAD-AA's station-address ROM in lane 2). Where the ROM starts in
// the slot is the card's business (slot + 0 for most cards, where the OS looks first;
// slot + 0x3c0000, the "old card" / "proto ROM" offset that both OSes also probe, for cards
// whose buffer RAM occupies slot + 0).
//
// Header, at bus offsets from the start of the ROM (each field byte in lane 0 of a word):
//   0x3e0 width (1)        0x3e4 stride (4)       0x3e8 ROM size, 8 KiB units
//   0x3ec slot size, 4 MiB units (Linux refuses a module larger than the slot)
//   0x3f0 test pattern 55 00 aa ff at 0x3f0, 0x3f4, 0x3f8, 0x3fc
//   0x400 firmware version, 8 chars   0x420 vendor, 8 chars   0x440 module name, 8 chars
//   0x460 firmware type, 4 chars ("TCF0")   0x470 flags (bit 0: the card checks parity)
// Text fields are padded with spaces to their length, as OSes compare them ("PMAD-AA ").
// The rest of the ROM (diagnostic and console code on real cards) reads 0 (decision: we
// have no images of real option ROMs).
#pragma once
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu {

struct TcRomInfo {
  std::string module;                      // e.g. "PMAD-AA" (at most 8 characters)
  std::string vendor = "DEC";              // at most 8
  std::string firmware_version = "V5.3a";  // at most 8 (GXemul's value; real ones vary)
  std::string firmware_type = "TCF0";      // at most 4
  u32 rom_size_8k = 1;                     // the ROM's size in 8 KiB units (>= 1)
  u32 slot_size_4m = 1;                    // address space the module decodes, 4 MiB units
  bool parity = false;
};

class TcOptionRom {
 public:
  // Bus offsets of the header fields from the start of the ROM.
  static constexpr u32 kWidth = 0x3e0, kStride = 0x3e4, kRomSize = 0x3e8, kSlotSize = 0x3ec,
                       kTestPattern = 0x3f0, kFirmwareVersion = 0x400, kVendor = 0x420,
                       kModule = 0x440, kFirmwareType = 0x460, kFlags = 0x470, kHeaderEnd = 0x480;
  // Where OSes look for the ROM inside a slot (Linux TC_NEWCARD / TC_OLDCARD; NetBSD
  // TC_SLOT_ROM - 0x3e0 / TC_SLOT_PROTOROM - 0x3e0).
  static constexpr u32 kNewCardBase = 0x000000, kOldCardBase = 0x3c0000;

  // Throws EmulatorError on a field too long or a zero size (a wiring mistake).
  explicit TcOptionRom(const TcRomInfo& info);

  // ROM byte k (k taken modulo the ROM size: the ROM sees only its own address lines).
  u8 byte(u32 k) const { return rom_[k % rom_.size()]; }
  // The byte the ROM drives in lane 0 of the bus word at ROM offset `offset`.
  u8 lane0(u32 offset) const { return byte(offset >> 2); }
  u32 size() const { return static_cast<u32>(rom_.size()); }
  const TcRomInfo& info() const { return info_; }

 private:
  TcRomInfo info_;
  std::vector<u8> rom_;
};

}  // namespace emu
