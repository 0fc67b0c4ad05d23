#!/usr/bin/env python3
"""The golden regression check: the state hash (emu --state-hash: a hash of the machine's
whole architectural and microarchitectural state — registers, CP0, TLB, FPA, caches, write
buffer, RAM, devices, pending events, counters) at the end of a few standard runs, compared
with traces/reference/state_hashes.txt. Any change to what the emulator computes — a
timing parameter, a device, an instruction, the firmware, a guest — changes a hash.

The runs are the boot ROM with small bare-metal guests, which change rarely: the guest
kernel, which changes often, is left out (its checkpoints are tested by checkpoint_test.py).

A changed hash is not by itself a bug: if the change was meant, regenerate the file with
tools/reference (which runs this script with --write), look at the diff of the other
reference files it rewrites, and commit them together.

usage: state_hash_reference.py EMU GUEST_DIR (--check FILE | --write FILE)
"""
import os
import re
import subprocess
import sys

RUNS = [  # (name, emu arguments relative to GUEST_DIR)
    ("ds2100 hello.elf", ["--machine", "ds2100", "--kernel", "hello.elf"]),
    ("ds3100 hello.elf", ["--machine", "ds3100", "--kernel", "hello.elf"]),
    ("ds5000-200 hello.elf", ["--machine", "ds5000-200", "--kernel", "hello.elf"]),
    ("ds3100 hello.elf --timing off", ["--machine", "ds3100", "--timing", "off", "--kernel", "hello.elf"]),
    ("ds3100 microbench.elf", ["--machine", "ds3100", "--kernel", "microbench.elf"]),
    ("ds5000-200 microbench.elf", ["--machine", "ds5000-200", "--kernel", "microbench.elf"]),
    ("ds5000-200 bench_small.elf", ["--machine", "ds5000-200", "--kernel", "bench_small.elf"]),
]


def hash_of(emu, guest_dir, args):
    args = [os.path.join(guest_dir, a) if a.endswith(".elf") else a for a in args]
    p = subprocess.run([emu] + args + ["--state-hash"], stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
    m = re.search(r"state hash ([0-9a-f]{16})", p.stderr.decode())
    if p.returncode != 0 or not m:
        sys.exit(f"state_hash_reference: {' '.join(args)}: status {p.returncode}, {p.stderr.decode()[-300:]}")
    return m.group(1)


def main():
    if len(sys.argv) != 5 or sys.argv[3] not in ("--check", "--write"):
        sys.exit(__doc__.strip().splitlines()[-1])
    emu, guest_dir, mode, path = sys.argv[1:]
    lines = [f"{name}: {hash_of(emu, guest_dir, args)}" for name, args in RUNS]
    if mode == "--write":
        with open(path, "w") as f:
            f.write("# emu --state-hash at the end of each run (tests/guest/state_hash_reference.py)\n")
            f.write("\n".join(lines) + "\n")
        return 0
    with open(path) as f:
        want = [l.rstrip("\n") for l in f if not l.startswith("#")]
    bad = [f"  {w}\n  now: {g}" for w, g in zip(want, lines) if w != g]
    if len(want) != len(lines):
        bad.append(f"  {path} has {len(want)} runs, this script {len(lines)}")
    if bad:
        print("FAIL: the state at the end of these runs changed:\n" + "\n".join(bad))
        print("If the change was meant: tools/reference, review the diff of traces/reference/, commit it.")
        return 1
    print(f"PASS: {len(lines)} state hashes as in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
