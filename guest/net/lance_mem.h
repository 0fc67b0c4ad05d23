// Where the LANCE's memory is and how the CPU reaches it, for the three arrangements the
// driver supports (chosen at run time by lance_mem_setup):
//
//   KN01 gap2        64 KiB of 16-bit RAM; LANCE address L is the halfword at CPU kseg1
//                    0xb9000000 + 2*(L & ~1), bits 15:0 of a longword; the upper
//                    halfword has no RAM. The CPU uses halfword accesses only; a copy that
//                    starts or ends on an odd LANCE address reads the halfword, replaces
//                    one byte and writes it back (NetBSD le_dec_copytobuf_gap2 /
//                    copyfrombuf_gap2). Sources: decstation-memory-maps.md §1.6,
//                    am7990-lance.md §10.
//   PMAD contiguous  128 KiB SRAM at slot 6 + 0 (kseg1 0xbf800000 on the KN02); LANCE
//                    address L = SRAM byte L, any access width (memory-maps §2.6). The
//                    copies use aligned words where both sides allow, bytes otherwise
//                    (no lwl/lwr against device memory).
//   main memory      `emu --lance-dma main`: LANCE address L = physical address L. The
//                    area is a static array of this program (its physical address is the
//                    LANCE address). Init block and descriptors, which the chip writes,
//                    are accessed through kseg1 (uncached), so polling OWN never sees a
//                    stale cached copy. Packet data goes through kseg0: before the CPU reads
//                    a received frame the D-cache lines over it are invalidated by
//                    isolation (r3000-cpu.md §9: Status.IsC, `sb` to each word), and after
//                    it writes a frame the write buffer is drained (wbflush) before the
//                    descriptor is handed over (lance_wiring.cpp, memory_system.h).
//
// Everything is addressed by LANCE address; the driver never computes CPU addresses.
#pragma once
#include <stdint.h>

namespace guest::net {

enum class LanceMemKind : uint8_t { kGap2, kContig, kMain };

struct LanceMem {
  LanceMemKind kind;
  uint32_t lance_base;   // LANCE address of the first byte the driver may use
  uint32_t size;         // bytes available from lance_base
  uint32_t ctl_cpu;      // CPU (kseg1) address of LANCE address 0 for control words
  unsigned ctl_shift;    // control word of LANCE address L at ctl_cpu + (L << ctl_shift)
  uint32_t data_cpu;     // CPU address of LANCE address 0 for packet data (kContig, kMain)
  bool invalidate;       // kMain: invalidate the D-cache before reading received data
  bool invalidate_pages; // kMain: ... all of each 4 KiB page the data touch, not its lines
  uint32_t inval_region; // kMain: emulator region marking the invalidation (0: none)
  volatile uint16_t* drain;  // read to drain the write buffer (user mode); nullptr: wbflush
};

// Set up for this machine: main = the --lance-dma main arrangement. The fields
// invalidate_pages and inval_region are the caller's to set afterwards.
void lance_mem_setup(LanceMem& m, bool kn02, bool main, bool invalidate);

// The same memory through a user task's uncached mapping at CPU address `mem_cpu`, where
// LANCE address `lance_base` is (KN01: halfwords as above); no invalidation is needed
// then. `drain` is a device register whose read drains the write buffer (user mode has
// no wbflush).
void lance_mem_rebase(LanceMem& m, uint32_t mem_cpu, uint32_t lance_base, volatile uint16_t* drain);

// A 16-bit control word (init block, descriptor) at even LANCE address `l`.
inline volatile uint16_t* lance_word(const LanceMem& m, uint32_t l) {
  return reinterpret_cast<volatile uint16_t*>(m.ctl_cpu + (l << m.ctl_shift));
}

// Packet data between CPU memory (ordinary cached RAM) and LANCE memory at `l`.
void lance_copy_to(const LanceMem& m, uint32_t l, const void* src, unsigned n);
void lance_copy_from(const LanceMem& m, uint32_t l, void* dst, unsigned n);
// After the last lance_copy_to of a frame and before its descriptor goes to the chip.
void lance_data_written(const LanceMem& m);

}  // namespace guest::net
