/*
 * Exception vectors, trap entry and exit, the system-call path and the thread switch of
 * the guest kernel (R2000/R3000, MIPS I, o32). README.md in this folder walks each path.
 *
 *   utlb_refill      copied to 0x80000000: the R3000 UTLB refill, 9 instructions, k0/k1
 *                    only: Context holds PTEBase | BadVPN << 2, the address of the PTE in
 *                    the current task's linear page table in kseg2 (vm/pmap.cpp); the PTE
 *                    word is EntryLo. If the load itself misses (the page-table page is
 *                    not in the TLB) the general vector is taken with EPC = 0x80000008
 *                    and k1 = the user PC; exception_entry recognises it.
 *   general_vector   copied to 0x80000080: system calls (not in a delay slot) go to
 *                    syscall_entry, everything else to exception_entry.
 *   syscall_entry    saves sp, ra and the return PC on the thread's kernel stack (three
 *                    stores: they fit the four-entry write buffer) and calls
 *                    syscall_table[v0](a0..a3); returns with jr/rfe. gp is kept by the
 *                    kernel (-G0 code never writes it) and saved by switch_to. Calls
 *                    with six arguments go through syscall_args6, which stores t0/t1
 *                    where o32 puts arguments 5 and 6.
 *   exception_entry  saves the whole user state (trap frame, arch/frame.h), calls
 *                    trap(frame); exception_return restores it.
 *   switch_to        saves the callee-saved registers and Status of one thread, loads
 *                    another's.
 *
 * Sources: shared/reference/r3000-cpu.md §6 (vectors, EPC/BD, the KU/IE stack and RFE),
 * §7 (Context, EntryHi/EntryLo), §4.4 (mfc0 results one instruction late, a nop between
 * mtc0 EntryLo and tlbwr); the refill sequence is the one Mach 3.0 and Ultrix used
 * (shared/reference/mach-ux-structure.md §6).
 * Written in noreorder mode: every delay slot is filled by hand and no loaded register
 * is read by the next instruction (the R3000 does not interlock loads).
 */
#include "frame.h"

        .set    noreorder
        .set    noat
        .text

/* ---- UTLB refill: copied to 0x80000000 (must stay position-independent) -------------- */
        .globl  utlb_refill
        .globl  utlb_refill_end
utlb_refill:
        mfc0    $k0, $4                  /* Context: address of the PTE in kseg2 */
        mfc0    $k1, $14                 /* EPC */
        lw      $k0, 0($k0)              /* 0x80000008: the PTE (EntryLo format) */
        nop
        mtc0    $k0, $2                  /* EntryLo; EntryHi already holds VPN | PID */
        nop
        tlbwr                            /* a random entry (8..63) */
        jr      $k1
        rfe
utlb_refill_end:

/* ---- general vector: copied to 0x80000080 (branches inside it only; j is absolute) --- */
        .globl  general_vector
        .globl  general_vector_end
general_vector:                          /* k1 untouched: a double miss's user PC */
        mfc0    $k0, $13                 /* Cause */
        nop
        bltz    $k0, 1f                  /* BD: a syscall in a delay slot is a user error */
        andi    $k0, $k0, 0x7c
        xori    $k0, $k0, 0x20           /* ExcCode Sys << 2 */
        bne     $k0, $zero, 1f
        nop
        j       syscall_entry
        nop
1:      j       exception_entry
        nop
general_vector_end:

/* ---- system calls ---------------------------------------------------------------------- */
        .globl  syscall_entry
        .ent    syscall_entry
syscall_entry:
        lui     $k1, %hi(cur_kstack_top)
        lw      $k1, %lo(cur_kstack_top)($k1)
        mfc0    $k0, $14                 /* EPC (load delay of k1 covered) */
        sw      $sp, (FF_SP - FF_SIZE)($k1)
        addiu   $sp, $k1, -(FF_SIZE + FF_ARGS)
        sw      $ra, (FF_ARGS + FF_RA)($sp)
        addiu   $k0, $k0, 4              /* return past the syscall */
        sltiu   $k1, $v0, SYSCALL_COUNT
        beq     $k1, $zero, 2f
        sw      $k0, (FF_ARGS + FF_EPC)($sp)
        sll     $k1, $v0, 2
        lui     $k0, %hi(syscall_table)
        addu    $k0, $k0, $k1
        lw      $k0, %lo(syscall_table)($k0)
        nop
        jalr    $k0
        nop
        .globl  syscall_exit
