/* Restartable atomic sequences for cthreads_test.cpp: the same add, once registered with
   the kernel (kSysRasRegister) and once not. Nops widen the window between the load and
   the store, so that the clock interrupt often lands inside it; the branches let it land
   there in emu too, which samples interrupts between blocks (README "Timing model") —
   the R3000 takes them before any instruction. */
        .set    noreorder
        .text
#define ADD_SEQUENCE(n) \
        lw      $v0, 0($a0); nop; addu $v0, $v0, $a1; \
        b       n##1; nop; n##1: b n##2; nop; n##2: b n##3; nop; n##3: nop; nop; nop; \
        sw      $v0, 0($a0)

/* void ras_add(volatile uint32_t* word, uint32_t n): *word += n, atomically. */
        .globl  ras_add
        .globl  ras_add_start
        .globl  ras_add_end
        .ent    ras_add
ras_add:
ras_add_start:
        ADD_SEQUENCE(ras_add_mid)
ras_add_end:
        jr      $ra
        nop
        .end    ras_add

/* void plain_add(volatile uint32_t* word, uint32_t n): the same, never registered. */
        .globl  plain_add
        .ent    plain_add
plain_add:
        ADD_SEQUENCE(plain_add_mid)
        jr      $ra
        nop
        .end    plain_add
