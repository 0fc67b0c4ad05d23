// The DS1287 real-time clock as the kernel's tick: its periodic interrupt at 256 Hz,
// on KN01 Int3 (Cause.IP5) and on KN02 Int1 (Cause.IP3), acknowledged by reading
// register C. The CPU clock rate is measured against it at boot (cycles per tick, from
// the emulator's cycle counter; 0 on real hardware, where the counter reads 0).
#pragma once
#include <stdint.h>

namespace kern {

constexpr uint32_t kClockHz = 256;

void clock_init();              // calibrate, then enable the periodic interrupt
uint32_t clock_interrupt_mask();  // the Status.IM bit of the clock on this board
void clock_ack();               // read register C: clears the flags and the IRQ
uint32_t cpu_khz();

}  // namespace kern