syscall_exit:
        lw      $ra, (FF_ARGS + FF_RA)($sp)
        lw      $k0, (FF_ARGS + FF_EPC)($sp)
        lw      $sp, (FF_ARGS + FF_SP)($sp)
        jr      $k0
        rfe
/* No kernel call of that number: a Unix system call the task's emulation library takes
   (task_set_emulation, kern/syscall_vm.cpp), or kErrInvalidArg. The library's entry
   runs with the registers as they were at the syscall, v1 = the return address. */
2:      sw      $v0, (FF_ARGS + FF_V0)($sp)
        sw      $a0, (FF_ARGS + FF_A0)($sp)
        sw      $a1, (FF_ARGS + FF_A1)($sp)
        sw      $a2, (FF_ARGS + FF_A2)($sp)
        sw      $a3, (FF_ARGS + FF_A3)($sp)
        sw      $t0, (FF_ARGS + FF_T0)($sp)
        sw      $t1, (FF_ARGS + FF_T0 + 4)($sp)
        jal     emulation_entry          /* (number) -> user entry or 0 */
        move    $a0, $v0
        beq     $v0, $zero, 3f
        lw      $v1, (FF_ARGS + FF_EPC)($sp)  /* the return address: past the syscall */
        sw      $v0, (FF_ARGS + FF_EPC)($sp)  /* resume at the entry */
        lw      $v0, (FF_ARGS + FF_V0)($sp)
        lw      $a0, (FF_ARGS + FF_A0)($sp)
        lw      $a1, (FF_ARGS + FF_A1)($sp)
        lw      $a2, (FF_ARGS + FF_A2)($sp)
        lw      $a3, (FF_ARGS + FF_A3)($sp)
        lw      $t0, (FF_ARGS + FF_T0)($sp)
        b       syscall_exit
        lw      $t1, (FF_ARGS + FF_T0 + 4)($sp)
3:      b       syscall_exit
        li      $v0, -10                 /* kErrInvalidArg: no such system call */
        .end    syscall_entry

/* The table entry of a six-argument call: t0, t1 become o32 arguments 5 and 6 at 16(sp)
   and 20(sp) of syscall_entry's frame; then the C function (address in the word after
   the jump table slot is not needed: one wrapper per call). */
        .globl  sys_msg_entry
sys_msg_entry:
        sw      $t0, 16($sp)
        j       sys_msg
        sw      $t1, 20($sp)

/* The short-message calls (ipc/short.cpp): the C function's partner left v1, a2, a3 in
   our trap frame; load them on the way out, and clear s0-s8 (short_zero_exit,
   arch/ipc_fast.S: these calls do not preserve them, whichever path they take). */
        .globl  sys_rpc_short_entry
sys_rpc_short_entry:
        jal     sys_rpc_short
        nop
        b       short_exit
        nop
        .globl  sys_reply_wait_entry
sys_reply_wait_entry:
        jal     sys_reply_wait
        nop
short_exit:
        lw      $v1, (FF_ARGS + FF_V1)($sp)
        lw      $a2, (FF_ARGS + FF_A2)($sp)
        j       short_zero_exit
        lw      $a3, (FF_ARGS + FF_A3)($sp)

/* ---- every other exception -------------------------------------------------------------- */
        .globl  exception_entry
        .ent    exception_entry
exception_entry:
        mfc0    $k0, $12                 /* Status */
        nop
        andi    $k0, $k0, 0x8            /* KUp: came from user mode */
        bne     $k0, $zero, 1f
        nop
        mfc0    $k0, $14                 /* from the kernel: the refill handler's load? */
        nop
        sll     $k0, $k0, 1
        xori    $k0, $k0, ((UTLB_LOAD_PC << 1) & 0xffff)
        beq     $k0, $zero, 1f           /* yes: on behalf of user code (the kernel itself
                                            never touches kuseg) */
        nop
        b       2f                       /* a kernel thread (idle): below its own sp */
        addiu   $k0, $sp, -FF_SIZE
1:      lui     $k0, %hi(cur_kstack_top)
        lw      $k0, %lo(cur_kstack_top)($k0)
        nop
        addiu   $k0, $k0, -FF_SIZE
