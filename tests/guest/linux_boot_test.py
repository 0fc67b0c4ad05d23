#!/usr/bin/env python3
"""Real-software check: boot Linux 6.1 (decstation_defconfig, built by tools/linux) on one
machine and watch its console until it panics for want of a root file system — the
furthest a kernel with no disk and no network root can go. Passes when that panic line
appears (the emulator is then stopped); fails when the run ends first, prints another
panic, or takes more than LIMIT seconds.

With --emu-arg ARG (repeatable) the emulator gets ARG too; with --expect TEXT (repeatable)
each TEXT must appear in a console line before the panic (e.g. a driver's attach message).

usage: linux_boot_test.py EMU VMLINUX MACHINE [--time-limit S] [--emu-arg ARG]... [--expect TEXT]...
Exit status: 0 pass, 1 fail, 2 usage, 77 skipped (no kernel image: run tools/linux).
"""
import argparse
import os
import subprocess
import sys
import time

ROOT_PANIC = "VFS: Unable to mount root fs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("emu")
    ap.add_argument("vmlinux")
    ap.add_argument("machine")
    ap.add_argument("--time-limit", type=float, default=300)
    ap.add_argument("--emu-arg", action="append", default=[])
    ap.add_argument("--expect", action="append", default=[])
    a = ap.parse_args()
    if not os.path.isfile(a.vmlinux):
        print(f"SKIP: {a.vmlinux}: no Linux image (tools/linux --build-only builds it)")
        return 77
    # console=ttyS3: the DZ's line 3, where the PROM console is (without it Linux hands its
    # console to the dummy VT and the panic is never seen).
    cmd = [a.emu, "--machine", a.machine, "--kernel", a.vmlinux, "--append", "console=ttyS3",
           "--max-cycles", "20000000000", *a.emu_arg]
    print("running:", " ".join(cmd), flush=True)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    os.set_blocking(proc.stdout.fileno(), False)
    seen, buf = [], b""
    verdict = None
    while verdict is None:
        chunk = proc.stdout.read()
        if chunk:
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                line = raw.decode(errors="replace").rstrip("\r")
                seen.append(line)
                print(line, flush=True)
                if ROOT_PANIC in line:
                    verdict = 0
                elif "Kernel panic" in line and ROOT_PANIC not in line and verdict is None:
                    verdict = 1
        elif proc.poll() is not None:
            print(f"FAIL: the emulator exited with status {proc.returncode} before the root-mount panic")
            verdict = 1
        elif time.monotonic() - start > a.time_limit:
            print(f"FAIL: no root-mount panic within {a.time_limit:.0f} s")
            verdict = 1
        else:
            time.sleep(0.05)
    missing = [t for t in a.expect if not any(t in line for line in seen)]
    if verdict == 0 and missing:
        print(f"FAIL: never printed: {missing}")
        verdict = 1
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    took = time.monotonic() - start
    print(("PASS" if verdict == 0 else "FAIL") + f": {a.machine}, {took:.1f} s")
    return verdict


if __name__ == "__main__":
    sys.exit(main())
