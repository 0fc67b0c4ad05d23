#!/usr/bin/env python3
"""The UDP experiment's structures (issue 11; guest/kernel/README.md "The UDP
experiment") on two linked emulators: the application of guest/kernel/udp/udp_app.h as
client on machine 1 and echo server on machine 0, over one structure on both sides:

  kernel       structure 1: the kernel's sockets (udp_kernel, kernel boot argument ip=)
  udps-user    structure 6: client task to client task through the UDP server (udps mode=user)
  udps-server  structure 7: server to server (udps mode=server)

usage: udp_structures_test.py EMU GUEST_DIR STRUCTURE MACHINE [loss]

Passes when every round trip is answered, the stop request is acknowledged, the echo
side echoed every datagram (warm-up and measured), both kernels halt after their last
task with no task killed, the per-round-trip counts are those the structure's code does
(system calls, messages, switches, copies; at least one interrupt per received frame),
and a second run is identical in cycles and output. With `loss`, frames are dropped and
corrupted (--net-loss): the run still ends, the lost round trips are given up and
counted, the rest answered, and the rerun is identical.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

EMU, GUEST, STRUCTURE, MACHINE = sys.argv[1:5]
LOSS = len(sys.argv) > 5 and sys.argv[5] == "loss"
KERNEL = os.path.join(GUEST, "kernel", "kernel.elf")
COUNT, WARMUP = 12, 2
TMP = tempfile.mkdtemp(prefix="emu-udp-")
failures = []

# Per round trip and per side, what each structure's code does (README "The UDP
# experiment"): system calls, messages, thread switches (at least), copies.
EXPECTED = {
    "kernel": (2, 0, 2, 5),
    "udps-server": (2, 1, 2, 6),
    "udps-user": (6, 3, 4, 10),
}


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def args(role, me, peer):
    common = f"role={role} count={COUNT} warmup={WARMUP} peer={peer}"
    if STRUCTURE == "kernel":
        return f"ip={me} udp_kernel {common}"
    mode = "user" if STRUCTURE == "udps-user" else "server"
    return f"udps addr={me} mode={mode} {common}"


def run(tag):
    stats = os.path.join(TMP, tag + ".json")
    cmd = [EMU, "--machines", "2", "--node", f"0:machine={MACHINE}", "--node", f"1:machine={MACHINE}",
           "--node", f"0:kernel={KERNEL}", "--node", f"1:kernel={KERNEL}",
           "--node", "0:append=" + args("echo", "10.0.0.2", "10.0.0.1"),
           "--node", "1:append=" + args("client", "10.0.0.1", "10.0.0.2"), "--stats", stats]
    if LOSS:
        cmd += ["--net-loss", "drop=0.1,corrupt=0.05,seed=7"]
    print("running:", " ".join(cmd))
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    node = lambda k: "\n".join(l[4:] for l in r.stdout.splitlines() if l.startswith(f"[{k}] "))
    cycles = [m["cycles"] for m in json.load(open(stats))["machines"]] if os.path.exists(stats) else None
    return r, node(0), node(1), cycles


if STRUCTURE not in EXPECTED:
    print(f"udp_structures_test.py: unknown structure {STRUCTURE!r}", file=sys.stderr)
    sys.exit(2)
r, echo, client, cycles = run("a")
print(echo)
print(client)
m = re.search(r"client rtt cycles min (\d+) median (\d+) max (\d+) mean (\d+) sum (\d+) answered (\d+) of (\d+)",
              client)
check(m is not None, "the client reports its round trips")
answered = int(m.group(6)) if m else 0
if m:
    lo, med, hi, mean, total = (int(m.group(i)) for i in range(1, 6))
    check(lo <= med <= hi and lo <= mean <= hi and (answered == 0 or total // answered == mean),
          f"min <= median, mean <= max; mean = sum / answered ({lo} {med} {hi} {mean} {total})")
for side, text in (("echo", echo), ("client", client)):
    check("kernel: no tasks left, halting" in text, f"the {side} machine's kernel halted after its last task")
    check("kernel: task" not in text and "FAIL" not in text, f"no task killed on the {side} machine")
if not LOSS:
    check(r.returncode == 0, f"the run exits 0 (got {r.returncode}: {r.stderr.strip()[-300:]})")
    check(answered == COUNT, f"all {COUNT} round trips answered (got {answered})")
    check(f"client stop acknowledged" in client, "the stop request is acknowledged")
    check(f"echo echoed {COUNT + WARMUP}" in echo, f"the echo side echoed {COUNT + WARMUP} datagrams")
    want = EXPECTED[STRUCTURE]
    for side, text, n in (("client", client, COUNT), ("echo", echo, COUNT + WARMUP - 1)):
        c = re.search(r"%s counters n (\d+) syscalls (\d+) messages (\d+) switches (\d+) vm (\d+) spl (\d+) "
                      r"copies (\d+) interrupts (\d+) locks (\d+)" % side, text)
        check(c is not None and int(c.group(1)) == n, f"{side} counters over {n} round trips")
        if c:
            got = tuple(int(c.group(i)) for i in (3, 7))
            check(got == (n * want[1], n * want[3]),
                  f"{side}: messages, copies per round trip {tuple(g / n for g in got)} == {(want[1], want[3])}")
            irq, sw, sc = int(c.group(8)), int(c.group(4)), int(c.group(2))
            check(irq >= n, f"{side}: at least one interrupt per round trip ({irq} for {n})")
            # A clock interrupt may end a time slice: at most two more switches for each
            # interrupt beyond the frames' own, and (the UDP server's two threads) a thread
            # preempted holding the lock makes the other yield once (a system call).
            extra = 2 * (irq - n)
            check(n * want[2] <= sw <= n * want[2] + extra,
                  f"{side}: {want[2]} thread switches per round trip, and clock preemptions ({sw} for {n})")
            check(n * want[0] <= sc <= n * want[0] + (extra if STRUCTURE == "udps-user" else 0),
                  f"{side}: {want[0]} system calls per round trip, and lock waits ({sc} for {n})")
            check(int(c.group(5)) == 0, f"{side}: no VM operations")
else:
    check(r.returncode in (0, 1), f"the lossy run ends (status {r.returncode}: {r.stderr.strip()[-300:]})")
    check(0 < answered < COUNT, f"some round trips lost and given up, the others answered ({answered} of {COUNT})")
r2, echo2, client2, cycles2 = run("b")
check(cycles2 == cycles and client2 == client and echo2 == echo,
      f"a second run is identical ({cycles} / {cycles2})")
print("udp_structures_test: PASS" if not failures else f"udp_structures_test: FAILED: {len(failures)} check(s)")
sys.exit(1 if failures else 0)
