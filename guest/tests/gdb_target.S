/* The debugger tests' landmarks (tests/guest/gdb_test.py): a branch whose delay slot runs
 * on both paths, a system call, and the handler that gdb_target.cpp copies over the general
 * exception vector at 0x80000080 (as memprobe_test.S does): it counts the exception and
 * resumes after the syscall. */
        .set    noreorder
        .set    noat
        .text
        .globl  gdb_add
        .globl  gdb_add_taken
        .globl  gdb_trap
        .globl  gdb_handler
        .globl  gdb_handler_end

/* uint32_t gdb_add(uint32_t a, uint32_t b): a + b; the branch is taken when b != 0. */
gdb_add:
        bne     $a1, $zero, gdb_add_taken
        addu    $v0, $a0, $a1            /* delay slot: runs on both paths */
        jr      $ra
        nop
gdb_add_taken:
        jr      $ra
        nop

gdb_trap:
        syscall
        jr      $ra
        nop

gdb_handler:
        lui     $k1, %hi(gdb_trapped)
        lw      $k0, %lo(gdb_trapped)($k1)
        nop
        addiu   $k0, $k0, 1
        sw      $k0, %lo(gdb_trapped)($k1)
        mfc0    $k0, $14
        nop
        addiu   $k0, $k0, 4              /* skip the syscall */
        jr      $k0
        rfe
gdb_handler_end:
