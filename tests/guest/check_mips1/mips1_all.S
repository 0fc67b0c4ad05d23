/* Every MIPS I instruction class the R2000/R3000 + R3010 FPA + R3000 CP0 implement, and
   the MIPS I coprocessor 2/3 forms: tools/check-mips1 must accept all of it.
   Reference: MIPS R2000/R3000 ISA (Kane & Heinrich appendix A), r3000-cpu.md.
   Assembled for -march=r3000 by check_mips1_test.sh; never linked into a program. */
        .set    noreorder
        .set    noat
        .text
        .globl  all_mips1
all_mips1:
        /* ALU, register and immediate */
        add     $2, $3, $4
        addu    $2, $3, $4
        addi    $2, $3, -1
        addiu   $2, $3, 100
        sub     $2, $3, $4
        subu    $2, $3, $4
        and     $2, $3, $4
        andi    $2, $3, 0xff
        or      $2, $3, $4
        ori     $2, $3, 0x1234
        xor     $2, $3, $4
        xori    $2, $3, 0x5555
        nor     $2, $3, $4
        lui     $2, 0x8003
        slt     $2, $3, $4
        sltu    $2, $3, $4
        slti    $2, $3, -5
        sltiu   $2, $3, 5
        sll     $2, $3, 4
        srl     $2, $3, 4
        sra     $2, $3, 4
        sllv    $2, $3, $4
        srlv    $2, $3, $4
        srav    $2, $3, $4
        /* multiply/divide unit */
        mult    $3, $4
        multu   $3, $4
        div     $0, $3, $4
        divu    $0, $3, $4
        mfhi    $2
        mflo    $2
        mthi    $2
        mtlo    $2
        /* loads and stores */
        lb      $2, 1($4)
        lbu     $2, 1($4)
        lh      $2, 2($4)
        lhu     $2, 2($4)
        lw      $2, 4($4)
        lwl     $2, 7($4)
        lwr     $2, 4($4)
        sb      $2, 1($4)
        sh      $2, 2($4)
        sw      $2, 4($4)
        swl     $2, 7($4)
        swr     $2, 4($4)
        /* branches and jumps (delay slots filled with nops) */
1:      beq     $2, $3, 1b
        nop
        bne     $2, $3, 1b
        nop
        blez    $2, 1b
        nop
        bgtz    $2, 1b
        nop
        bltz    $2, 1b
        nop
        bgez    $2, 1b
        nop
        bltzal  $2, 1b
        nop
        bgezal  $2, 1b
        nop
        j       all_mips1
        nop
        jal     all_mips1
        nop
        jr      $31
        nop
        jalr    $25
        nop
        jalr    $2, $25
        nop
        syscall
        break   7
        /* encodings objdump prints as aliases */
        nop
        sll     $0, $0, 1          /* "ssnop" */
        sll     $0, $0, 3          /* "ehb" */
        addu    $2, $3, $0         /* "move" */
        addiu   $2, $0, 42         /* "li" */
        ori     $2, $0, 0x8000     /* "li" */
        sub     $2, $0, $3         /* "neg" */
        subu    $2, $0, $3         /* "negu" */
        nor     $2, $3, $0         /* "not" */
        beq     $0, $0, 1b         /* "b" */
        nop
        bgezal  $0, 1b             /* "bal" */
        nop
        beq     $2, $0, 1b         /* "beqz" */
        nop
        bne     $2, $0, 1b         /* "bnez" */
        nop
        /* R3000 system control coprocessor */
        mfc0    $2, $12
        nop
        mtc0    $2, $12
        tlbr
        tlbwi
        tlbwr
        tlbp
        rfe
        bc0f    1b
        nop
        bc0t    1b
        nop
        /* R2010/R3010 floating-point accelerator */
        mfc1    $2, $f0
        mtc1    $2, $f0
        cfc1    $2, $31
        ctc1    $2, $31
        lwc1    $f0, 0($4)
        swc1    $f0, 0($4)
        bc1f    1b
        nop
        bc1t    1b
        nop
        add.s   $f0, $f2, $f4
        add.d   $f0, $f2, $f4
        sub.s   $f0, $f2, $f4
        sub.d   $f0, $f2, $f4
        mul.s   $f0, $f2, $f4
        mul.d   $f0, $f2, $f4
        div.s   $f0, $f2, $f4
        div.d   $f0, $f2, $f4
        abs.s   $f0, $f2
        abs.d   $f0, $f2
        mov.s   $f0, $f2
        mov.d   $f0, $f2
        neg.s   $f0, $f2
        neg.d   $f0, $f2
        cvt.s.d $f0, $f2
        cvt.s.w $f0, $f2
        cvt.d.s $f0, $f2
        cvt.d.w $f0, $f2
        cvt.w.s $f0, $f2
        cvt.w.d $f0, $f2
        .irp    cond, f, un, eq, ueq, olt, ult, ole, ule, sf, ngle, seq, ngl, lt, nge, le, ngt
        c.\cond\().s $f2, $f4
        c.\cond\().d $f2, $f4
        .endr
        /* coprocessor 2 and 3, MIPS I forms */
        mfc2    $2, $5
        mtc2    $2, $5
        cfc2    $2, $5
        ctc2    $2, $5
        lwc2    $5, 0($4)
        swc2    $5, 0($4)
        bc2f    1b
        nop
        bc2t    1b
        nop
        c2      0x123
        mfc3    $2, $5
        mtc3    $2, $5
        cfc3    $2, $5
        ctc3    $2, $5
        lwc3    $5, 0($4)
        swc3    $5, 0($4)
        bc3f    1b
        nop
        bc3t    1b
        nop
        c3      0x456
