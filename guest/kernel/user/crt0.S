/* User program entry: the kernel starts the first thread with sp near the top of kuseg,
   a0 = the argument given to task_spawn, a1 = the name of the right it was given (0 for
   none). main(arg, right)'s result becomes the task's exit status. */
        .set    noreorder
        .section .text.start, "ax", @progbits
        .globl  _start
        .ent    _start
_start:
        jal     main
        nop
        move    $a0, $v0
        li      $v0, 2                   /* kSysTaskExit */
        syscall
1:      b       1b
        nop
        .end    _start
