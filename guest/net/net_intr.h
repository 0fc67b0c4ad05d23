// The guest network driver's exception handling: a general exception vector at
// 0x80000080 (Status.BEV cleared), interrupt dispatch to the LANCE on each board, and a
// report of any other exception.
//
// Sources: r3000-cpu.md (general vector 0x80000080 when BEV = 0; Cause.IP, Status.IM);
// where the LANCE's line arrives on each board: lance_irq.h.
//
// Only the LANCE's interrupt is unmasked in Status. On the KN02 the driver sets IOINTEN
// to the LANCE's bit alone (and restores the previous value on close), so no other source
// can hold IP2 asserted without a handler to acknowledge it.
#pragma once
#include <stdint.h>

namespace guest::net {

// Copy the vector stub to 0x80000080, make it visible to instruction fetch (the PROM's
// clear_cache), clear BEV. Interrupts stay off until net_intr_enable(true).
void net_intr_install();
// Unmask (or mask) the LANCE's interrupt at the board and in Status, and set IEc.
void net_intr_enable(bool on);
// Interrupts off, BEV set again (the boot ROM's vectors), board enable restored.
void net_intr_uninstall();

// Status.IEc off / back as it was (a short critical section).
uint32_t net_irq_save();
void net_irq_restore(uint32_t status);

}  // namespace guest::net
