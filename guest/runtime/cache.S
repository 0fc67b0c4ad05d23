/*
 * Cache invalidation by isolation (see include/cache.h for the sources and rules).
 *
 *   cache_dcache_invalidate(addr, len)  IsC: `sb zero` to each word invalidates its line
 *   cache_icache_invalidate(addr, len)  IsC|SwC, executed from kseg1 (uncached), so the
 *                                       instruction fetches do not use the cache being
 *                                       swapped
 *
 * Lines are one word; a range longer than 64 KiB (the caches of every DECstation we
 * model) wraps onto itself, so it is clipped to 64 KiB. Written in noreorder mode: delay
 * slots filled by hand, two nops after each mtc0 Status before isolation is relied on.
 */
        .set    noreorder
        .set    noat
        .text

/* inval(a0 addr, a1 len, t4 isolation bits): the loop shared by both entries. t0 = the
   caller's Status, restored before returning. */
        .ent    cache_inval_common
cache_inval_common:
        beq     $a1, $zero, 9f
        lui     $t1, 0x1fff
        ori     $t1, $t1, 0xffff
        and     $a0, $a0, $t1            /* physical */
        lui     $t1, 0x0001              /* at most 64 KiB */
        sltu    $t2, $t1, $a1
        bne     $t2, $zero, 1f
        nop
        move    $t1, $a1
1:      addu    $a1, $a0, $t1            /* end (exclusive) */
        li      $t2, -4
        and     $a0, $a0, $t2            /* first word */
        lui     $t1, 0x8000
        or      $a0, $a0, $t1            /* kseg0 aliases */
        or      $a1, $a1, $t1
        mfc0    $t0, $12
        li      $t2, -2                  /* ~IEc (mfc0 delay covered) */
        and     $t2, $t0, $t2
        mtc0    $t2, $12                 /* interrupts off first */
        or      $t2, $t2, $t4
        mtc0    $t2, $12                 /* then isolate (and swap) */
        nop
        nop
2:      sb      $zero, 0($a0)
        addiu   $a0, $a0, 4
        sltu    $t3, $a0, $a1
        bne     $t3, $zero, 2b
        nop
        mtc0    $t0, $12                 /* Status as it was */
        nop
        nop
9:      jr      $ra
        nop
        .end    cache_inval_common

        .globl  cache_dcache_invalidate
        .ent    cache_dcache_invalidate
        .type   cache_dcache_invalidate, @function
cache_dcache_invalidate:
        b       cache_inval_common
        lui     $t4, 0x0001              /* IsC */
        .end    cache_dcache_invalidate
        .size   cache_dcache_invalidate, . - cache_dcache_invalidate

        .globl  cache_icache_invalidate
        .ent    cache_icache_invalidate
        .type   cache_icache_invalidate, @function
cache_icache_invalidate:
        lui     $t4, 0x0003              /* IsC | SwC */
        la      $t1, cache_inval_common
        lui     $t2, 0x2000
        or      $t1, $t1, $t2            /* kseg1 alias: run uncached */
        jr      $t1                      /* returns to our caller through ra */
        nop
        .end    cache_icache_invalidate
        .size   cache_icache_invalidate, . - cache_icache_invalidate
