/* Instructions of later MIPS ISAs (each on its own, one per line, in address order) that
   tools/check-mips1 must report: MIPS II (teq, ll, sc, beql, sync, ldc1, sqrt.s,
   trunc.w.s), MIPS32 (mul, movn, clz, madd, eret, wait), MIPS32r2 (ext, wsbh), MIPS III
   (daddu), the R3000-less CP0 forms (cfc0, lwc0), an FPU condition code other than 0, and
   a data word in the code. Assembled by check_mips1_test.sh; never linked.
   The comment beside each instruction names what the checker must print for it: the
   mnemonic a MIPS64r2 decoder gives it, or its raw word when there is none. */
        .set    noreorder
        .set    noat
        .set    mips32
        .text
        .globl  not_mips1
not_mips1:
        mul     $2, $4, $5         /* CHECK: mul */
        movn    $2, $4, $5         /* CHECK: movn */
        teq     $4, $0             /* CHECK: teq */
        ll      $2, 0($4)          /* CHECK: ll */
        sc      $2, 0($4)          /* CHECK: sc */
        beql    $4, $5, not_mips1  /* CHECK: beql */
        nop
        sync                       /* CHECK: sync */
        clz     $2, $4             /* CHECK: clz */
        madd    $4, $5             /* CHECK: madd */
        eret                       /* CHECK: eret */
        wait                       /* CHECK: wait */
        .set    push
        .set    mips64r2           /* MIPS32r2, MIPS III and MIPS IV additions */
        ext     $2, $4, 3, 5       /* CHECK: ext */
        wsbh    $2, $4             /* CHECK: wsbh */
        daddu   $2, $4, $5         /* CHECK: daddu */
        c.eq.s  $fcc1, $f0, $f2    /* CHECK: c.eq.s */
        .set    pop
        ldc1    $f0, 0($4)         /* CHECK: ldc1 */
        sqrt.s  $f0, $f2           /* CHECK: sqrt.s */
        trunc.w.s $f0, $f2         /* CHECK: trunc.w.s */
        .set    push
        .set    mips1              /* cfc0 and lwc0 exist only as MIPS I encodings; the */
        cfc0    $2, $1             /* CHECK: 0x40420800 */
        lwc0    $2, 0($4)          /* CHECK: ll */
        .set    pop                /* R3000's CP0 implements neither */
        .word   0xffffffff         /* CHECK: 0xffffffff */
        addu    $2, $4, $5         /* MIPS I: must not be reported */

/* A second code section starting at address 0 as well: reports must keep them apart. */
        .section .text.second, "ax", @progbits
second:
        teq     $5, $6             /* CHECK: teq */
        addu    $2, $4, $5
