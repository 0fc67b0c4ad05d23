// A minimal PNG encoder for screenshots: 8-bit RGB, no interlace, every row filtered with
// "None" and the whole image deflated by zlib (PNG specification, ISO/IEC 15948, §11-12).
#pragma once
#include <vector>

#include "emu/common/types.h"

namespace emu {

// `rgb` holds width * height pixels 0x00RRGGBB, row by row from the top. Throws
// EmulatorError if zlib fails (out of memory).
std::vector<u8> encode_png(const u32* rgb, unsigned width, unsigned height);

}  // namespace emu
