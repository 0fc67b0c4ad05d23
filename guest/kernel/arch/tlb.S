/*
 * TLB maintenance (R3000: 64 entries, Random cycles over 8..63; Index, EntryHi, EntryLo;
 * shared/reference/r3000-cpu.md §7, §8). Called with interrupts off.
 *
 *   tlb_flush_all()               every entry gets a distinct kseg0 VPN, which never
 *                                 matches (kseg0 is not translated), and EntryLo 0
 *   tlb_update(entryhi, entrylo)  rewrite the entry matching entryhi (VPN | PID), or a
 *                                 random one if none does; EntryHi is restored
 */
        .set    noreorder
        .set    noat
        .text

        .globl  tlb_flush_all
        .ent    tlb_flush_all
tlb_flush_all:
        mfc0    $t0, $10                 /* EntryHi: the current PID */
        mtc0    $zero, $2                /* EntryLo 0 */
        lui     $t1, 0x8000              /* VPN of entry 0 */
        move    $t2, $zero               /* index << 8 */
        li      $t3, 64 << 8
1:      mtc0    $t1, $10
        mtc0    $t2, $0                  /* Index */
        addiu   $t2, $t2, 1 << 8
        tlbwi
        bne     $t2, $t3, 1b
        addiu   $t1, $t1, 0x1000         /* the next page: distinct VPNs */
        mtc0    $t0, $10
        jr      $ra
        nop
        .end    tlb_flush_all

        .globl  tlb_update
        .ent    tlb_update
tlb_update:
        mfc0    $t0, $10                 /* EntryHi to restore */
        mtc0    $a0, $10
        nop
        tlbp
        nop
        mfc0    $t1, $0                  /* Index: P (bit 31) set when nothing matched */
        mtc0    $a1, $2                  /* EntryLo (covers mfc0's delay) */
        bltz    $t1, 1f
        nop
        tlbwi
        b       2f
        nop
1:      tlbwr
2:      mtc0    $t0, $10
        jr      $ra
        nop
        .end    tlb_update

/* void tlb_invalidate(entryhi): the entry matching entryhi (VPN | PID), if any, gets a
   kseg0 VPN of its own (0x80000000 + index · 4 KiB, as tlb_flush_all gives it), which never
   matches; EntryHi is restored. */
        .globl  tlb_invalidate
        .ent    tlb_invalidate
tlb_invalidate:
        mfc0    $t0, $10                 /* EntryHi to restore */
        mtc0    $a0, $10
        nop
        tlbp
        nop
        mfc0    $t1, $0                  /* Index: P (bit 31) set when nothing matched */
        nop
        bltz    $t1, 1f
        srl     $t2, $t1, 8              /* (delay slot) the index */
        sll     $t2, $t2, 12
        lui     $t3, 0x8000
        or      $t2, $t2, $t3
        mtc0    $t2, $10
        mtc0    $zero, $2
        nop
        tlbwi
1:      mtc0    $t0, $10
        jr      $ra
        nop
        .end    tlb_invalidate
