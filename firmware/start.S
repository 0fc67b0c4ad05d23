/*
 * Boot ROM entry: the old DEC PROM jump table at 0xbfc00000 (entry n at +8n, reference
 * dz-rtc-prom.md §3.1), the reset path, the BEV exception vectors, and cache sizing and
 * flushing by cache isolation as real PROMs do it (r3000-cpu.md §9, NetBSD cache_r3k.c).
 * Runs from kseg1 (uncached); writes nothing but registers while the caches are isolated.
 */
        .set    noreorder
        .set    noat
        .text
        .section .text.jumptable, "ax"
        .globl  _rom_base
_rom_base:
#define ENTRY(fn)   j fn; nop
        ENTRY(reset)             /*  0 reset */
        ENTRY(prom_exec)         /*  1 exec */
        ENTRY(prom_restart)      /*  2 restart */
        ENTRY(prom_reinit)       /*  3 reinit */
        ENTRY(prom_reboot)       /*  4 reboot */
        ENTRY(prom_autoboot)     /*  5 autoboot */
        ENTRY(prom_open)         /*  6 open */
        ENTRY(prom_read)         /*  7 read */
        ENTRY(prom_write)        /*  8 write */
        ENTRY(prom_ioctl)        /*  9 ioctl */
        ENTRY(prom_close)        /* 10 close */
        ENTRY(prom_lseek)        /* 11 lseek */
        ENTRY(prom_getchar)      /* 12 getchar */
        ENTRY(prom_putchar)      /* 13 putchar */
        ENTRY(prom_putchar)      /* 14 showchar */
        ENTRY(prom_gets)         /* 15 gets */
        ENTRY(prom_puts)         /* 16 puts */
        ENTRY(prom_printf)       /* 17 printf */
        ENTRY(prom_unimplemented) /* 18 initproto */
        ENTRY(prom_unimplemented) /* 19 protoenable */
        ENTRY(prom_unimplemented) /* 20 protodisable */
        ENTRY(prom_unimplemented) /* 21 getpkt */
        ENTRY(prom_unimplemented) /* 22 putpkt */
        ENTRY(prom_unimplemented) /* 23 */
        ENTRY(prom_unimplemented) /* 24 */
        ENTRY(prom_unimplemented) /* 25 */
        ENTRY(prom_unimplemented) /* 26 */
        ENTRY(prom_unimplemented) /* 27 */
        ENTRY(prom_flushcache)   /* 28 flushcache */
        ENTRY(prom_clearcache)   /* 29 clearcache(addr, len) */
        ENTRY(prom_unimplemented) /* 30 saveregs */
        ENTRY(prom_unimplemented) /* 31 loadregs */
        ENTRY(bev_utlb)          /* 32 = 0xbfc00100: UTLB miss vector while BEV = 1 */
        ENTRY(prom_getenv)       /* 33 getenv2 */
        ENTRY(prom_setenv)       /* 34 setenv2 */
        ENTRY(prom_atonum)       /* 35 atonum */
        ENTRY(prom_strcmp)       /* 36 strcmp */
        ENTRY(prom_strlen)       /* 37 strlen */
        ENTRY(prom_strcpy)       /* 38 strcpy */
        ENTRY(prom_strcat)       /* 39 strcat */
        ENTRY(prom_unimplemented) /* 40 getcmd */
        ENTRY(prom_unimplemented) /* 41 getnums */
        ENTRY(prom_unimplemented) /* 42 argparse */
        ENTRY(prom_unimplemented) /* 43 help */
        ENTRY(prom_unimplemented) /* 44 dump */
        ENTRY(prom_setenv)       /* 45 setenv */
        ENTRY(prom_unsetenv)     /* 46 unsetenv */
        ENTRY(prom_printenv)     /* 47 printenv */
        ENTRY(bev_general)       /* 48 = 0xbfc00180: general exception vector while BEV = 1 */
        ENTRY(prom_unimplemented) /* 49 enable */
        ENTRY(prom_unimplemented) /* 50 disable */
        ENTRY(prom_unimplemented) /* 51 zeroB */
        ENTRY(prom_unimplemented) /* 52 */
        ENTRY(prom_unimplemented) /* 53 */
        ENTRY(prom_restart)      /* 54 halt */
_jumptable_end:

