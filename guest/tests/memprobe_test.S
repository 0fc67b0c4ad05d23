/* The exception handler of memprobe_test.cpp, copied to the general exception vector at
 * 0x80000080 the way Linux copies `genexcept_early` (arch/mips/dec/prom/locore.S): it records
 * that an exception happened (Status into probe_err) and resumes after the faulting load. */
        .set    noreorder
        .set    noat
        .text
        .globl  probe_handler
        .globl  probe_handler_end
probe_handler:
        mfc0    $k0, $12
        lui     $k1, %hi(probe_err)
        sw      $k0, %lo(probe_err)($k1)
        mfc0    $k0, $14
        nop
        addiu   $k0, $k0, 4              /* skip the load that took the bus error */
        jr      $k0
        rfe
probe_handler_end:
