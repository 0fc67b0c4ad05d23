/* Where the boot ROM keeps things in RAM, shared by start.S (preprocessed assembly),
 * the ROM's C++ and the emulator (emu/machine). Plain #defines so assembly can use them.
 *
 * The ROM owns physical 0x10000-0x2ffff (kernels are linked at 0x80030000 or above, as
 * NetBSD's and Linux's are; decstation-memory-maps.md §4). Everything a kernel may still
 * need from the ROM after it starts (environment, console state, bitmap) sits below
 * 0x28000, because Linux hands getbitmap() a buffer at 0x28000 ("some free 64k",
 * arch/mips/dec/prom/memory.c). Addresses are kseg1 (uncached): the ROM runs uncached and
 * never has to flush what it writes here.
 *
 *   0x10000  boot block copy (boot_block.h), argv/environment strings of the netboot
 *   0x11000  ROM state (PROM_STATE_*)
 *   0x12000  environment: the ROM's NVRAM stand-in, kept by the emulator across reboot
 *   0x13000  argv/envp and strings built for the kernel, command-line buffer
 *   0x14000  memory bitmap: int pagesize, then 1 bit per 4 KiB page (up to 480 MiB)
 *   0x18000-0x27fff  the ROM's own stack (only while the ROM runs its own code)
 */
#ifndef FIRMWARE_LAYOUT_H
#define FIRMWARE_LAYOUT_H

#define PROM_STATE            0xa0011000
#define PROM_STATE_RECOVER    0   /* nonzero: a bus error resumes here (memory probe) */
#define PROM_NVRAM            0xa0012000
#define PROM_NVRAM_PHYS       0x00012000
#define PROM_NVRAM_SIZE       0x1000
#define PROM_ARGS             0xa0013000
#define PROM_MEMMAP           0xa0014000
#define PROM_MEMMAP_MAX_BYTES 15360  /* 480 MiB / 4 KiB / 8 */
#define PROM_STACK_TOP        0xa0028000

#endif
