/* For ipc_test.cpp: a short-message call (rpc_short or reply_wait) made with s0-s8 set
   to a pattern, to see what they hold afterwards (the calls do not preserve them and
   must return them zero: nothing of the partner's or the kernel's may show).

   int short_probe(uint32_t number, uint32_t r[4], uint32_t pattern, uint32_t s[9])
     a0-a3 of the call from r[0..3]; s0..s8 = pattern + 0..8 before it; after it
     r[0] = v1, r[2] = a2, r[3] = a3 and s[0..8] = s0..s8; returns v0.
   An o32 function: it keeps its caller's s0-s8 and ra on its own stack. */
        .set    noreorder
        .text
        .globl  short_probe
        .ent    short_probe
short_probe:
        addiu   $sp, $sp, -56
        sw      $s0, 0($sp)
        sw      $s1, 4($sp)
        sw      $s2, 8($sp)
        sw      $s3, 12($sp)
        sw      $s4, 16($sp)
        sw      $s5, 20($sp)
        sw      $s6, 24($sp)
        sw      $s7, 28($sp)
        sw      $fp, 32($sp)
        sw      $ra, 36($sp)
        sw      $a1, 40($sp)             /* r */
        sw      $a3, 44($sp)             /* s */
        move    $v0, $a0
        addiu   $s0, $a2, 0
        addiu   $s1, $a2, 1
        addiu   $s2, $a2, 2
        addiu   $s3, $a2, 3
        addiu   $s4, $a2, 4
        addiu   $s5, $a2, 5
        addiu   $s6, $a2, 6
        addiu   $s7, $a2, 7
        addiu   $fp, $a2, 8
        lw      $a0, 0($a1)
        lw      $a2, 8($a1)
        lw      $a3, 12($a1)
        lw      $a1, 4($a1)
        syscall
        lw      $t0, 40($sp)
        lw      $t1, 44($sp)
        sw      $v1, 0($t0)
        sw      $a2, 8($t0)
        sw      $a3, 12($t0)
        sw      $s0, 0($t1)
        sw      $s1, 4($t1)
        sw      $s2, 8($t1)
        sw      $s3, 12($t1)
        sw      $s4, 16($t1)
        sw      $s5, 20($t1)
        sw      $s6, 24($t1)
        sw      $s7, 28($t1)
        sw      $fp, 32($t1)
        lw      $s0, 0($sp)
        lw      $s1, 4($sp)
        lw      $s2, 8($sp)
        lw      $s3, 12($sp)
        lw      $s4, 16($sp)
        lw      $s5, 20($sp)
        lw      $s6, 24($sp)
        lw      $s7, 28($sp)
        lw      $fp, 32($sp)
        lw      $ra, 36($sp)
        jr      $ra
        addiu   $sp, $sp, 56
        .end    short_probe
