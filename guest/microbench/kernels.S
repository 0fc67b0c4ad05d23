/*
 * Timing microbenchmark kernels (R2000/R3000, MIPS I, o32). Each kernel runs a loop of
 * known instructions and returns the cycles it took, read with the emulator's cycle
 * operation `ori $zero, $rs, 0xde01` (a no-op on hardware: see guest/include/emu_ops.h).
 * microbench.cpp runs each kernel with N and 2N iterations; the difference divided by N
 * is the cost of one iteration, free of call and setup overhead. tests/emu/timing/
 * microbench_test.cpp predicts every figure from the machine's timing profile.
 *
 * Instruction counts per iteration are given in the comments; they are what the
 * predictions use.
 */
        .set    noreorder
        .set    noat
        .text

#define CYCLES(r)  ori $zero, r, 0xde01
#define STATUS     $12
#define CONTEXT    $4
#define ENTRYLO    $2
#define ENTRYHI    $10
#define INDEX      $0
#define EPC        $14

/* u32 mb_loads(u32 iters, u32 addr): 8 lw from the same word. 11 instructions. */
        .globl  mb_loads
mb_loads:
        CYCLES($t8)
1:      lw      $t0, 0($a1)
        lw      $t0, 0($a1)
        lw      $t0, 0($a1)
        lw      $t0, 0($a1)
        lw      $t0, 0($a1)
        lw      $t0, 0($a1)
        lw      $t0, 0($a1)
        lw      $t0, 0($a1)
        addiu   $a0, $a0, -1
        bne     $a0, $zero, 1b
        nop
        CYCLES($t9)
        jr      $ra
        subu    $v0, $t9, $t8

/* u32 mb_dmiss(u32 iters, u32 addr): 8 lw from addresses 64 KiB apart, so that each
   evicts the previous one from a 64 KiB direct-mapped D-cache. 11 instructions. */
        .globl  mb_dmiss
mb_dmiss:
        lui     $t7, 1                  /* 0x10000 */
        move    $t0, $a1
        addu    $t1, $t0, $t7
        addu    $t2, $t1, $t7
        addu    $t3, $t2, $t7
        addu    $t4, $t3, $t7
        addu    $t5, $t4, $t7
        addu    $t6, $t5, $t7
        addu    $t7, $t6, $t7
        CYCLES($t8)
1:      lw      $v1, 0($t0)
        lw      $v1, 0($t1)
        lw      $v1, 0($t2)
        lw      $v1, 0($t3)
        lw      $v1, 0($t4)
        lw      $v1, 0($t5)
        lw      $v1, 0($t6)
        lw      $v1, 0($t7)
        addiu   $a0, $a0, -1
        bne     $a0, $zero, 1b
        nop
        CYCLES($t9)
        jr      $ra
        subu    $v0, $t9, $t8

/* u32 mb_stores(u32 iters, u32 addr): 8 sw to consecutive words. 11 instructions. */
        .globl  mb_stores
mb_stores:
        CYCLES($t8)
1:      sw      $zero, 0($a1)
        sw      $zero, 4($a1)
        sw      $zero, 8($a1)
        sw      $zero, 12($a1)
        sw      $zero, 16($a1)
        sw      $zero, 20($a1)
        sw      $zero, 24($a1)
        sw      $zero, 28($a1)
        addiu   $a0, $a0, -1
        bne     $a0, $zero, 1b
        nop
        CYCLES($t9)
        jr      $ra
        subu    $v0, $t9, $t8

/* u32 mb_bytestores(u32 iters, u32 addr): 8 sb to consecutive words. 11 instructions. */
        .globl  mb_bytestores
mb_bytestores:
        CYCLES($t8)
1:      sb      $zero, 0($a1)
        sb      $zero, 4($a1)
        sb      $zero, 8($a1)
        sb      $zero, 12($a1)
        sb      $zero, 16($a1)
        sb      $zero, 20($a1)
        sb      $zero, 24($a1)
        sb      $zero, 28($a1)
        addiu   $a0, $a0, -1
        bne     $a0, $zero, 1b
        nop
        CYCLES($t9)
        jr      $ra
        subu    $v0, $t9, $t8

/* u32 mb_mult(u32 iters): 4 x (mult; mflo). 11 instructions. */
        .globl  mb_mult
mb_mult:
        li      $t0, 12345
        CYCLES($t8)
1:      mult    $t0, $t0
        mflo    $t1
        mult    $t0, $t0
        mflo    $t1
        mult    $t0, $t0
        mflo    $t1
        mult    $t0, $t0
        mflo    $t1
        addiu   $a0, $a0, -1
        bne     $a0, $zero, 1b
        nop
        CYCLES($t9)
        jr      $ra
        subu    $v0, $t9, $t8

/* u32 mb_div(u32 iters): 4 x (div; mflo). 11 instructions. */
        .globl  mb_div
mb_div:
        li      $t0, 1234567
        li      $t2, 89
        CYCLES($t8)