2:      sw      $sp, FF_SP($k0)
        addiu   $sp, $k0, -FF_ARGS
        sw      $k1, FF_K1($k0)
        sw      $at, FF_AT($k0)
        sw      $v0, FF_V0($k0)
        sw      $v1, FF_V1($k0)
        sw      $a0, FF_A0($k0)
        sw      $a1, FF_A1($k0)
        sw      $a2, FF_A2($k0)
        sw      $a3, FF_A3($k0)
        sw      $t0, FF_T0+0($k0)
        sw      $t1, FF_T0+4($k0)
        sw      $t2, FF_T0+8($k0)
        sw      $t3, FF_T0+12($k0)
        sw      $t4, FF_T0+16($k0)
        sw      $t5, FF_T0+20($k0)
        sw      $t6, FF_T0+24($k0)
        sw      $t7, FF_T0+28($k0)
        sw      $s0, FF_S0+0($k0)
        sw      $s1, FF_S0+4($k0)
        sw      $s2, FF_S0+8($k0)
        sw      $s3, FF_S0+12($k0)
        sw      $s4, FF_S0+16($k0)
        sw      $s5, FF_S0+20($k0)
        sw      $s6, FF_S0+24($k0)
        sw      $s7, FF_S0+28($k0)
        sw      $t8, FF_T8($k0)
        sw      $t9, FF_T9($k0)
        sw      $gp, FF_GP($k0)
        sw      $fp, FF_FP($k0)
        sw      $ra, FF_RA($k0)
        mfhi    $t0
        mflo    $t1
        sw      $t0, FF_HI($k0)
        sw      $t1, FF_LO($k0)
        mfc0    $t0, $14                 /* EPC */
        mfc0    $t1, $12                 /* Status */
        mfc0    $t2, $13                 /* Cause */
        mfc0    $t3, $8                  /* BadVAddr */
        sw      $t0, FF_EPC($k0)
        sw      $t1, FF_STATUS($k0)
        sw      $t2, FF_CAUSE($k0)
        sw      $t3, FF_BADVADDR($k0)
        jal     trap                     /* trap(frame) */
        move    $a0, $k0
        .globl  exception_return
exception_return:                        /* sp = frame - FF_ARGS */
        addiu   $k1, $sp, FF_ARGS
        lw      $t0, FF_HI($k1)
        lw      $t1, FF_LO($k1)
        mthi    $t0
        mtlo    $t1
        lw      $at, FF_AT($k1)
        lw      $v0, FF_V0($k1)
        lw      $v1, FF_V1($k1)
        lw      $a0, FF_A0($k1)
        lw      $a1, FF_A1($k1)
        lw      $a2, FF_A2($k1)
        lw      $a3, FF_A3($k1)
        lw      $t0, FF_T0+0($k1)
        lw      $t1, FF_T0+4($k1)
        lw      $t2, FF_T0+8($k1)
        lw      $t3, FF_T0+12($k1)
        lw      $t4, FF_T0+16($k1)
        lw      $t5, FF_T0+20($k1)
        lw      $t6, FF_T0+24($k1)
        lw      $t7, FF_T0+28($k1)
        lw      $s0, FF_S0+0($k1)
        lw      $s1, FF_S0+4($k1)
        lw      $s2, FF_S0+8($k1)
        lw      $s3, FF_S0+12($k1)
        lw      $s4, FF_S0+16($k1)
        lw      $s5, FF_S0+20($k1)
        lw      $s6, FF_S0+24($k1)
        lw      $s7, FF_S0+28($k1)
        lw      $t8, FF_T8($k1)
        lw      $t9, FF_T9($k1)
        lw      $gp, FF_GP($k1)
        lw      $fp, FF_FP($k1)
        lw      $ra, FF_RA($k1)
        lw      $k0, FF_STATUS($k1)
        nop
        mtc0    $k0, $12                 /* KUc/IEc = 0 until the rfe pops the stack */
        lw      $k0, FF_EPC($k1)
        lw      $sp, FF_SP($k1)
        jr      $k0
        rfe
        .end    exception_entry

/* A new user thread's first run: switch_to "returns" here with sp = its frame - FF_ARGS. */
        .globl  thread_start_user
thread_start_user:
        b       exception_return
        nop

/* ---- void switch_to(KContext* save, const KContext* load): s0-s8, sp, ra, Status, gp -- */
        .globl  switch_to
        .ent    switch_to
switch_to:
        mfc0    $t0, $12
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
        sw      $t0, 44($a0)
        sw      $gp, 48($a0)
        lw      $gp, 48($a1)
        lw      $t0, 44($a1)
        lw      $s0, 0($a1)
        mtc0    $t0, $12
        lw      $s1, 4($a1)
        lw      $s2, 8($a1)
        lw      $s3, 12($a1)
        lw      $s4, 16($a1)
        lw      $s5, 20($a1)
        lw      $s6, 24($a1)
        lw      $s7, 28($a1)
        lw      $fp, 32($a1)
        lw      $ra, 40($a1)
        lw      $sp, 36($a1)             /* (load delay of ra) */
        jr      $ra
        nop
        .end    switch_to
