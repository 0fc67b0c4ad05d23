// How a kernel reaches a running machine (README "Boot protocol"):
//   1. the boot ROM image (ours from firmware/, or --firmware) is placed at 0x1fc00000;
//   2. the kernel (ELF or ECOFF) is "netbooted": the emulator copies its segments into RAM, as a
//      PROM's network boot would have;
//   3. the emulator writes a boot block (firmware/boot_block.h) into the last 4 KiB of our
//      ROM: entry point, argv and environment as a user typing `boot` would produce them;
//   4. the CPU starts at the reset vector; our ROM sizes and flushes the caches, sizes
//      memory, then enters the kernel with the arguments a DEC PROM passes (a0 = argc,
//      a1 = argv; KN01 a2 = environment; KN02 a2 = REX magic, a3 = callback vector), or
//      shows its >> prompt (no --kernel, or --prompt).
// A reboot the ROM asks for (kEmuReboot, machine.cpp) runs steps 1-4 again.
#include <cstring>

#include "emu/common/error.h"
#include "emu/common/read_file.h"
#include "emu/machine/machine.h"
#include "firmware/boot_block.h"

#ifndef EMU_FIRMWARE_PATH
#define EMU_FIRMWARE_PATH "rom.bin"
#endif

namespace emu {

std::string Machine::default_firmware_path() { return EMU_FIRMWARE_PATH; }

void Machine::build_rom() {
  our_firmware_ = opt_.firmware.empty();
  const std::string path = our_firmware_ ? default_firmware_path() : opt_.firmware;
  // Ours must leave room for the boot block the emulator writes into its last 4 KiB.
  const u32 limit = our_firmware_ ? BOOT_BLOCK_ROM_OFFSET : kRomSize;
  std::vector<u8> image;
  try {
    image = read_user_file(path, limit, "the boot ROM image");
  } catch (const UserError& e) {
    if (!our_firmware_) throw;
    throw UserError(std::string(e.what()) + " (was the firmware built? run tools/test or cmake --build)");
  }
  if (image.empty()) throw UserError(path + ": the boot ROM image is empty");
  std::fill(rom_.begin(), rom_.end(), 0xff);  // erased EPROM
  std::memcpy(rom_.data(), image.data(), image.size());
}

void Machine::load_kernel() {
  if (!our_firmware_) {
    if (!opt_.kernel.empty())
      throw UserError("--kernel needs our boot ROM; a foreign ROM (--firmware) boots from its own devices");
    return;
  }
  BootBlock bb{};
  bb.magic = BOOT_BLOCK_MAGIC;
  bb.version = BOOT_BLOCK_VERSION;
  bb.board = profile_.board_type;
  bb.cpu_hz = u32(profile_.cpu_hz);
  bb.ram_bytes = u32(ram_->size());
  bb.flags = opt_.prompt ? BOOT_FLAG_PROMPT : 0;

  // Strings are laid out for the RAM copy the ROM makes at BOOT_BLOCK_RAM_COPY.
  u32 used = 0;
  const u32 strings_base = BOOT_BLOCK_RAM_COPY + u32(offsetof(BootBlock, strings));
  auto add_string = [&](const std::string& s) -> u32 {
    if (used + s.size() + 1 > BOOT_BLOCK_STRINGS) throw UserError("--append: boot arguments are too long");
    std::memcpy(bb.strings + used, s.c_str(), s.size() + 1);
    u32 addr = strings_base + used;
    used += u32(s.size() + 1);
    return addr;
  };

  std::vector<std::string> args;
  PromBootStyle style = (this->*prom_boot_style_)("");
  if (!opt_.kernel.empty()) {
    // Parsed once: a reboot loads the same image again (and --trace-exec keeps its symbols).
    if (!kernel_) kernel_ = std::make_unique<LoadedImage>(read_image(opt_.kernel));
    for (const auto& seg : kernel_->segments)
      if (seg.paddr < kPromRamEnd && seg.paddr + seg.memsz > kPromRamBegin)
        throw UserError(opt_.kernel + ": segment at 0x" + [&] {
          char b[16];
          std::snprintf(b, sizeof b, "%08x", seg.vaddr);
          return std::string(b);
        }() + " overlaps the boot ROM's work area (physical 0x10000-0x2ffff); link kernels at 0x80030000 or above");
    load_image(*kernel_, bus_, u32(ram_->size()));
    for (const auto& seg : kernel_->segments)
      if (seg.paddr < 0x100 && seg.memsz) bb.flags |= BOOT_FLAG_IMAGE_VECTORS;
    bb.kernel_entry = kernel_->entry;
    std::string base = opt_.kernel.substr(opt_.kernel.find_last_of('/') + 1);
    style = (this->*prom_boot_style_)(base);
    args = style.argv_head;
    args.push_back(style.path);
    const size_t before_append = args.size();
    std::string a = opt_.append;
    size_t pos = 0;
    while (pos < a.size()) {
      while (pos < a.size() && a[pos] == ' ') ++pos;
      size_t end = a.find(' ', pos);
      if (end == std::string::npos) end = a.size();
      if (end > pos) args.push_back(a.substr(pos, end - pos));
      pos = end;
    }
    bb.append_argc = u32(args.size() - before_append);
  }
  if (args.size() > BOOT_BLOCK_MAX_ARGS) throw UserError("--append: too many boot arguments (at most 14)");
  bb.argc = u32(args.size());
  for (size_t i = 0; i < args.size(); ++i) bb.argv[i] = add_string(args[i]);

  char systype[16];
  std::snprintf(systype, sizeof systype, "0x%08x", (0x82u << 24) | (profile_.board_type << 16) | (1u << 8));
  // The variables a DEC PROM of this board shows at power-on (dz-rtc-prom.md §3.2; NetBSD
  // promcall.c, Linux arch/mips/dec/prom/); osconsole from the board file. bootmode "h": a
  // warm reset stops at the prompt (--kernel stands for the user's boot command at
  // power-on). The ROM adds bitmap and bitmaplen once it has sized memory.
  std::vector<std::string> env = {
      "osconsole=" + style.osconsole, std::string("systype=") + systype, "bootmode=h", "haltaction=h", "scsiid0=7",
  };
  env.push_back(style.path_variable + "=" + style.path);
  bb.envc = u32(env.size());
  for (size_t i = 0; i < env.size(); ++i) bb.envp[i] = add_string(env[i]);

  static_assert(sizeof(BootBlock) <= kRomSize - BOOT_BLOCK_ROM_OFFSET);
  std::memcpy(rom_.data() + BOOT_BLOCK_ROM_OFFSET, &bb, sizeof bb);
}

}  // namespace emu
