// PMAD-AA ROM window. See pmad_aa_rom.h for the layout, sources and decisions.
#include "devices/tc/pmad_aa_rom.h"

namespace emu {

TcRomInfo PmadAaRom::rom_info() {
  TcRomInfo info;
  info.module = "PMAD-AA";
  info.rom_size_8k = (kWindowSize / 4) / 8192;  // 8: 64 KiB at stride 4 fill the window
  info.slot_size_4m = 1;
  return info;
}

PmadAaRom::PmadAaRom(const Esar& esar) : esar_(esar), rom_(rom_info()) {}

u8 PmadAaRom::lane_byte(u32 word_offset, unsigned lane) const {
  switch (lane) {
    case 0: return rom_.lane0(word_offset);
    case kEsarLane: return esar_.byte(word_offset >> 2);  // Esar::byte wraps at 32
    default: return 0;
  }
}

bool PmadAaRom::read(u32 offset, unsigned size, u32& value) {
  const u32 word = (offset & ~3u) % kWindowSize;
  value = 0;
  for (unsigned i = 0; i < size; ++i) {
    const unsigned lane = (offset & 3) + i;
    value |= u32(lane_byte(word, lane)) << (8 * i);
  }
  return true;
}

bool PmadAaRom::write(u32, unsigned, u32) { return true; }

}  // namespace emu
