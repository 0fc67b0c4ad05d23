/* The C-Threads library's machine-dependent part (user/cthreads.cpp): the user-level
   context switch and the test-and-set, a restartable atomic sequence (task/ras.h). */
        .set    noreorder
        .text

/* void cthread_switch(CthreadContext* save, const CthreadContext* load): save the
   callee-saved registers (s0-s7, fp), sp and ra of the caller; load another's and return
   into it. gp is the same for every thread of a task (and unused: -G0). */
        .globl  cthread_switch
        .ent    cthread_switch
cthread_switch:
        sw      $s0, 0($a0)
        sw      $s1, 4($a0)
        sw      $s2, 8($a0)
        sw      $s3, 12($a0)
        sw      $s4, 16($a0)
        sw      $s5, 20($a0)
        sw      $s6, 24($a0)
        sw      $s7, 28($a0)
        sw      $fp, 32($a0)
        sw      $sp, 36($a0)
        sw      $ra, 40($a0)
        lw      $ra, 40($a1)             /* first: MIPS I's load delay before jr */
        lw      $s0, 0($a1)
        lw      $s1, 4($a1)
        lw      $s2, 8($a1)
        lw      $s3, 12($a1)
        lw      $s4, 16($a1)
        lw      $s5, 20($a1)
        lw      $s6, 24($a1)
        lw      $s7, 28($a1)
        lw      $fp, 32($a1)
        lw      $sp, 36($a1)
        jr      $ra
        nop
        .end    cthread_switch

/* A new cthread's first "return" from cthread_switch lands here with s0 = its cthread. */
        .globl  cthread_trampoline
        .ent    cthread_trampoline
cthread_trampoline:
        jal     cthread_body
        move    $a0, $s0
1:      b       1b                       /* cthread_body does not return */
        nop
        .end    cthread_trampoline

/* uint32_t cthread_tas(uint32_t* word, uint32_t value): if *word is 0, store value;
   return the old *word. [cthread_ras_start, cthread_ras_end) is registered with the
   kernel, which restarts a thread stopped inside it at the load: the store, the last
   instruction, is the only one with an effect, so the load-test-store is atomic with
   respect to every other thread of the task on this uniprocessor. */
        .globl  cthread_tas
        .globl  cthread_ras_start
        .globl  cthread_ras_end
        .ent    cthread_tas
cthread_tas:
cthread_ras_start:
        lw      $v0, 0($a0)
        nop
        bne     $v0, $zero, 1f
        nop
        sw      $a1, 0($a0)
cthread_ras_end:
1:      jr      $ra
        nop
        .end    cthread_tas
