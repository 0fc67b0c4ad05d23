// What the AMD Am7990 LANCE sees as a bus master: 16-bit transfers at 24-bit LANCE
// addresses, answered by whatever the board puts behind the chip (KN01 "gap2" buffer RAM,
// the PMAD-AA's SRAM, or main memory through an IOASIC-style DMA window).
//
// Sources: shared/reference/am7990-lance.md §3 (BSWP concerns packet data only; the
// init block and descriptors are plain 16-bit words), §10 (board adapters as 16-bit word
// accessors), §11 (DMA in 16-bit words); NetBSD sys/dev/tc/if_le_ioasic.c (IOASIC boards
// lay descriptors and packet data out differently, so an adapter must know which one a
// transfer is); MAME am79c90.cpp dma_out (partial-word writes with byte masks for odd
// buffer boundaries).
//
// Word layout: bits 7:0 of a transfer are the byte at the even LANCE address L, bits 15:8
// the byte at L+1 (the LANCE's DAL[7:0]/DAL[15:8] with BSWP = 0). The LANCE applies BSWP
// itself before handing packet data to the adapter.
//
// Time: an adapter states how long one transfer takes; the LANCE converts that into its
// machine's cycles. The reference gives no figure: the default (kDefaultLanceWordNs) is an
// assumption, see below.
#pragma once
#include "emu/common/types.h"
#include "emu/net/ethernet.h"

namespace emu {

// What a transfer is for. Boards that treat both alike ignore it.
enum class LanceCycle {
  kControl,  // init block and ring descriptors
  kData,     // packet data in transmit and receive buffers
};

// Byte enables of a write: bit 0 = bits 7:0 (byte at L), bit 1 = bits 15:8 (byte at L+1).
inline constexpr unsigned kLaneLow = 1, kLaneHigh = 2, kLanesBoth = 3;

// Assumption (no figure in the reference): one LANCE bus-master transfer takes 600 ns,
// six periods of the chip's 10 MHz clock with no wait states (the Am7990 DMA cycle as
// remembered from the data sheet; UNCONFIRMED). Every adapter takes its own value.
inline constexpr u64 kDefaultLanceWordNs = 600;

class LanceMemory {
 public:
  virtual ~LanceMemory() = default;
  // One 16-bit read at even LANCE address `laddr` (bits 23:0). False: nothing answered,
  // which the LANCE reports as MERR.
  virtual bool read16(u32 laddr, LanceCycle kind, u16& value) = 0;
  // One 16-bit write of the enabled byte lanes. False: nothing answered (MERR).
  virtual bool write16(u32 laddr, LanceCycle kind, u16 value, unsigned lanes) = 0;
  // Duration of one transfer, in picoseconds.
  virtual net::Picos word_ps() const = 0;
};

}  // namespace emu
