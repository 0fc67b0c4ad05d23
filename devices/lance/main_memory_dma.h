// A LANCE that reaches main memory: the DMA path of DECstation 5000 IOASIC machines
// (5000/1xx, /2x, /240), where the I/O ASIC turns each Am7990 transfer into a main-memory
// access inside a window whose physical base the system programs (IOASIC LANCE DMA
// pointer). Accesses go through emu::PhysicalBus, so its write observer sees every byte
// the LANCE stores (cache-coherence checking), and an address with nothing behind it makes
// the transfer fail: the LANCE reports MERR.
//
// Sources: the brief for this model (configurable physical base, MERR on unmapped);
// NetBSD sys/dev/tc/if_le_ioasic.c (128 KiB window aligned to 128 KiB, LE_IOASIC_MEMSIZE;
// descriptors and init block accessed as "gap2", packet buffers as "gap16"); DEC's VAX
// 4000 IOCTL manual §9.5.2.3 (the same LANCE DMA scheme: the LANCE address is shifted left
// by one, bursts of eight 16-bit words are packed into four longwords and the next burst
// lands four longwords further on; single descriptor accesses use the low 16 bits).
//
// Layouts (LANCE address L, physical base B):
//   kContiguous: byte L at B + L (L: 24 bits). A simple DMA window for experiments.
//   kIoasic:     control (init block, descriptors): word L at B + 2L, bits 15:0 of a
//                longword ("gap2"); data: byte L at B + ((2L) & ~0x1f) + (L & 0xf), i.e.
//                16 bytes of data in every 32 ("gap16"). L is taken modulo 64 KiB, which is
//                what a 128 KiB window holds (decision; bits above 15 UNCONFIRMED).
#pragma once
#include "devices/lance/lance_memory.h"
#include "emu/mem/physical_bus.h"

namespace emu {

class MainMemoryDma : public LanceMemory {
 public:
  enum class Layout { kContiguous, kIoasic };

  // The bus must outlive the adapter. base: physical address of LANCE address 0 (even).
  MainMemoryDma(PhysicalBus& bus, u32 base, Layout layout = Layout::kContiguous,
                u64 word_ns = kDefaultLanceWordNs);

  // The system may move the window (IOASIC LANCE DMA pointer register).
  void set_base(u32 base) { base_ = base & ~1u; }
  u32 base() const { return base_; }
  Layout layout() const { return layout_; }

  // Physical address of LANCE byte `laddr` for a transfer of `kind`.
  u32 physical(u32 laddr, LanceCycle kind) const;

  bool read16(u32 laddr, LanceCycle kind, u16& value) override;
  bool write16(u32 laddr, LanceCycle kind, u16 value, unsigned lanes) override;
  net::Picos word_ps() const override { return word_ps_; }

 private:
  PhysicalBus& bus_;
  u32 base_;
  Layout layout_;
  net::Picos word_ps_;
};

}  // namespace emu
