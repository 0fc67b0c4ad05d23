/*
 * The short-message calls in assembly (rpc_short = 17, reply_wait = 18; semantics in
 * ipc/short.cpp, which is also the fallback): the common case, in which the partner
 * thread is already waiting, with every check of the C version and the same state
 * changes, but no C frames: user registers stay in the registers, and short_switch
 * keeps what it saves in the thread's KContext, exactly where switch_to would.
 * Anything unusual (a bad or unexpected name, no partner waiting, a dead port, no free
 * name in the server's space...) jumps, before anything changes, to the C version with
 * the arguments untouched (a new ASID is allocated by a call from short_switch).
 *
 * The IPC convention (README "Short messages in registers"): these two calls do not
 * preserve s0-s8, as L4's IPC does not; they come back zero. So a thread that blocks
 * here saves only sp, ra (= short_resume), Status and gp in its KContext, and when the
 * partner also blocked here (its KContext ra is short_resume) the words go across in
 * a2/a3 (and the reply right's name into v1) without touching its trap frame. A partner
 * that blocked in the C version gets the frame and its whole KContext, as before.
 *
 * Offsets: arch/offsets.h (checked by static_asserts in ipc/short.cpp). Interrupts are
 * off (system-call entry). Registers: t9 = current thread, t8 = its task; a0-a3 are the
 * arguments and stay intact until the commit. noreorder: delay slots and load delays by
 * hand.
 */
#include "frame.h"
#include "offsets.h"

        .set    noreorder
        .set    noat
        .text
/* Cache-conscious placement: the exception vectors at 0x80000000-0x800000ff share their
   I-cache lines with the first 256 bytes of every 64 KiB (the caches are direct-mapped
   and physically indexed), and the kernel is linked at 0x80030000, 64 KiB-aligned. So
   this path starts at 0x80030100, after the boot code (_start), instead of at 0x80030070,
   where every system call's pass through the general vector evicted 9 of its words
   (18 I-cache misses per round trip on the KN01, 6 four-word refills on the KN02). */
        .balign 256

/* LOOKUP name, out, fail: out = task + index*12 for name's entry in t8's space, with its
   generation checked; t1 = its rights byte (usable at once). Clobbers t1, t2. */
.macro LOOKUP name, out, fail
        srl     $t1, \name, 8
        addiu   $t2, $t1, -1
        sltiu   $t2, $t2, 63
        beq     $t2, $zero, \fail
        sll     $t2, $t1, 1
        addu    $t2, $t2, $t1
        sll     $t2, $t2, 2
        addu    \out, $t2, $t8
        lbu     $t1, (TASK_ENTRIES + EN_GEN)(\out)
        andi    $t2, \name, 0xff
        bne     $t1, $t2, \fail
        lbu     $t1, (TASK_ENTRIES + EN_RIGHTS)(\out)
        nop
.endm

/* Load the current thread and its task. */
.macro CURRENT
        lui     $t9, %hi(_ZN4kern9g_currentE)
        lw      $t9, %lo(_ZN4kern9g_currentE)($t9)
        nop
        lw      $t8, TH_TASK($t9)
.endm

/* Take thread `th` (the head) off the ThreadQueue at q (head, tail). A thread on no queue
   has next = prev = 0 (sched/queue.h): th's prev is 0 as the head, its next as the tail. */
.macro DEQUEUE_HEAD th, q
        lw      $v0, TH_NEXT(\th)
        nop
        sw      $v0, 0(\q)
        beq     $v0, $zero, 1f
        nop
        sw      $zero, TH_NEXT(\th)
        b       2f
        sw      $zero, TH_PREV($v0)
1:      sw      $zero, 4(\q)
2:      sw      $zero, TH_QUEUE(\th)
.endm

/* Block the current thread (t9) at the tail of the ThreadQueue at q; its next and prev
   are 0 already (it runs: it is on no queue), so an empty queue costs no link stores. */
