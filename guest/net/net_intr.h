// The guest network driver's exception handling: a general exception vector at
// 0x80000080 (Status.BEV cleared), interrupt dispatch to the LANCE on each board, and a
// report of any other exception.
//
// Sources: r3000-cpu.md (general vector 0x80000080 when BEV = 0; Cause.IP, Status.IM),
// decstation-memory-maps.md §1.3 (KN01 LANCE on Int1 = Cause.IP3) and §2.3-2.4 (KN02: CSR
// source 6 pending in CSR bit 6, enabled by IOINTEN bit 22, cascaded to Int0 = IP2; the
// CSR is written as csr & 0x00ffff00 | enables, as NetBSD does).
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
