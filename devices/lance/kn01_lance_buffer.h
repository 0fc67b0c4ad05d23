// The DECstation 2100/3100 (KN01) LANCE buffer: 64 KiB of RAM organised as 32 K x 16 bit,
// the only memory the KN01's Am7990 can reach, and the CPU's window onto it at phys
// 0x19000000 (128 KiB: each 16-bit word in the low half of a 32-bit word, "gap2").
//
// Sources: shared/reference/decstation-memory-maps.md §1.6 (from Linux
// drivers/net/ethernet/amd/declance.c cp_to_buf/cp_from_buf PMAX case, NetBSD
// sys/dev/tc/if_le_dec.c le_dec_copytobuf_gap2, MAME src/mame/dec/kn01.cpp nram and its
// DMA masks), am7990-lance.md §10.
//
// LANCE side: LANCE address L reaches word (L >> 1) & 0x7fff; address bits 23:16 are not
// decoded (the RAM aliases every 64 KiB, as MAME's 0xffff mask does).
//
// CPU side (offsets inside the 128 KiB window; a longword at 4*w holds RAM word w):
//   byte  at 4w+0 = bits 7:0 of word w (LANCE byte 2w),  4w+1 = bits 15:8 (LANCE byte 2w+1)
//   half  at 4w+0 = word w;  32-bit at 4w = word w in bits 15:0, bits 31:16 read 0
//   bytes 4w+2, 4w+3 (the upper halfword) have no RAM: they read 0 and ignore writes.
// Decision: byte accesses honour the two byte lanes and a 32-bit write stores bits 15:0
// (MAME's behaviour). Real hardware is UNCONFIRMED — Linux says the buffer "supports
// halfword accesses only"; NetBSD uses halfwords and read-modify-write for odd bytes, so
// both drivers work either way. Offsets at or beyond 128 KiB are not answered (false).
#pragma once
#include <vector>

#include "devices/device.h"
#include "devices/lance/lance_memory.h"

namespace emu {

class Kn01LanceBuffer : public Device, public LanceMemory {
 public:
  static constexpr u32 kPhysBase = 0x19000000;   // where the KN01 maps the CPU window
  static constexpr u32 kWords = 0x8000;          // 32 K x 16 bit = 64 KiB
  static constexpr u32 kWindowBytes = 0x20000;   // 128 KiB CPU window

  explicit Kn01LanceBuffer(u64 word_ns = kDefaultLanceWordNs);

  // Device (CPU side). The RAM is not cleared by a board reset (no reset override).
  const char* name() const override { return "kn01-lance-buffer"; }
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override;

  // LanceMemory (LANCE side); every address answers.
  bool read16(u32 laddr, LanceCycle kind, u16& value) override;
  bool write16(u32 laddr, LanceCycle kind, u16 value, unsigned lanes) override;
  net::Picos word_ps() const override { return word_ps_; }

  // Inspection for tests and debuggers: RAM word w.
  u16 word(u32 w) const { return ram_.at(w); }

 private:
  static u32 index(u32 laddr) { return (laddr >> 1) & (kWords - 1); }
  std::vector<u16> ram_;
  net::Picos word_ps_;
};

}  // namespace emu