.macro BLOCK_ON q
        lw      $v0, 4(\q)
        nop
        beq     $v0, $zero, 1f
        sw      $t9, 4(\q)
        sw      $v0, TH_PREV($t9)
        b       2f
        sw      $t9, TH_NEXT($v0)
1:      sw      $t9, 0(\q)
2:      sw      \q, TH_QUEUE($t9)
        li      $v0, TS_BLOCKED
        sb      $v0, TH_STATE($t9)
.endm
/* (No stores of wait_result and wake_tick: whoever wakes a thread from short_receivers
   sets its wait_result (or, below, hands it v0 = 0 directly), and wake_tick is 0 while
   a thread runs: every wake-up clears it, sched/thread.h.) */

/* t3 = 0 when thread th blocked in this file (KContext ra = short_resume): its words
   then travel in registers. Clobbers t0, t2. */
.macro PARTNER_DIRECT th
        lw      $t0, TH_CTX_RA(\th)
        la      $t2, short_resume
        xor     $t3, $t0, $t2
.endm

/* ---- rpc_short(dest a0, reply a1, w0 a2, w1 a3) ---------------------------------------- */
        .globl  sys_rpc_short_fast
        .ent    sys_rpc_short_fast
sys_rpc_short_fast:
        CURRENT
        LOOKUP  $a0, $t0, 9f             /* the destination: a send right */
        andi    $t1, $t1, RIGHT_SEND
        beq     $t1, $zero, 9f
        nop
        LOOKUP  $a1, $t3, 9f             /* the reply port: a receive right */
        andi    $t1, $t1, RIGHT_RECEIVE
        beq     $t1, $zero, 9f
        lw      $t4, (TASK_ENTRIES + EN_PORT)($t0)   /* dp */
        lw      $t5, (TASK_ENTRIES + EN_PORT)($t3)   /* rp */
        lbu     $t1, PO_DEAD($t4)
        lw      $t6, PO_SHORT_HEAD($t4)  /* the server thread waiting in reply_wait */
        bne     $t1, $zero, 9f
        nop
        beq     $t6, $zero, 9f
        nop
        lw      $t7, TH_TASK($t6)
        nop
        lbu     $t1, TASK_FREE_HEAD($t7) /* a free name in the server's space */
        nop
        beq     $t1, $zero, 9f
        /* ---- commit: the send-once right in the server's space */
        sll     $t2, $t1, 1
        addu    $t2, $t2, $t1
        sll     $t2, $t2, 2
        addu    $t2, $t2, $t7
        lbu     $v0, (TASK_ENTRIES + EN_NEXT_FREE)($t2)
        lbu     $v1, (TASK_ENTRIES + EN_GEN)($t2)
        sb      $v0, TASK_FREE_HEAD($t7)
        sw      $t5, (TASK_ENTRIES + EN_PORT)($t2)
        sh      $zero, (TASK_ENTRIES + EN_UREFS)($t2)
        li      $v0, RIGHT_SEND_ONCE
        sb      $v0, (TASK_ENTRIES + EN_RIGHTS)($t2)
        sll     $t1, $t1, 8
        or      $t1, $t1, $v1            /* its name */
        lw      $v0, PO_REFS($t5)
        nop
        addiu   $v0, $v0, 1
        sw      $v0, PO_REFS($t5)
        /* the server leaves its queue with the words and the name in its trap frame */
        addiu   $t4, $t4, PO_SHORT_HEAD
        DEQUEUE_HEAD $t6, $t4
        PARTNER_DIRECT $t6
        beq     $t3, $zero, 4f           /* t1, a2, a3 stay in registers */
        nop
        lw      $v0, TH_KSTACK($t6)
        nop
        sw      $t1, (KSTACK_SIZE - FF_SIZE + FF_V1)($v0)
        sw      $a2, (KSTACK_SIZE - FF_SIZE + FF_A2)($v0)
        sw      $a3, (KSTACK_SIZE - FF_SIZE + FF_A3)($v0)
        sw      $zero, TH_WAIT_RESULT($t6)
        /* we wait on the reply port */
4:      addiu   $t5, $t5, PO_SHORT_HEAD
        BLOCK_ON $t5
        b       short_switch
        nop
