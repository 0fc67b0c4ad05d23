#!/usr/bin/env python3
"""The guest microkernel and its test programs on GXemul 0.7, a peer that shares no code
with emu (issue 10: "also run, functionally, on GXemul").

Boots KERNEL_ELF on `gxemul -e 3100` or `-e 3max` with PROGRAM as its boot argument and
compares the lines that start with "PASS", "FAIL" or "kernel: task" (", pc 0x..." left
out, as run_kernel_test.sh does) with EXPECTED_FILE — the file the emu tests use — after
the differences below are applied. GXemul models no caches and no cycle counter, so what
the programs check is function only: kbench's figures read 0 there and only its PASS line
counts (the cache measurements are emu's alone). A difference that no longer applies fails
the test, so the list never hides one that went away.

GXemul 0.7 never exits at stdin EOF: it gets a FIFO opened read-write and a time limit.

usage: gxemul_kernel_test.py KERNEL_ELF EXPECTED_FILE MODEL PROGRAM [--timeout S]
Exit status: 0 pass, 1 fail, 2 usage, 77 skipped (gxemul not installed).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# program -> hunks (why, GXemul's lines, the lines the hardware and emu print instead).
DIFFERENCES = {
    "fault_test": [
        ("GXemul 0.7 lets user mode load from and jump into kseg0 (the R3000 raises AdEL, "
         "Kane & Heinrich ch. 4): the load returns, and the jump runs kernel code in user mode "
         "until a store to kseg0 faults",
         ["FAIL: load from kseg0: killed (got 1, expected -1000)",
          "kernel: task 4 (fault_test) killed: address error (store) at 0x80096000"],
         ["kernel: task 3 (fault_test) killed: address error (load or fetch) at 0x80030000",
          "PASS: load from kseg0: killed",
          "kernel: task 4 (fault_test) killed: address error (load or fetch) at 0x80030000"]),
        ("GXemul 0.7's ADD does not raise the overflow exception",
         ["FAIL: add overflow: killed (got 1, expected -1000)"],
         ["kernel: task 8 (fault_test) killed: arithmetic overflow",
          "PASS: add overflow: killed"]),
    ],
}
KEPT = re.compile(r"^(PASS|FAIL|kernel: task)")


KSEG0 = re.compile(r"0x8[0-9a-f]{7}")


def same(got, want):
    """Lines equal, but for kseg0 addresses (the kernel's end moves as it grows)."""
    return [KSEG0.sub("ADDR", x) for x in got] == [KSEG0.sub("ADDR", x) for x in want]


def apply(lines, hunks):
    for why, old, new in hunks:
        for k in range(len(lines) - len(old) + 1):
            if same(lines[k:k + len(old)], old):
                lines[k:k + len(old)] = new
                break
        else:
            return None, why
    return lines, None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kernel")
    p.add_argument("expected")
    p.add_argument("model", choices=("3100", "3max"))
    p.add_argument("program")
    p.add_argument("--timeout", type=int, default=240)
    a = p.parse_args()
    gxemul = shutil.which("gxemul")
    if not gxemul:
        print("SKIPPED: gxemul not installed (tools/setup installs it)")
        return 77
    for f in (a.kernel, a.expected):
        if not os.path.isfile(f):
            print(f"gxemul_kernel_test.py: {f}: no such file (was the project built?)", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "stdin")
        os.mkfifo(fifo)
        fd = os.open(fifo, os.O_RDWR)
        cmd = [gxemul, "-q", "-N", "-e", a.model, "-o", a.program, a.kernel]
        print("running: " + " ".join(cmd))
        try:
            r = subprocess.run(cmd, stdin=fd, capture_output=True, text=True, errors="replace", timeout=a.timeout)
            out, timed_out = r.stdout + r.stderr, False
        except subprocess.TimeoutExpired as e:
            raw = e.stdout or b""  # bytes even with text=True
            out, timed_out = raw.decode(errors="replace") if isinstance(raw, bytes) else raw, True
        finally:
            os.close(fd)
    out = out.replace("\r", "")
    print("\n".join(l for l in out.splitlines() if not l.startswith("[ ")))
    got = [re.sub(r", pc 0x[0-9a-f]+", "", l) for l in out.splitlines() if KEPT.match(l)]
    want = [l for l in open(a.expected).read().splitlines() if l]
    fixed, missing = apply(got, DIFFERENCES.get(a.program, []))
    ok = True
    if timed_out:
        print(f"FAIL: GXemul did not finish within {a.timeout} s")
        ok = False
    if "kernel: no tasks left, halting" not in out:
        print("FAIL: the kernel did not halt with no tasks left")
        ok = False
    if fixed is None:
        print(f"FAIL: a listed GXemul difference no longer applies: {missing}")
        ok = False
    elif fixed != want:
        print("FAIL: the checks differ from " + a.expected + ":")
        for l in fixed:
            print("  got  " + l)
        for l in want:
            print("  want " + l)
        ok = False
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
