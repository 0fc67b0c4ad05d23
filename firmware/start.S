/*
 * Boot ROM entry: the old DEC PROM jump table at 0xbfc00000 (entry n at +8n, reference
 * dz-rtc-prom.md §3.1), the reset path, the BEV exception vectors (with the bus-error
 * recovery memory sizing needs), cache sizing and flushing by cache isolation as real
 * PROMs do it (r3000-cpu.md §9, NetBSD cache_r3k.c), the REX callback vector (§3.2), and
 * the emulator operations the ROM uses (emu/cpu/instruction.h: `ori $zero, $rs, 0xDExx`
 * does nothing on a real R3000). Runs from kseg1 (uncached); writes nothing but registers
 * while the caches are isolated. RAM layout: layout.h.
 */
#include "layout.h"
        .set    noreorder
        .set    noat
        .text
        .section .text.jumptable, "ax"
        .globl  _rom_base
_rom_base:
#define ENTRY(fn)   j fn; nop
/* An entry nothing we know of calls: report which one, end the run (prom.cpp). */
#define UNIMPL(n)   j prom_unimplemented; addiu $a0, $zero, n
        ENTRY(reset)             /*  0 reset: a warm reset (prom.cpp prom_main) */
        ENTRY(prom_exec)         /*  1 exec */
        ENTRY(prom_halt)         /*  2 restart (Linux: halt) */
        ENTRY(prom_halt)         /*  3 reinit (NetBSD: halt) */
        ENTRY(prom_reboot)       /*  4 reboot */
        ENTRY(prom_reboot)       /*  5 autoboot (NetBSD, Linux: reboot) */
        ENTRY(prom_no_device)    /*  6 open */
        ENTRY(prom_no_device)    /*  7 read */
        ENTRY(prom_no_device)    /*  8 write */
        ENTRY(prom_no_device)    /*  9 ioctl */
        ENTRY(prom_no_device)    /* 10 close */
        ENTRY(prom_no_device)    /* 11 lseek */
        ENTRY(prom_getchar)      /* 12 getchar */
        ENTRY(prom_putchar)      /* 13 putchar */
        ENTRY(prom_showchar)     /* 14 showchar */
        ENTRY(prom_gets)         /* 15 gets */
        ENTRY(prom_puts)         /* 16 puts */
        ENTRY(prom_printf)       /* 17 printf */
        UNIMPL(18)               /* 18 initproto */
        UNIMPL(19)               /* 19 protoenable */
        UNIMPL(20)               /* 20 protodisable */
        UNIMPL(21)               /* 21 getpkt */
        UNIMPL(22)               /* 22 putpkt */
        UNIMPL(23)
        UNIMPL(24)
        UNIMPL(25)
        UNIMPL(26)
        UNIMPL(27)
        ENTRY(prom_flushcache)   /* 28 flushcache */
        ENTRY(prom_clearcache)   /* 29 clearcache(addr, len) */
        UNIMPL(30)               /* 30 saveregs */
        UNIMPL(31)               /* 31 loadregs */
        ENTRY(bev_utlb)          /* 32 = 0xbfc00100: UTLB miss vector while BEV = 1 */
        ENTRY(prom_getenv)       /* 33 getenv2 */
        ENTRY(prom_setenv)       /* 34 setenv2 */
        ENTRY(prom_atonum)       /* 35 atonum */
        ENTRY(prom_strcmp)       /* 36 strcmp */
        ENTRY(prom_strlen)       /* 37 strlen */
        ENTRY(prom_strcpy)       /* 38 strcpy */
        ENTRY(prom_strcat)       /* 39 strcat */
        UNIMPL(40)               /* 40 getcmd */
        UNIMPL(41)               /* 41 getnums */
        UNIMPL(42)               /* 42 argparse */
        ENTRY(prom_help)         /* 43 help */
        UNIMPL(44)               /* 44 dump */
        ENTRY(prom_setenv)       /* 45 setenv */
        ENTRY(prom_unsetenv)     /* 46 unsetenv */
        ENTRY(prom_printenv)     /* 47 printenv */
        ENTRY(bev_general)       /* 48 = 0xbfc00180: general exception vector while BEV = 1 */
        ENTRY(prom_zero)         /* 49 enable */
        ENTRY(prom_zero)         /* 50 disable */
        ENTRY(prom_zerob)        /* 51 zeroB(addr, len) */
        UNIMPL(52)
        UNIMPL(53)
        ENTRY(prom_halt)         /* 54 halt */
_jumptable_end:

/* ---- reset ---------------------------------------------------------------------------- */
        .section .text, "ax"
        .globl  reset
reset:
        lui     $t0, 0x0040              /* Status: BEV, kernel mode, interrupts off */
        mtc0    $t0, $12
        mtc0    $zero, $13               /* Cause: clear software interrupts */
        li      $sp, PROM_STACK_TOP - 32

        /* Size the D-cache, then the I-cache (swapped), and invalidate every line. */
        lui     $a0, 0x0001              /* IsC */
        jal     size_and_flush
        nop
        move    $s0, $v0                  /* D-cache size */
        lui     $a0, 0x0003              /* IsC | SwC: the I-cache answers data accesses */
        jal     size_and_flush
        nop
        move    $s1, $v0                  /* I-cache size */
        lui     $t0, 0x0040
        mtc0    $t0, $12
        nop
        move    $a0, $s1
        move    $a1, $s0
        jal     prom_main               /* C++: memory, environment, boot or prompt */
        nop
1:      b       1b
        nop

/*
 * size_and_flush(a0 = Status bits to isolate): returns the cache size in v0.
 * Uses only registers: with the cache isolated, stores reach only the cache.
 *   1. write 0 at kseg0 + s for s = 256 KiB down to 512 bytes;
 *   2. write a marker at kseg0 + 0;
 *   3. the first s (from 512 up) whose word reads back the marker aliases with 0: the size.
 * Then store a zero word (good tag) and a zero byte (invalidate) to every line.
 */
size_and_flush:
        lui     $t0, 0x0040
        or      $t0, $t0, $a0
        mtc0    $t0, $12
        nop
        nop
        lui     $t1, 0x8000              /* kseg0 base */
        li      $t2, 0x40000             /* 256 KiB */
        li      $t3, 0x200               /* 512 */
1:      addu    $t4, $t1, $t2
        sw      $zero, 0($t4)
        srl     $t2, $t2, 1
        sltu    $t5, $t2, $t3
        beqz    $t5, 1b
        nop
        li      $t6, 0x5a5a1234
        sw      $t6, 0($t1)
        li      $t2, 0x200
        li      $t7, 0x40000
2:      addu    $t4, $t1, $t2
        lw      $t5, 0($t4)
        nop
        beq     $t5, $t6, 3f
        nop
        sll     $t2, $t2, 1
        sltu    $t5, $t7, $t2
        beqz    $t5, 2b
        nop
        move    $t2, $zero                /* no aliasing found: no cache */
3:      move    $v0, $t2
        /* flush: every word of the cache */
        move    $t4, $t1
        addu    $t5, $t1, $t2
4:      beq     $t4, $t5, 5f
        nop
        sw      $zero, 0($t4)
        sb      $zero, 0($t4)
        b       4b
        addiu   $t4, $t4, 4
5:      lui     $t0, 0x0040
        mtc0    $t0, $12
        nop
        nop
        jr      $ra
        nop

/*
 * prom_clearcache(addr, len): invalidate the I- and D-cache lines of [addr, addr+len)
 * (the whole caches when len is larger), by isolation and `sb zero`, interrupts off.
 * prom_flushcache(): both caches entirely. Callable from a running kernel (any Status).
 */
        .globl  prom_flushcache
prom_flushcache:
        lui     $a0, 0x8000
        b       prom_clearcache
        lui     $a1, 0x7fff
        .globl  prom_clearcache
prom_clearcache:
        move    $t5, $ra
        mfc0    $t7, $12
        li      $t0, -2
        and     $t6, $t7, $t0            /* the caller's Status without IEc */
        mtc0    $t6, $12
        li      $t0, PROM_STATE
        lw      $a2, 16($t0)             /* PromState::dcache_size */
        lui     $a3, 0x0001              /* IsC */
        bal     inval_range
        nop
        li      $t0, PROM_STATE
        lw      $a2, 12($t0)             /* PromState::icache_size */
        lui     $a3, 0x0003              /* IsC | SwC */
        bal     inval_range
        nop
        mtc0    $t7, $12
        nop
        move    $v0, $zero
        jr      $t5
        nop
/* inval_range(a0 addr, a1 len, a2 cache size, a3 isolation bits; t6 = Status to use) */
inval_range:
        beqz    $a2, 9f
        nop
        lui     $t0, 0x1fff
        ori     $t0, $t0, 0xfffc
        and     $t1, $a0, $t0
        lui     $t0, 0x8000
        or      $t1, $t1, $t0            /* kseg0 alias of addr, word aligned */
        addu    $t3, $t1, $a1            /* end */
        sltu    $t2, $a2, $a1
        beqz    $t2, 1f
        nop
        lui     $t1, 0x8000              /* larger than the cache: all of it */
        addu    $t3, $t1, $a2
1:      or      $t4, $t6, $a3
        mtc0    $t4, $12
        nop
        nop
2:      sltu    $t2, $t1, $t3
        beqz    $t2, 3f
        nop
        sb      $zero, 0($t1)
        b       2b
        addiu   $t1, $t1, 4
3:      mtc0    $t6, $12
        nop
        nop
9:      jr      $ra
        nop

/* ---- exceptions while BEV = 1 (the PROM's own, or a kernel that has not set up its vectors) */
bev_utlb:
        b       bev_common
        li      $a1, 1
bev_general:
        /* A bus error while prom_probe_read looks at memory: resume at its recovery point. */
        li      $k0, PROM_STATE
        lw      $k1, PROM_STATE_RECOVER($k0)
        nop
        beqz    $k1, 1f
        nop
        sw      $zero, PROM_STATE_RECOVER($k0)
        jr      $k1
        rfe
1:      li      $a1, 0
bev_common:
        mfc0    $t0, $12                 /* Status (MIPS I: usable two instructions on) */
        move    $k1, $sp
        li      $sp, PROM_STACK_TOP - 64
        mfc0    $a0, $13                 /* Cause */
        mfc0    $a2, $14                 /* EPC */
        mfc0    $a3, $8                  /* BadVAddr */
        sw      $t0, 16($sp)
        sw      $k1, 20($sp)
        jal     prom_exception          /* prints what happened and halts (does not return) */
        nop
1:      b       1b
        nop

/* int prom_probe_read(addr): 1 if the word at addr answered a read, 0 on a bus error. */
        .globl  prom_probe_read
prom_probe_read:
        li      $t1, PROM_STATE
        la      $t0, 1f
        sw      $t0, PROM_STATE_RECOVER($t1)
        lw      $t2, 0($a0)
        nop
        sw      $zero, PROM_STATE_RECOVER($t1)
        jr      $ra
        li      $v0, 1
1:      jr      $ra                      /* bev_general cleared the recovery address */
        move    $v0, $zero

/* ---- emulator operations (emu/cpu/instruction.h) ---------------------------------------- */
/* emu_halt(status): `ori $zero, $a0, 0xde00` ends the run with exit status a0. */
        .globl  emu_halt
emu_halt:
        ori     $zero, $a0, 0xde00
1:      b       1b
        nop
/* emu_reboot(): kEmuReboot power-cycles the machine. Without an emulator: a warm reset. */
        .globl  emu_reboot
emu_reboot:
        ori     $zero, $zero, 0xde31
        j       reset
        nop
/* emu_input_ended(flag): kEmuInputEnded stores 1 at *flag when no more console input can come. */
        .globl  emu_input_ended
emu_input_ended:
        ori     $zero, $a0, 0xde30
        jr      $ra
        nop

/* ---- start the kernel: a0..a3 as the PROM passes them, entry as the 5th argument ---------- */
        .globl  start_kernel