1:      div     $zero, $t0, $t2
        mflo    $t1
        div     $zero, $t0, $t2
        mflo    $t1
        div     $zero, $t0, $t2
        mflo    $t1
        div     $zero, $t0, $t2
        mflo    $t1
        addiu   $a0, $a0, -1
        bne     $a0, $zero, 1b
        nop
        CYCLES($t9)
        jr      $ra
        subu    $v0, $t9, $t8

/* u32 mb_icalls(u32 iters, void* a, void* b): call two routines in turn. The caller loop
   is 7 instructions; a and b are placed by microbench.cpp. */
        .globl  mb_icalls
mb_icalls:
        move    $t7, $ra
        CYCLES($t8)
1:      jalr    $a1
        nop
        jalr    $a2
        nop
        addiu   $a0, $a0, -1
        bne     $a0, $zero, 1b
        nop
        CYCLES($t9)
        move    $ra, $t7
        jr      $ra
        subu    $v0, $t9, $t8

/* u32 mb_isolated_flush(u32 lines, u32 base, u32 status_bits): with Status |= bits
   (IsC, or IsC|SwC), `sb zero` to `lines` words from base (lines a multiple of 4).
   7 instructions per 4 lines. Call it through kseg1 when SwC is set. */
        .globl  mb_isolated_flush
mb_isolated_flush:
        mfc0    $t2, STATUS
        nop
        or      $t3, $t2, $a2
        mtc0    $t3, STATUS
        nop
        nop
        CYCLES($t8)
1:      sb      $zero, 0($a1)
        sb      $zero, 4($a1)
        sb      $zero, 8($a1)
        sb      $zero, 12($a1)
        addiu   $a0, $a0, -4
        bne     $a0, $zero, 1b
        addiu   $a1, $a1, 16
        CYCLES($t9)
        mtc0    $t2, STATUS
        nop
        nop
        jr      $ra
        subu    $v0, $t9, $t8

/* u32 mb_cache_size(u32 status_bits): the classic probe with the cache isolated (r3000-
   cpu.md §9): write the size at kseg0 + size for size = 256 KiB down to 512 bytes, then
   read the word at kseg0 + 0: aliasing leaves the cache size there. */
        .globl  mb_cache_size
mb_cache_size:
        mfc0    $t2, STATUS
        nop
        or      $t3, $t2, $a0
        mtc0    $t3, STATUS
        nop
        nop
        lui     $t0, 0x8000
        li      $t1, 0x40000
        li      $t4, 0x200
        sw      $zero, 0($t0)
1:      addu    $t5, $t0, $t1
        sw      $t1, 0($t5)
        srl     $t1, $t1, 1
        sltu    $t6, $t1, $t4
        beq     $t6, $zero, 1b
        nop
        lw      $v0, 0($t0)
        nop
        mtc0    $t2, STATUS
        nop
        nop
        jr      $ra
        nop

/* The UTLB refill handler (copied to 0x80000000 by microbench.cpp): the standard
   linear-page-table refill. 9 instructions. */
        .globl  mb_utlb_handler, mb_utlb_handler_end
mb_utlb_handler:
        mfc0    $k0, CONTEXT
        mfc0    $k1, EPC
        lw      $k0, 0($k0)
        nop
        mtc0    $k0, ENTRYLO
        nop
        tlbwr
        jr      $k1
        rfe
mb_utlb_handler_end:

/* void mb_tlb_clear(void): every TLB entry invalid with an unmatchable kseg0 VPN. */
        .globl  mb_tlb_clear
mb_tlb_clear:
        mtc0    $zero, ENTRYLO
        lui     $t0, 0x8000
        move    $t1, $zero
        li      $t2, 64
1:      sll     $t3, $t1, 12
        addu    $t3, $t3, $t0
        mtc0    $t3, ENTRYHI
        sll     $t4, $t1, 8
        mtc0    $t4, INDEX
        nop
        tlbwi
        addiu   $t1, $t1, 1
        bne     $t1, $t2, 1b
        nop
        jr      $ra
        nop

/* u32 mb_tlb(u32 pages, u32 va): one load per page, the address advancing by a page
   plus a word. Every load takes a UTLB miss and is re-executed after the refill.
   5 instructions in the loop. */
        .globl  mb_tlb
mb_tlb:
        CYCLES($t8)
1:      lw      $t0, 0($a1)
        addiu   $a0, $a0, -1
        addiu   $a1, $a1, 4100
        bne     $a0, $zero, 1b
        nop
        CYCLES($t9)
        jr      $ra
        subu    $v0, $t9, $t8

/* Status and Context access for the C++ side. */
        .globl  mb_get_status, mb_set_status, mb_set_context
mb_get_status:
        mfc0    $v0, STATUS
        jr      $ra
        nop
mb_set_status:
        mtc0    $a0, STATUS
        nop
        jr      $ra
        nop
mb_set_context:
        mtc0    $a0, CONTEXT
        nop
        jr      $ra
        nop
