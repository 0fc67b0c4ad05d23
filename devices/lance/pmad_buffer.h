// The PMAD-AA TURBOchannel Ethernet module's buffer: 128 KiB of SRAM shared by the CPU and
// the module's Am7990, contiguous on both sides (DECstation 5000/200 on-board slot 6, or
// a PMAD-AA in an option slot). The SRAM is at offset 0 of the slot; the LANCE registers
// (+0x100000) and the ESAR ROM (+0x1c0000) are separate devices.
//
// Sources: shared/reference/decstation-memory-maps.md §2.6 (Linux declance.c "PMAD-AA
// has a 128 kB buffer on-board"; NetBSD sys/dev/tc/if_le_tc.c copytobuf_contig; GXemul
// src/devices/dev_le.cc), am7990-lance.md §10.
//
// LANCE side: LANCE address L is byte L & 0x1ffff of the SRAM (little-endian 16-bit words:
// the byte at even L is bits 7:0). Decision: LANCE address bits above 16 are ignored, so
// the SRAM wraps every 128 KiB as in GXemul (UNCONFIRMED).
// CPU side: slot offset o is SRAM byte o; any access width, little-endian. Decision: the
// SRAM decode window is 1 MiB (slot offsets 0..0xfffff, up to the registers) and the SRAM
// repeats every 128 KiB inside it (GXemul's wrap; real aliasing UNCONFIRMED). Offsets at or
// beyond 1 MiB are not answered (false).
#pragma once
#include <vector>

#include "devices/device.h"
#include "devices/lance/lance_memory.h"

namespace emu {

class PmadBuffer : public Device, public LanceMemory {
 public:
  static constexpr u32 kBytes = 0x20000;        // 128 KiB SRAM
  static constexpr u32 kWindowBytes = 0x100000;  // SRAM window inside the slot

  explicit PmadBuffer(u64 word_ns = kDefaultLanceWordNs);

  // Device (CPU side). The SRAM is not cleared by a board reset.
  const char* name() const override { return "pmad-buffer"; }
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override;

  // LanceMemory (LANCE side); every address answers.
  bool read16(u32 laddr, LanceCycle kind, u16& value) override;
  bool write16(u32 laddr, LanceCycle kind, u16 value, unsigned lanes) override;
  net::Picos word_ps() const override { return word_ps_; }

  u8 byte(u32 i) const { return sram_.at(i); }

 private:
  std::vector<u8> sram_;
  net::Picos word_ps_;
};

}  // namespace emu
