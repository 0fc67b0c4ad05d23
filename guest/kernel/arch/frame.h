/* The trap frame: every user register and the exception state, saved at the top of the
 * current thread's kernel stack by exception_entry (all of it) or syscall_entry (sp, ra
 * and the return PC only: the system-call ABI is an o32 procedure call). Plain
 * #defines so that vectors.S and the C++ code share one layout. */
#ifndef KERNEL_ARCH_FRAME_H
#define KERNEL_ARCH_FRAME_H

#define FF_AT        0
#define FF_V0        4
#define FF_V1        8
#define FF_A0        12
#define FF_A1        16
#define FF_A2        20
#define FF_A3        24
#define FF_T0        28   /* t0..t7 at 28..56 */
#define FF_S0        60   /* s0..s7 at 60..88 */
#define FF_T8        92
#define FF_T9        96
#define FF_GP        100
#define FF_SP        104
#define FF_FP        108
#define FF_RA        112
#define FF_HI        116
#define FF_LO        120
#define FF_EPC       124
#define FF_STATUS    128
#define FF_CAUSE     132
#define FF_BADVADDR  136
#define FF_K1        140  /* k1 at entry: the user PC when the UTLB handler double-missed */
#define FF_SIZE      144
/* C code is called with sp = frame - FF_ARGS: the o32 argument area, and the fifth and
   sixth system-call arguments (t0, t1) at 16(sp) and 20(sp). */
#define FF_ARGS      24

#define SYSCALL_COUNT 64         /* kabi::kSysCount, checked in kern/syscall.cpp */
#define KSTACK_SIZE  4096
#define PT_BASE      0xc0000000  /* the linear page table's kseg2 window (Context.PTEBase) */
#define UTLB_LOAD_PC 0x80000008  /* the refill handler's PTE load: a double miss's EPC */

#ifndef __ASSEMBLER__
#include <stdint.h>
namespace kern {
struct TrapFrame {
  uint32_t at, v0, v1, a0, a1, a2, a3;
  uint32_t t0, t1, t2, t3, t4, t5, t6, t7;
  uint32_t s0, s1, s2, s3, s4, s5, s6, s7;
  uint32_t t8, t9, gp, sp, fp, ra, hi, lo;
  uint32_t epc, status, cause, badvaddr, k1;
};
static_assert(sizeof(TrapFrame) == FF_SIZE);

// What switch_to saves: the callee-saved registers and Status of a thread in the kernel.
struct KContext {
  uint32_t s[9];  // s0-s7, fp
  uint32_t sp, ra, status;
  uint32_t gp;    // the user's gp: system calls do not save it (arch/vectors.S)
};
}  // namespace kern
#endif
#endif
