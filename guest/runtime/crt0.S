/*
 * Program entry for bare-metal DECstation guests (R2000/R3000, MIPS I, o32).
 * The PROM (or the emulator's loader) jumps to _start in kseg0 with a0 = argc,
 * a1 = argv, a2 = REX magic (KN02 PROM, and GXemul on every model), a3 = REX callback
 * vector (reference: shared/reference/dz-rtc-prom.md §3.2). We use our own stack in
 * .bss rather than the PROM's, clear .bss, hand the four registers to __guest_init
 * (runtime/prom.cpp: machine detection, console, constructors), run main(argc, argv) and
 * pass its result to exit(), which returns to the PROM.
 *
 * Written in noreorder mode: every branch delay slot is filled by hand, and nothing reads
 * a loaded register in the load delay slot (the R3000 does not interlock loads).
 */
        .set    noreorder
        .section .text.start, "ax", @progbits
        .globl  _start
        .ent    _start
        .type   _start, @function
_start:
        la      $sp, __stack_top - 16    /* o32: callee may spill a0-a3 to 0..15(sp) */
        move    $fp, $zero               /* end of the frame chain for debuggers */
        move    $s0, $a0                 /* keep the PROM's registers: .bss is cleared next */
        move    $s1, $a1
        move    $s2, $a2
        move    $s3, $a3

        la      $t0, __bss_start         /* word-aligned by kernel.ld */
        la      $t1, __bss_end
        beq     $t0, $t1, 2f
        nop
1:      addiu   $t0, $t0, 4
        bne     $t0, $t1, 1b
        sw      $zero, -4($t0)           /* delay slot: clear the word just passed */
2:
        move    $a0, $s0
        move    $a1, $s1
        move    $a2, $s2
        jal     __guest_init             /* (argc, argv, magic, callback vector) */
        move    $a3, $s3

        move    $a0, $s0
        jal     main                     /* main(argc, argv) */
        move    $a1, $s1

        jal     exit                     /* exit(main's result): does not return */
        move    $a0, $v0
3:      b       3b
        nop
        .end    _start
        .size   _start, . - _start

/* The program's stack: in .bss (zeroed by the loader as part of the segment's memory size,
   but placed after __bss_end so _start does not spend time clearing it). */
        .section .stack, "aw", @nobits
        .align  3
        .globl  __stack_bottom
__stack_bottom:
        .space  65536
        .globl  __stack_top
__stack_top:
