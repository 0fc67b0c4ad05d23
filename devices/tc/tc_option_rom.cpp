// TURBOchannel option ROM header. See tc_option_rom.h for the layout and sources.
#include "devices/tc/tc_option_rom.h"

#include "emu/common/error.h"

namespace emu {

namespace {

void put_text(std::vector<u8>& rom, u32 bus_offset, const std::string& text, size_t len, const char* what) {
  if (text.size() > len)
    throw EmulatorError(std::string("tc option rom: ") + what + " '" + text + "' is longer than " +
                        std::to_string(len) + " characters");
  for (size_t i = 0; i < len; ++i) rom[bus_offset / 4 + i] = static_cast<u8>(i < text.size() ? text[i] : ' ');
}

}  // namespace

TcOptionRom::TcOptionRom(const TcRomInfo& info) : info_(info) {
  if (info.rom_size_8k == 0 || info.slot_size_4m == 0 || info.slot_size_4m > 0xff || info.rom_size_8k > 0xff)
    throw EmulatorError("tc option rom: ROM and slot sizes must be 1..255 units");
  rom_.assign(size_t(info.rom_size_8k) * 8192, 0);
  rom_[kWidth / 4] = 1;
  rom_[kStride / 4] = 4;
  rom_[kRomSize / 4] = static_cast<u8>(info.rom_size_8k);
  rom_[kSlotSize / 4] = static_cast<u8>(info.slot_size_4m);
  const u8 pattern[4] = {0x55, 0x00, 0xaa, 0xff};
  for (unsigned i = 0; i < 4; ++i) rom_[kTestPattern / 4 + i] = pattern[i];
  put_text(rom_, kFirmwareVersion, info.firmware_version, 8, "firmware version");
  put_text(rom_, kVendor, info.vendor, 8, "vendor");
  put_text(rom_, kModule, info.module, 8, "module name");
  put_text(rom_, kFirmwareType, info.firmware_type, 4, "firmware type");
  rom_[kFlags / 4] = info.parity ? 1 : 0;
}

}  // namespace emu
