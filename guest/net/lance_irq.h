// Where the LANCE's interrupt arrives on each board, for whoever owns the exception
// vector: the bare-metal programs (net_intr.cpp) and the guest kernel (kernel/dev/net.cpp).
//
// Sources: decstation-memory-maps.md §1.3 (KN01: LANCE on Int1 = Cause.IP3) and §2.3-2.4
// (KN02: system CSR source 6, pending in CSR bit 6, enabled by IOINTEN bit 22, cascaded
// to Int0 = Cause.IP2; the CSR is written as csr & 0x00ffff00 | enables, as NetBSD does).
#pragma once
#include <stdint.h>

namespace guest::net {

// Is this a KN02 (else a KN01)? From the PROM's board type. A user-mode driver, which
// has no PROM, defines this function itself (then this file is not linked).
bool lance_board_kn02();
// The Status.IM / Cause.IP bit the LANCE's line reaches on this board.
uint32_t lance_irq_mask();
// KN02: set the system CSR's IOINTEN to the LANCE's source alone (on) or to nothing
// (off); returns the IOINTEN bits before (0 on the KN01, which has no such register).
uint32_t lance_irq_board_enable(bool on);
// KN02: put back IOINTEN bits lance_irq_board_enable returned.
void lance_irq_board_restore(uint32_t enables);
// With the board's line (lance_irq_mask) pending: is it the LANCE? (KN02: IP2 is the
// CSR cascade of several sources; the KN01's Int1 is the LANCE's alone.)
bool lance_irq_asserted();

}  // namespace guest::net