9:      j       sys_rpc_short_entry      /* the C version */
        nop
        .end    sys_rpc_short_fast

/* ---- reply_wait(send-once a0, port a1, w0 a2, w1 a3) ----------------------------------- */
        .globl  sys_reply_wait_fast
        .ent    sys_reply_wait_fast
sys_reply_wait_fast:
        beq     $a0, $zero, 9f           /* no reply to send: the C version */
        nop
        CURRENT
        LOOKUP  $a1, $t3, 9f             /* the port to wait on: a receive right */
        andi    $t1, $t1, RIGHT_RECEIVE
        beq     $t1, $zero, 9f
        nop
        LOOKUP  $a0, $t0, 9f             /* the reply: a send-once right */
        andi    $t1, $t1, RIGHT_SEND_ONCE
        beq     $t1, $zero, 9f
        lw      $t4, (TASK_ENTRIES + EN_PORT)($t0)   /* cp: the client's reply port */
        lw      $t5, (TASK_ENTRIES + EN_PORT)($t3)   /* the port we wait on */
        lw      $t6, PO_SHORT_HEAD($t4)  /* the client waiting for this reply */
        lw      $t7, PO_REFS($t4)
        beq     $t6, $zero, 9f
        sltiu   $v0, $t7, 2              /* the client's receive right keeps one reference */
        bne     $v0, $zero, 9f
        /* ---- commit: the send-once right is used up (space_free) */
        addiu   $t7, $t7, -1
        sw      $t7, PO_REFS($t4)
        sb      $zero, (TASK_ENTRIES + EN_RIGHTS)($t0)  /* (port and urefs of a free entry
                                            are never read: space_alloc sets them) */
        lbu     $v0, (TASK_ENTRIES + EN_GEN)($t0)
        lbu     $v1, TASK_FREE_HEAD($t8)
        addiu   $v0, $v0, 1
        andi    $v0, $v0, 0xff
        bne     $v0, $zero, 1f
        nop
        li      $v0, 1                   /* generations run 1..255 */
1:      sb      $v0, (TASK_ENTRIES + EN_GEN)($t0)
        sb      $v1, (TASK_ENTRIES + EN_NEXT_FREE)($t0)
        srl     $v0, $a0, 8
        sb      $v0, TASK_FREE_HEAD($t8)
        /* the client leaves its queue with the answer in its trap frame */
        addiu   $t4, $t4, PO_SHORT_HEAD
        DEQUEUE_HEAD $t6, $t4
        PARTNER_DIRECT $t6
        beq     $t3, $zero, 4f           /* a2, a3 stay in registers */
        move    $t1, $zero               /* (the client's v1) */
        lw      $v0, TH_KSTACK($t6)
        nop
        sw      $a2, (KSTACK_SIZE - FF_SIZE + FF_A2)($v0)
        sw      $a3, (KSTACK_SIZE - FF_SIZE + FF_A3)($v0)
        sw      $zero, TH_WAIT_RESULT($t6)
        /* we wait on our port */
4:      addiu   $t5, $t5, PO_SHORT_HEAD
        BLOCK_ON $t5
        b       short_switch
        nop
9:      j       sys_reply_wait_entry     /* the C version */
        nop
        .end    sys_reply_wait_fast

/* ---- short_switch: from t9 (blocked) to t6, which gets the rest of the time slice.
   t3 = 0: t6 blocked in this file and gets v0 = 0, v1 = t1 and a2, a3 in registers. ---- */
        .ent    short_switch
short_switch:
        lbu     $v0, TH_QUANTUM($t9)
        lw      $t0, TH_CTX_RA($t9)
        sb      $v0, TH_QUANTUM($t6)
        mfc0    $v0, $12                 /* (its result one instruction late) */
        la      $v1, short_resume
        beq     $t0, $v1, 1f             /* sp and ra are there already: only this code
                                            stores ra = short_resume, always with this sp
                                            (the kernel stack's top less the frame) */
        nop
        sw      $sp, TH_CTX_SP($t9)      /* KContext, where switch_to keeps it; s0-s8 */
        sw      $v1, TH_CTX_RA($t9)      /* are not preserved by these calls */
