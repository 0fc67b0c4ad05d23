/*
 * Assembly for the guest network driver (R2000/R3000, MIPS I, o32):
 *
 *   net_vector / net_vector_end              the 4-word stub copied to the general
 *                                            exception vector 0x80000080
 *   net_exception_entry                      saves what C code may clobber, calls
 *                                            net_exception(cause, epc, status, badvaddr),
 *                                            restores and returns with jr/rfe
 *
 * Sources: shared/reference/r3000-cpu.md, the exception return `jr k0; rfe` (RFE in the delay slot pops the
 * KU/IE stack as control leaves). The o32 caller-saved set: at, v0-v1, a0-a3, t0-t9, ra,
 * hi, lo; s0-s8 and sp are preserved by the C code itself.
 *
 * Written in noreorder mode: delay slots are filled by hand, no loaded register is used
 * in the next instruction (the R3000 does not interlock loads).
 */
        .set    noreorder
        .set    noat

        .text
/* ---- the vector stub: copied to 0x80000080 by net_intr.cpp ------------------------- */
        .globl  net_vector
        .globl  net_vector_end
net_vector:
        lui     $k0, %hi(net_exception_entry)
        addiu   $k0, $k0, %lo(net_exception_entry)
        jr      $k0
        nop
net_vector_end:

/* ---- general exception entry ------------------------------------------------------- */
#define FRAME   112                      /* 16 argument area + 23 words, 8-aligned */
        .globl  net_exception_entry
        .ent    net_exception_entry
        .type   net_exception_entry, @function
net_exception_entry:
        addiu   $sp, $sp, -FRAME         /* we are always in kernel mode: sp is valid */
        sw      $at, 16($sp)
        sw      $v0, 20($sp)
        sw      $v1, 24($sp)
        sw      $a0, 28($sp)
        sw      $a1, 32($sp)
        sw      $a2, 36($sp)
        sw      $a3, 40($sp)
        sw      $t0, 44($sp)
        sw      $t1, 48($sp)
        sw      $t2, 52($sp)
        sw      $t3, 56($sp)
        sw      $t4, 60($sp)
        sw      $t5, 64($sp)
        sw      $t6, 68($sp)
        sw      $t7, 72($sp)
        sw      $t8, 76($sp)
        sw      $t9, 80($sp)
        sw      $ra, 84($sp)
        mfhi    $t0
        mflo    $t1
        sw      $t0, 88($sp)
        sw      $t1, 92($sp)
        mfc0    $a0, $13                 /* Cause */
        mfc0    $a1, $14                 /* EPC */
        mfc0    $a2, $12                 /* Status */
        mfc0    $a3, $8                  /* BadVAddr */
        sw      $a1, 96($sp)             /* EPC, in case the C code takes an exception */
        jal     net_exception
        nop
        lw      $t0, 88($sp)
        lw      $t1, 92($sp)
        lw      $at, 16($sp)
        mthi    $t0
        mtlo    $t1
        lw      $v0, 20($sp)
        lw      $v1, 24($sp)
        lw      $a0, 28($sp)
        lw      $a1, 32($sp)
        lw      $a2, 36($sp)
        lw      $a3, 40($sp)
        lw      $t0, 44($sp)
        lw      $t1, 48($sp)
        lw      $t2, 52($sp)
        lw      $t3, 56($sp)
        lw      $t4, 60($sp)
        lw      $t5, 64($sp)
        lw      $t6, 68($sp)
        lw      $t7, 72($sp)
        lw      $t8, 76($sp)
        lw      $t9, 80($sp)
        lw      $ra, 84($sp)
        lw      $k0, 96($sp)
        addiu   $sp, $sp, FRAME          /* (load delay of k0) */
        jr      $k0
        rfe
        .end    net_exception_entry
        .size   net_exception_entry, . - net_exception_entry