/* ---- reset ---------------------------------------------------------------------------- */
        .section .text, "ax"
        .globl  reset
reset:
        lui     $t0, 0x0040              /* Status: BEV, kernel mode, interrupts off */
        mtc0    $t0, $12
        mtc0    $zero, $13               /* Cause: clear software interrupts */
        la      $sp, 0xa0030000 - 32     /* PROM stack (uncached) below the kernel load area */

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
        jal     prom_main               /* C++: console, banner, boot or prompt */
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

/* ---- exceptions while BEV = 1 (the PROM's own, or a kernel that has not set up its vectors) */
bev_utlb:
        b       bev_common
        li      $a1, 1
bev_general:
        li      $a1, 0
bev_common:
        mfc0    $a0, $13                 /* Cause */
        mfc0    $a2, $14                 /* EPC */
        mfc0    $a3, $8                  /* BadVAddr */
        la      $sp, 0xa0030000 - 32
        jal     prom_exception          /* prints what happened and halts (does not return) */
        nop
1:      b       1b
        nop

/* ---- emulator halt: `ori $zero, $a0, 0xde00` ends the run with status a0 (instruction.h) */
        .globl  emu_halt
emu_halt:
        ori     $zero, $a0, 0xde00
1:      b       1b
        nop

/* ---- start the kernel: a0..a3 as the PROM passes them, entry in t9 via 5th arg on stack */
        .globl  start_kernel
start_kernel:
        lw      $t9, 16($sp)
        nop                              /* load delay slot: jr must see the loaded t9 */
        jr      $t9
        nop

/* ---- write-buffer flush for console output (the DECstation idiom, CpCond0 = empty) */
        .globl  wbflush
wbflush:
1:      bc0f    1b
        nop
        jr      $ra
        nop

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
        .word   prom_unimplemented  /* 0x18 strncat */
        .word   prom_unimplemented  /* 0x1c strncpy */
        .word   prom_unimplemented  /* 0x20 strncmp */
        .word   prom_getchar        /* 0x24 getchar */
        .word   prom_gets           /* 0x28 gets */
        .word   prom_puts           /* 0x2c puts */
        .word   prom_printf         /* 0x30 printf */
        .word   prom_unimplemented  /* 0x34 sprintf */
        .word   prom_unimplemented  /* 0x38 io_poll */
        .word   prom_unimplemented  /* 0x3c strtol */
        .word   prom_unimplemented  /* 0x40 signal */
        .word   prom_unimplemented  /* 0x44 raise */
        .word   prom_unimplemented  /* 0x48 time */
        .word   prom_unimplemented  /* 0x4c setjmp */
        .word   prom_unimplemented  /* 0x50 longjmp */
        .word   prom_unimplemented  /* 0x54 bootinit */
        .word   prom_unimplemented  /* 0x58 bootread */
        .word   prom_unimplemented  /* 0x5c bootwrite */
        .word   prom_setenv         /* 0x60 setenv */
        .word   prom_getenv         /* 0x64 getenv */
        .word   prom_unsetenv       /* 0x68 unsetenv */
        .word   prom_unimplemented  /* 0x6c slot_address */
        .word   wbflush             /* 0x70 wbflush */
        .word   prom_unimplemented  /* 0x74 msdelay */
        .word   prom_unimplemented  /* 0x78 leds */
        .word   prom_clearcache     /* 0x7c clear_cache */
        .word   prom_getsysid       /* 0x80 getsysid */
        .word   prom_unimplemented  /* 0x84 getbitmap */
        .word   prom_unimplemented  /* 0x88 disableintr */
        .word   prom_unimplemented  /* 0x8c enableintr */
        .word   prom_unimplemented  /* 0x90 testintr */
        .word   0                   /* 0x94 reserved data pointer */
        .word   prom_unimplemented  /* 0x98 console_init */
        .word   prom_restart        /* 0x9c halt */
        .word   prom_unimplemented  /* 0xa0 showfault */
        .word   prom_unimplemented  /* 0xa4 gettcinfo */
        .word   prom_unimplemented  /* 0xa8 execute_cmd */
        .word   prom_rex            /* 0xac rex */
        .rept   10                  /* 0xb0 - 0xd4 reserved */
        .word   prom_unimplemented
        .endr
