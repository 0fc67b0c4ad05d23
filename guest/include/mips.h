// R2000/R3000 system-control (CP0) access for bare-metal guests.
// Sources: shared/reference/r3000-cpu.md (CP0 register numbers and bits; the R3000
// has a one-instruction delay before an mfc0 result can be used and before an mtc0 takes
// effect), NetBSD sys/arch/mips/include/cpuregs.h for the names.
#pragma once
#include <stdint.h>

namespace guest::cpu {

// CP0 register numbers on the R3000.
enum Cp0 : unsigned {
  kIndex = 0, kRandom = 1, kEntryLo = 2, kContext = 4, kBadVAddr = 8,
  kEntryHi = 10, kStatus = 12, kCause = 13, kEpc = 14, kPrid = 15,
};

// Status register bits.
constexpr uint32_t kStatusIEc = 1u << 0;   // current interrupt enable
constexpr uint32_t kStatusKUc = 1u << 1;   // current mode: 1 = user
constexpr uint32_t kStatusIEp = 1u << 2;
constexpr uint32_t kStatusKUp = 1u << 3;
constexpr uint32_t kStatusIEo = 1u << 4;
constexpr uint32_t kStatusKUo = 1u << 5;
constexpr uint32_t kStatusImMask = 0xffu << 8;  // IM0..IM7
constexpr uint32_t kStatusIsC = 1u << 16;  // isolate cache
constexpr uint32_t kStatusSwC = 1u << 17;  // swap caches
constexpr uint32_t kStatusBEV = 1u << 22;  // bootstrap exception vectors
constexpr uint32_t kStatusCU0 = 1u << 28;
constexpr uint32_t kStatusCU1 = 1u << 29;

// Cause register fields.
constexpr uint32_t kCauseBD = 1u << 31;
constexpr unsigned kCauseExcShift = 2;
constexpr uint32_t kCauseExcMask = 0x1fu << kCauseExcShift;
constexpr uint32_t kCauseIpMask = 0xffu << 8;

// The trailing nop covers the R3000's CP0 load delay (mfc0) and mtc0 latency, so callers
// never depend on the compiler scheduling around an asm block.
template <unsigned Reg>
inline uint32_t mfc0() {
  uint32_t v;
  asm volatile(".set push\n\t.set noreorder\n\tmfc0 %0, $%1\n\tnop\n\t.set pop"
               : "=r"(v) : "i"(Reg));
  return v;
}
template <unsigned Reg>
inline void mtc0(uint32_t v) {
  asm volatile(".set push\n\t.set noreorder\n\tmtc0 %0, $%1\n\tnop\n\t.set pop"
               :: "r"(v), "i"(Reg) : "memory");
}

inline uint32_t status() { return mfc0<kStatus>(); }
inline void set_status(uint32_t v) { mtc0<kStatus>(v); }
inline uint32_t cause() { return mfc0<kCause>(); }
inline uint32_t epc() { return mfc0<kEpc>(); }
inline uint32_t badvaddr() { return mfc0<kBadVAddr>(); }
inline uint32_t prid() { return mfc0<kPrid>(); }

// Disable interrupts; returns the previous Status for restore_interrupts().
inline uint32_t disable_interrupts() {
  uint32_t s = status();
  set_status(s & ~kStatusIEc);
  return s;
}
inline void restore_interrupts(uint32_t s) { set_status(s); }

// Wait until the write buffer has drained. On the DECstation the R2020/R3020 write buffer
// drives CpCond0 ("write buffer empty"), so `bc0f` to itself spins until every posted
// store has reached the bus. The nops let the last store enter the buffer before
// CpCond0 is sampled (as NetBSD's mips1 wbflush does). GXemul recognises exactly this
// `1: bc0f 1b` idiom.
inline void wbflush() {
  asm volatile(".set push\n\t.set noreorder\n\tnop\n\tnop\n\tnop\n\tnop\n"
               "1:\tbc0f 1b\n\tnop\n\t.set pop" ::: "memory");
}

}  // namespace guest::cpu
