// Measuring from a guest: the emulator operations (emu/cpu/instruction.h).
//
// Each is the instruction `ori $zero, $rs, 0xDExx`. On a real DECstation it writes
// register $zero and so does nothing at all: a guest that uses these runs unchanged on
// hardware (cycles() then returns 0, on_emulator() false). In the emulator they cost one
// cycle like any ALU instruction.
//   cycles()            the machine's cycle count (bits 31:0; cycles_hi() gives 63:32 as of
//                       the last cycles())
//   region_begin(n)     start an instance of marked region n
//   region_end(n)       end it; the emulator reports count/total/min/median/max per region
//   context(id)         the guest kernel now runs task id >> 16, thread id & 0xffff (a
//                       --trace splits time by it)
//   marker(n)           a point marker in a --trace (and --trace-start/--trace-stop marker:N)
//   halt(status)        end the run now with exit status `status & 0xff` (the runtime's
//                       exit() uses it for a failure: a DEC PROM's restart has no status)
#pragma once
#include <stdint.h>

namespace guest::emu {

inline uint32_t cycles() {
  uint32_t v;  // "=r" after a move from $zero: never allocated to $zero itself
  asm volatile(".set push\n\t.set noreorder\n\tmove %0, $zero\n\tori $zero, %0, 0xde01\n\t.set pop" : "=r"(v)::"memory");
  return v;
}
inline uint32_t cycles_hi() {
  uint32_t v;
  asm volatile(".set push\n\t.set noreorder\n\tmove %0, $zero\n\tori $zero, %0, 0xde02\n\t.set pop" : "=r"(v)::"memory");
  return v;
}
inline uint32_t instructions() {
  uint32_t v;
  asm volatile(".set push\n\t.set noreorder\n\tmove %0, $zero\n\tori $zero, %0, 0xde03\n\t.set pop" : "=r"(v)::"memory");
  return v;
}
inline bool on_emulator() {
  uint32_t v;
  asm volatile(".set push\n\t.set noreorder\n\tmove %0, $zero\n\tori $zero, %0, 0xde20\n\t.set pop" : "=r"(v));
  return v != 0;
}
// (noreorder: the assembler must not move an operation into a branch delay slot — it
// believes `ori $zero, ...` writes nothing, so it would.)
inline void region_begin(uint32_t n) {
  asm volatile(".set push\n\t.set noreorder\n\tori $zero, %0, 0xde10\n\t.set pop" ::"r"(n) : "memory");
}
inline void region_end(uint32_t n) {
  asm volatile(".set push\n\t.set noreorder\n\tori $zero, %0, 0xde11\n\t.set pop" ::"r"(n) : "memory");
}

inline void context(uint32_t id) {
  asm volatile(".set push\n\t.set noreorder\n\tori $zero, %0, 0xde12\n\t.set pop" ::"r"(id) : "memory");
}
inline void marker(uint32_t n) {
  asm volatile(".set push\n\t.set noreorder\n\tori $zero, %0, 0xde13\n\t.set pop" ::"r"(n) : "memory");
}

inline void halt(uint32_t status) {
  asm volatile(".set push\n\t.set noreorder\n\tori $zero, %0, 0xde00\n\t.set pop" ::"r"(status) : "memory");
}

// RAII helper: `{ guest::emu::Region r(3); ... }` marks the enclosed code as region 3.
struct Region {
  explicit Region(uint32_t n) : n_(n) { region_begin(n); }
  ~Region() { region_end(n_); }
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;
  uint32_t n_;
};

}  // namespace guest::emu
