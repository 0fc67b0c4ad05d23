// Kernel-wide helpers: panic, the kernel's console output (the runtime's polled DC7085
// printf), and small constants.
#pragma once
#include <stdint.h>

#include "console.h"
#include "libc.h"

namespace kern {

constexpr uint32_t kPageSize = 4096;
constexpr uint32_t kPageShift = 12;
inline uint32_t kseg0_to_phys(uint32_t a) { return a & 0x1fffffff; }
inline uint32_t phys_to_kseg0(uint32_t p) { return p | 0x80000000; }

// Print "kernel panic: ..." and stop the machine (the PROM's halt).
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// End the run through the PROM (BEV set again, as the PROM expects its own vectors).
[[noreturn]] void halt(int status);

}  // namespace kern
