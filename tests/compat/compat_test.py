#!/usr/bin/env python3
"""Compatibility test: one bare-metal guest (guest/compat/) on GXemul and on emu.

The console output of `emu --machine M --kernel PROG.elf` must equal GXemul's output for
the same program after the expected differences are applied. The differences are named,
one hunk per reason, in tests/compat/differences/PROG.txt (both machines) and
PROG.MACHINE.txt, each hunk after a comment saying why the two differ and which one
follows the hardware:

    # why GXemul and the hardware (or our documented choice) differ
    - a line GXemul prints
    + the line emu prints instead

A hunk's "-" lines are consecutive lines of GXemul's output; they are replaced by its "+"
lines (none: GXemul prints something the hardware would not). A hunk that no longer
applies fails the test, so the list never hides a difference that went away.

GXemul's output is recorded in tests/compat/gxemul/PROG.MACHINE.out (so the comparison
runs where GXemul is not installed); with --live GXemul is run as well and must still
print exactly the recording (re-record with --record). GXemul 0.7 never exits at stdin
EOF, so it gets a FIFO opened read-write as stdin and a time limit (gxemul-peer.md).

Exit status: 0 pass, 1 fail, 2 usage/setup error, 77 skipped (--live without gxemul).
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

# Our machine name -> GXemul model and the same memory size as emu's default.
GXEMUL_MODELS = {"ds3100": ("3100", 16), "ds2100": ("3100", 16), "ds5000-200": ("3max", 32)}
EMU_MEMORY = {"ds3100": 16, "ds2100": 16, "ds5000-200": 32}


def clean(text):
    return text.replace("\r", "").splitlines()


def run_gxemul(gxemul, elf, machine, timeout):
    model, mem = GXEMUL_MODELS[machine]
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "stdin")
        os.mkfifo(fifo)
        fd = os.open(fifo, os.O_RDWR)  # never reaches EOF: GXemul would spin on it
        try:
            # Run in the guest's directory with its base name, so GXemul's boot path
            # ("6/tftp/NAME") is the one emu passes; -o '' drops GXemul's default "-a".
            proc = subprocess.run(
                [gxemul, "-q", "-e", model, "-M", str(mem), "-o", "", os.path.basename(elf)],
                cwd=os.path.dirname(os.path.abspath(elf)), stdin=fd, capture_output=True,
                timeout=timeout)
        finally:
            os.close(fd)
    if proc.returncode != 0:
        sys.exit(f"FAIL: gxemul exited with status {proc.returncode}\n{proc.stderr.decode(errors='replace')}")
    return clean(proc.stdout.decode(errors="replace"))


def run_emu(emu, elf, machine, timeout):
    cmd = [emu, "--machine", machine, "--memory", str(EMU_MEMORY[machine]), "--kernel", elf]
    print("running:", " ".join(cmd))
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    if proc.returncode != 0:
        print(proc.stdout.decode(errors="replace"))
        sys.exit(f"FAIL: emu exited with status {proc.returncode}\n{proc.stderr.decode(errors='replace')}")
    return clean(proc.stdout.decode(errors="replace"))


def read_hunks(path):
    """[(reason, [gxemul lines], [emu lines])] from a differences file."""
    hunks, reason, minus, plus = [], [], [], []

    def close():
        nonlocal reason, minus, plus
        if minus or plus:
            if not minus:
                sys.exit(f"{path}: a hunk needs at least one '-' line (GXemul's) to anchor it")
            if not reason:
                sys.exit(f"{path}: every hunk needs a comment saying why the outputs differ")
            hunks.append((" ".join(reason), minus, plus))
            reason = []
        minus, plus = [], []

    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("#"):
                if minus or plus:
                    close()
                reason.append(line[1:].strip())
            elif line.startswith("- ") or line == "-":
                if plus:
                    close()
                minus.append(line[2:])
            elif line.startswith("+ ") or line == "+":
                plus.append(line[2:])
            elif not line.strip():
                close()
            else:
                sys.exit(f"{path}: cannot read line: {line!r}")
    close()
    return hunks


def apply(lines, hunks, path):
    out = list(lines)
    for reason, minus, plus in hunks:
        at = next((i for i in range(len(out) - len(minus) + 1) if out[i:i + len(minus)] == minus), None)
        if at is None:
            print(f"FAIL: expected difference not found in GXemul's output ({path}):\n  # {reason}")
            print("".join(f"  - {m}\n" for m in minus), end="")
            sys.exit(1)
        out[at:at + len(minus)] = plus
        print(f"expected difference: {reason}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--emu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--machine", required=True, choices=sorted(GXEMUL_MODELS))
    ap.add_argument("--data", required=True, help="tests/compat (recordings and differences)")
    ap.add_argument("--live", action="store_true", help="run GXemul too (skip if it is not installed)")
    ap.add_argument("--record", action="store_true", help="write GXemul's output as the recording")
    ap.add_argument("--gxemul", default=os.environ.get("GXEMUL", "gxemul"))
    ap.add_argument("--timeout", type=float, default=20)
    a = ap.parse_args()

    prog = os.path.basename(a.elf)[:-len(".elf")] if a.elf.endswith(".elf") else os.path.basename(a.elf)
    recording = os.path.join(a.data, "gxemul", f"{prog}.{a.machine}.out")
    if not os.path.isfile(a.elf):
        sys.exit(f"{a.elf}: no such file (was the project built?)")

    if a.live or a.record:
        gxemul = shutil.which(a.gxemul)
        if not gxemul:
            print(f"SKIP: {a.gxemul} is not installed (Debian package gxemul; tools/setup installs it)")
            return 77
        live = run_gxemul(gxemul, a.elf, a.machine, a.timeout)
        if a.record:
            with open(recording, "w") as f:
                f.write("".join(l + "\n" for l in live))
            print(f"recorded {recording}")
            return 0
        recorded = clean(open(recording).read()) if os.path.isfile(recording) else None
        if live != recorded:
            print(f"FAIL: GXemul's output differs from {recording} (re-record with --record):")
            sys.stdout.writelines(difflib.unified_diff(
                [l + "\n" for l in recorded or []], [l + "\n" for l in live], "recorded", "gxemul now"))
            return 1
        reference = live
    else:
        if not os.path.isfile(recording):
            sys.exit(f"{recording}: no recording of GXemul's output (make one with --record)")
        reference = clean(open(recording).read())

    for diffs in (os.path.join(a.data, "differences", f"{prog}.txt"),
                  os.path.join(a.data, "differences", f"{prog}.{a.machine}.txt")):
        if os.path.isfile(diffs):
            reference = apply(reference, read_hunks(diffs), diffs)

    got = run_emu(a.emu, a.elf, a.machine, a.timeout)
    if got != reference:
        print("FAIL: emu's output differs from GXemul's beyond the named differences:")
        sys.stdout.writelines(difflib.unified_diff(
            [l + "\n" for l in reference], [l + "\n" for l in got], "GXemul + named differences", "emu"))
        return 1
    print(f"PASS: {prog} on {a.machine} matches GXemul{' (live)' if a.live else ''} up to the named differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
