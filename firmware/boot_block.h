// The boot parameter block: how the emulator hands the boot ROM what a user typed at the
// PROM prompt and what it "netbooted" into memory. It lives in the last 4 KiB of the ROM
// image (the emulator writes it when it builds the ROM, like settings kept in NVRAM), so
// guests never see anything a real DECstation would not have: they see only the PROM
// interface. Shared by the emulator (emu/machine/boot.cpp) and the firmware (C++).
// Version 2 adds flags (--prompt) and the count of --append arguments.
#pragma once
#ifdef __mips__
typedef unsigned int bb_u32;
#else
#include <cstdint>
typedef std::uint32_t bb_u32;
#endif

#define BOOT_BLOCK_MAGIC 0x42554d45u  /* "EMUB" */
#define BOOT_BLOCK_VERSION 2u
#define BOOT_BLOCK_ROM_OFFSET 0x3f000u /* ROM offset: kseg1 0xbfc3f000 */
#define BOOT_BLOCK_RAM_COPY 0xa0010000u /* where the ROM copies it (argv, environment) */
#define BOOT_BLOCK_MAX_ARGS 16u
#define BOOT_BLOCK_MAX_ENV 32u
#define BOOT_BLOCK_STRINGS 2048u
#define BOOT_FLAG_PROMPT 1u  /* --prompt: stop at the >> prompt even when a kernel was netbooted */
/* The netbooted image has bytes in physical 0x0-0xff (its own exception vectors): a PROM
 * loads an image after installing its vectors, so the image's bytes win there. */
#define BOOT_FLAG_IMAGE_VECTORS 2u

struct BootBlock {
  bb_u32 magic;
  bb_u32 version;
  bb_u32 board;         /* systype board byte: 1 = KN01 (DS2100/3100), 2 = KN02 (DS5000/200) */
  bb_u32 cpu_hz;
  bb_u32 ram_bytes;
  bb_u32 kernel_entry;  /* 0: no kernel, show the >> prompt */
  bb_u32 argc;
  bb_u32 envc;
  bb_u32 flags;         /* BOOT_FLAG_* */
  bb_u32 append_argc;   /* the last append_argc entries of argv came from --append */
  /* Pointers are kseg1 addresses inside the RAM copy at BOOT_BLOCK_RAM_COPY. */
  bb_u32 argv[BOOT_BLOCK_MAX_ARGS + 1];
  bb_u32 envp[BOOT_BLOCK_MAX_ENV + 1];
  char strings[BOOT_BLOCK_STRINGS];
};
