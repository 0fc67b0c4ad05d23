// Loader for kernel images in MIPS little-endian ECOFF, the format of Ultrix and Mach
// kernels, DEC boot programs, NetBSD/pmax `netbsd.ecoff` and Linux `vmlinux.ecoff` (both
// made by elf2ecoff), and of `mipsel-linux-gnu-objcopy -O ecoff-littlemips`.
//
// Sources (public): binutils include/coff/ecoff.h, include/coff/mips.h and bfd/ecoff.c
// (header layouts; how GNU tools lay an executable out); NetBSD sys/sys/exec_ecoff.h,
// sys/arch/mips/include/ecoff_machdep.h and sys/lib/libsa/loadfile_ecoff.c (how a boot
// loader places one); Linux arch/mips/boot/ecoff.h and elf2ecoff.c.
//
// What is read: the file header (20 bytes: f_magic must be MIPSELMAGIC 0x0162), the a.out
// ("optional") header (56 bytes: OMAGIC 0407, NMAGIC 0410 or ZMAGIC 0413; tsize, dsize,
// bsize, entry, text_start, data_start, bss_start) and the section headers (40 bytes each).
// The a.out header alone says what is loaded where, as for a boot loader: tsize bytes at
// text_start, dsize bytes at data_start, bsize zero bytes at bss_start; the entry point
// must lie in the text. The text starts in the file at
//   ZMAGIC: 0 (the headers are the start of the text, text_start names their address);
//   otherwise: 76 + 40 * f_nscns rounded up to 8 bytes (vstamp < 23) or 16 (vstamp >= 23);
// the data follows the text (for ZMAGIC, at the next 4096-byte boundary).
// The section headers cross-check this: every section with file contents that starts in
// the text or the data must sit at the file offset that layout implies. GNU objcopy
// (binutils bfd/ecoff.c) breaks that in two ways. Its OMAGIC text is aligned to 16 bytes
// whatever the vstamp: when all sections of a segment agree on another offset, that offset
// is used (it is where binutils itself reads them). Its ZMAGIC text_start is the page of
// the .text section, while tsize counts the headers as if they were in memory there: no
// offset mends that, and such an image is refused, with the advice to use OMAGIC
// (objcopy --impure). A section may end up to 64 bytes past its segment, if those bytes
// are zero or beyond the end of the file (binutils sums section sizes, not their spans);
// a loaded section (text, data, rdata, sdata, literals) outside both the text and the data
// is refused (binutils' header covers only contiguous data sections).
// Not read: the symbolic header and symbol tables (f_symptr, f_nsyms: optional, skipped,
// so LoadedImage::symbols is empty), relocations, line numbers, gp_value and register masks.
// Refused: big-endian ECOFF (MIPSEBMAGIC 0x0160), MIPS II/III ECOFF (0x0166, 0x0142), objects
// without an a.out header, and any segment outside kseg0/kseg1 (image.h).
#pragma once
#include <cstddef>
#include <string>

#include "emu/loader/image.h"

namespace emu {

// True if the first bytes of a file are a MIPS ECOFF magic number of either byte order
// (so read_ecoff, not "bad magic", is the one to explain what is wrong with it).
bool is_ecoff_magic(const u8* bytes, size_t n);

// Parse and validate an ECOFF image; throws UserError "PATH: problem" (one line) on any
// error. Reads only the headers, the text and the data. Most callers want read_image.
LoadedImage read_ecoff(const std::string& path);

}  // namespace emu
