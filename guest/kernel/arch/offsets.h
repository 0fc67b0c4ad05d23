/* Structure offsets for the assembly IPC path (arch/ipc_fast.S), checked against the C++
 * definitions by static_asserts in ipc/short.cpp. */
#ifndef KERNEL_ARCH_OFFSETS_H
#define KERNEL_ARCH_OFFSETS_H

/* Thread (sched/thread.h); ctx (KContext) first: s0-s7, fp, sp, ra, status, gp */
#define TH_CTX_SP       36
#define TH_CTX_RA       40
#define TH_CTX_STATUS   44
#define TH_CTX_GP       48
#define TH_KSTACK       52
#define TH_TASK         56
#define TH_STATE        60
#define TH_QUANTUM      62
#define TH_NEXT         68
#define TH_PREV         72
#define TH_QUEUE        76
#define TH_WAKE_TICK    84
#define TH_WAIT_RESULT  88
#define TS_RUNNING      1
#define TS_BLOCKED      3

/* Task (task/task.h): pmap first; the name space's entries and free list */
#define TASK_ASID       2048
#define TASK_ASID_GEN   2052
#define TASK_ENTRIES    2252
#define TASK_FREE_HEAD  3020
/* Entry (ipc/space.h), 12 bytes */
#define EN_SIZE         12
#define EN_PORT         0
#define EN_UREFS        4
#define EN_RIGHTS       6
#define EN_GEN          7
#define EN_NEXT_FREE    8
#define RIGHT_RECEIVE   1
#define RIGHT_SEND      2
#define RIGHT_SEND_ONCE 4

/* Port (ipc/port.h) */
#define PO_REFS         4
#define PO_DEAD         8
#define PO_SHORT_HEAD   44
#define PO_SHORT_TAIL   48
#endif