start_kernel:
        lw      $t9, 16($sp)
        li      $sp, PROM_STACK_TOP - 64  /* a clean stack: nothing on it looks like bootinfo */
        sw      $zero, 16($sp)
        sw      $zero, 20($sp)
        /* Leave BEV clear, as a DEC PROM does: exceptions now go through the RAM vectors at
         * 0x80000000/0x80000080 (install_ram_vectors in monitor.cpp), which a kernel may
         * replace before it has set up its own trap handling. Linux's KN01 memory probe
         * (arch/mips/dec/prom/memory.c, pmax_setup_memory_region) depends on it. */
        mfc0    $t0, $12
        lui     $t1, 0xffbf              /* ~BEV (0x00400000) */
        ori     $t1, $t1, 0xffff
        and     $t0, $t0, $t1
        mtc0    $t0, $12
        nop
        nop
        jr      $t9
        nop

/* ---- write-buffer flush for console output (the DECstation idiom, CpCond0 = empty) */
        .globl  wbflush
wbflush:
1:      bc0f    1b
        nop
        jr      $ra
        nop

/* ---- REX callbacks nothing we know of calls: report the offset, end the run ------------- */
#define REX_UNIMPL(off) rex_unimpl_##off: j prom_unimplemented; addiu $a0, $zero, 0x100 + off
REX_UNIMPL(0x40)
REX_UNIMPL(0x44)
REX_UNIMPL(0x4c)
REX_UNIMPL(0x50)
REX_UNIMPL(0xb0)

/* ---- REX callback vector (KN02): a3 at kernel entry points here (dz-rtc-prom.md §3.2) -- */
        .section .rodata
        .align  2
        .globl  rex_callbacks
rex_callbacks:
        .word   prom_memcpy         /* 0x00 memcpy */
        .word   prom_memset         /* 0x04 memset */
        .word   prom_strcat         /* 0x08 strcat */
        .word   prom_strcmp         /* 0x0c strcmp */
        .word   prom_strcpy         /* 0x10 strcpy */
        .word   prom_strlen         /* 0x14 strlen */
        .word   prom_strncat        /* 0x18 strncat */
        .word   prom_strncpy        /* 0x1c strncpy */
        .word   prom_strncmp        /* 0x20 strncmp */
        .word   prom_getchar        /* 0x24 getchar */
        .word   prom_gets           /* 0x28 gets */
        .word   prom_puts           /* 0x2c puts */
        .word   prom_printf         /* 0x30 printf */
        .word   prom_sprintf        /* 0x34 sprintf */
        .word   prom_zero           /* 0x38 io_poll */
        .word   prom_strtol         /* 0x3c strtol */
        .word   rex_unimpl_0x40     /* 0x40 signal */
        .word   rex_unimpl_0x44     /* 0x44 raise */
        .word   prom_zero           /* 0x48 time */
        .word   rex_unimpl_0x4c     /* 0x4c setjmp */
        .word   rex_unimpl_0x50     /* 0x50 longjmp */
        .word   prom_no_device      /* 0x54 bootinit: no boot disk */
        .word   prom_no_device      /* 0x58 bootread */
        .word   prom_no_device      /* 0x5c bootwrite */
        .word   prom_setenv         /* 0x60 setenv */
        .word   prom_getenv         /* 0x64 getenv */
        .word   prom_unsetenv       /* 0x68 unsetenv */
        .word   prom_slot_address   /* 0x6c slot_address */
        .word   wbflush             /* 0x70 wbflush */
        .word   prom_msdelay        /* 0x74 msdelay */
        .word   prom_zero           /* 0x78 leds */
        .word   prom_clearcache     /* 0x7c clear_cache */
        .word   prom_getsysid       /* 0x80 getsysid */
        .word   prom_getbitmap      /* 0x84 getbitmap */
        .word   prom_zero           /* 0x88 disableintr */
        .word   prom_zero           /* 0x8c enableintr */
        .word   prom_zero           /* 0x90 testintr */
        .word   0                   /* 0x94 reserved data pointer */
        .word   prom_console_init   /* 0x98 console_init */
        .word   prom_halt           /* 0x9c halt */
        .word   prom_showfault      /* 0xa0 showfault */
        .word   prom_gettcinfo      /* 0xa4 gettcinfo */
        .word   prom_execute_cmd    /* 0xa8 execute_cmd */
        .word   prom_rex            /* 0xac rex */
        .rept   10                  /* 0xb0 - 0xd4 reserved */
        .word   rex_unimpl_0xb0
        .endr