1:      sw      $v0, TH_CTX_STATUS($t9)
        sw      $gp, TH_CTX_GP($t9)
        li      $v0, TS_RUNNING
        sb      $v0, TH_STATE($t6)
        lui     $v0, %hi(_ZN4kern9g_currentE)
        sw      $t6, %lo(_ZN4kern9g_currentE)($v0)
        lw      $v0, TH_KSTACK($t6)
        lui     $v1, %hi(cur_kstack_top)
        addiu   $v0, $v0, KSTACK_SIZE
        sw      $v0, %lo(cur_kstack_top)($v1)
        lw      $t7, TH_TASK($t6)        /* the address space: one write of EntryHi */
        lw      $t8, TH_TASK($t9)
        lui     $v1, %hi(_ZN4kern10g_asid_genE)
        beq     $t7, $t8, 2f
        lw      $v1, %lo(_ZN4kern10g_asid_genE)($v1)
        lw      $v0, TASK_ASID_GEN($t7)
        nop
        beq     $v0, $v1, 1f
        nop
        move    $s0, $t6                 /* (s0-s8 are ours to use: not preserved) */
        move    $s1, $t7
        move    $s2, $t1
        move    $s3, $t3
        move    $s4, $a2
        move    $s5, $a3
        jal     _ZN4kern13pmap_new_asidEPNS_4PmapE
        move    $a0, $t7
        move    $t6, $s0
        move    $t7, $s1
        move    $t1, $s2
        move    $t3, $s3
        move    $a2, $s4
        move    $a3, $s5
1:      lui     $v0, %hi(_ZN4kern13g_active_pmapE)
        sw      $t7, %lo(_ZN4kern13g_active_pmapE)($v0)
        lbu     $v0, TASK_ASID($t7)
        nop
        sll     $v0, $v0, 6
        mtc0    $v0, $10
        nop
2:      lw      $v0, TH_CTX_STATUS($t6)  /* the partner's KContext */
        lw      $gp, TH_CTX_GP($t6)
        mtc0    $v0, $12
        lw      $sp, TH_CTX_SP($t6)
        bne     $t3, $zero, 3f
        move    $v1, $t1
        b       short_zero_exit          /* straight back to its user mode */
        move    $v0, $zero
3:      lw      $s0, 0($t6)              /* blocked in C: all of it, and return there */
        lw      $s1, 4($t6)
        lw      $s2, 8($t6)
        lw      $s3, 12($t6)
        lw      $s4, 16($t6)
        lw      $s5, 20($t6)
        lw      $s6, 24($t6)
        lw      $s7, 28($t6)
        lw      $fp, 32($t6)
        lw      $ra, TH_CTX_RA($t6)
        nop
        jr      $ra
        nop
        .end    short_switch

/* Where a thread blocked by the code above resumes when switch_to runs it (woken by the
   C version or by wakeup()): its result, and what its partner left in its trap frame. */
        .ent    short_resume
short_resume:
        lui     $t9, %hi(_ZN4kern9g_currentE)
        lw      $t9, %lo(_ZN4kern9g_currentE)($t9)
        lw      $v1, (FF_ARGS + FF_V1)($sp)
        lw      $v0, TH_WAIT_RESULT($t9)
        lw      $a2, (FF_ARGS + FF_A2)($sp)
        lw      $a3, (FF_ARGS + FF_A3)($sp)
        .globl  short_zero_exit
short_zero_exit:                         /* every return of rpc_short and reply_wait */
        move    $s0, $zero               /* s0-s8 come back zero: nothing of the */
        move    $s1, $zero               /* partner's, or of the kernel's, shows */
        move    $s2, $zero
        move    $s3, $zero
        move    $s4, $zero
        move    $s5, $zero
        move    $s6, $zero
        move    $s7, $zero
        j       syscall_exit
        move    $fp, $zero
        .end    short_resume
