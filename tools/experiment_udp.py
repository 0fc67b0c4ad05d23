#!/usr/bin/env python3
"""The UDP experiment of Maeda & Bershad, "Networking Performance for Microkernels" (1992),
on two linked emulated DECstations (issue 11; guest/kernel/README.md "The UDP
experiment"): 1-byte UDP round trips between a client and an echo server, the protocol
in each structure built so far, the same structure on both machines.

  kernel        structure 1, in-kernel sockets (paper: Mach 2.5, 4.8 ms)
  udps-user     structure 6, user to user through the dedicated UDP server (4.2 ms)
  udps-server   structure 7, server to server (4.0 ms)

Structures 2-5 (the Unix server variants) are not built yet: their rows carry only the
paper's figure.

Each machine pair runs TRIALS trials of COUNT measured round trips. The emulator is
deterministic, so identical trials would agree to the cycle; trial k instead runs 2 + k
warm-up round trips first, which moves the 256 Hz clock interrupts (and their
preemptions) to other points of the measured round trips, as the start phase of a real
pair would. The rows give the mean over trials of the per-trial mean, and the spread
(min and max of the trial means).

usage: experiment_udp.py [--quick] [--out DIR] [--machines ds2100,ds5000-200]
                         [--count N] [--trials N] [--timing-set NAME=CYCLES ...] [--build DIR]

Writes DIR/results.json, results.csv and results.md (default DIR: udp-results). Row
schema (shared with tools/experiment's other experiments): experiment ("udp"), machine,
name (= structure), cycles and us (means per round trip, from the client's emulator
region 1: before its sendto to after the echo's recvfrom), then cycles_min/cycles_max
(spread over trials), trials, count, the paper's ms and both ratios to in-kernel, and
the per-round-trip event counts on both machines together: syscalls, messages,
switches, vm, spl, copies, interrupts, locks.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PAPER_MS = {  # Maeda & Bershad 1992, Table 1 (DECstation 2100 pair, 10 Mb/s Ethernet)
    "kernel": 4.8, "ux-ipc-vm": 19.5, "ux-ipc": 14.3, "ux-syscall": 13.6, "ux-mapped": 13.1,
    "udps-user": 4.2, "udps-server": 4.0,
}
DESCRIPTION = {
    "kernel": "in-kernel (Mach 2.5)", "ux-ipc-vm": "Unix server, IPC + VM", "ux-ipc": "Unix server, IPC, no VM",
    "ux-syscall": "Unix server, device_write", "ux-mapped": "Unix server, mapped driver",
    "udps-user": "UDP server, user to user", "udps-server": "UDP server, server to server",
}
BUILT = ["kernel", "udps-user", "udps-server"]
COUNTERS = ["syscalls", "messages", "switches", "vm", "spl", "copies", "interrupts", "locks"]
MACHINES = {"ds2100", "ds3100", "ds5000-200"}


def fail(msg):
    print(f"experiment_udp: {msg}", file=sys.stderr)
    sys.exit(2)


def boot_args(structure, role, me, peer, count, warmup):
    common = f"role={role} count={count} warmup={warmup} peer={peer}"
    if structure == "kernel":
        return f"ip={me} udp_kernel {common}"
    return f"udps addr={me} mode={'user' if structure == 'udps-user' else 'server'} {common}"


def trial(emu, kernel, machine, structure, count, warmup, timing, tmp):
    stats = os.path.join(tmp, "stats.json")
    cmd = [emu, "--machines", "2", "--node", f"0:machine={machine}", "--node", f"1:machine={machine}",
           "--node", f"0:kernel={kernel}", "--node", f"1:kernel={kernel}",
           "--node", "0:append=" + boot_args(structure, "echo", "10.0.0.2", "10.0.0.1", count, warmup),
           "--node", "1:append=" + boot_args(structure, "client", "10.0.0.1", "10.0.0.2", count, warmup),
           "--stats", stats]
    for t in timing:
        cmd += ["--timing-set", t]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=3600)
    out = r.stdout
    if r.returncode != 0:
        fail(f"{machine} {structure}: emu exited {r.returncode}: {(r.stderr or out).strip()[-400:]}")
    m = re.search(r"\[1\] udp: \S+ client rtt cycles .* mean (\d+) sum (\d+) answered (\d+) of (\d+)", out)
    if not m or m.group(3) != m.group(4):
        fail(f"{machine} {structure}: not every round trip was answered")
    counts = {k: 0.0 for k in COUNTERS}
    for side in ("client", "echo"):
        c = re.search(r"udp: \S+ %s counters n (\d+) " % side + " ".join(rf"{k} (\d+)" for k in COUNTERS), out)
        if not c:
            fail(f"{machine} {structure}: no {side} counters")
        n = int(c.group(1))
        for i, k in enumerate(COUNTERS):
            counts[k] += int(c.group(i + 2)) / n
    # The round trips as the emulator measured them: the client's region 1.
    client = json.load(open(stats))["machines"][1]
    region = next((g for g in client["regions"] if g["id"] == 1), None)
    if not region or region["count"] != count:
        fail(f"{machine} {structure}: emulator region 1 has not {count} round trips")
    return region["total_cycles"] / region["count"], client["clock_hz"], counts


def main():
    ap = argparse.ArgumentParser(description="Maeda & Bershad's UDP round trips on linked emulated DECstations")
    ap.add_argument("--quick", action="store_true", help="20 round trips, 2 trials")
    ap.add_argument("--out", default="udp-results")
    ap.add_argument("--machines", default="ds2100,ds3100,ds5000-200")
    ap.add_argument("--count", type=int, help="measured round trips per trial (default 1000; --quick 20)")
    ap.add_argument("--trials", type=int, help="trials per structure and machine (default 5; --quick 2)")
    ap.add_argument("--timing-set", action="append", default=[], metavar="NAME=CYCLES")
    ap.add_argument("--build", default=os.environ.get("BUILD_DIR", os.path.join(HERE, "..", "build")))
    a = ap.parse_args()
    count = a.count if a.count is not None else (20 if a.quick else 1000)
    trials = a.trials if a.trials is not None else (2 if a.quick else 5)
    machines = [m for m in a.machines.split(",") if m]
    for m in machines:
        if m not in MACHINES:
            fail(f"--machines: unknown machine {m!r} (known: {', '.join(sorted(MACHINES))})")
    if not 1 <= count <= 4096:
        fail("--count: must be 1..4096 (the client keeps every round trip)")
    if trials < 1:
        fail("--trials: must be at least 1")
    emu = os.path.join(a.build, "emu")
    kernel = os.path.join(a.build, "guest", "kernel", "kernel.elf")
    for f in (emu, kernel):
        if not os.path.exists(f):
            fail(f"{f}: not found (build first: tools/build)")
    os.makedirs(a.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="emu-udp-exp-")
    rows = []
    for machine in machines:
        for structure in PAPER_MS:
            row = {"experiment": "udp", "machine": machine, "name": structure, "structure": structure,
                   "description": DESCRIPTION[structure], "paper_ms": PAPER_MS[structure]}
            if structure in BUILT:
                means, counts = [], None
                for k in range(trials):
                    mean, hz, counts = trial(emu, kernel, machine, structure, count, 2 + k, a.timing_set, tmp)
                    means.append(mean)
                    print(f"{machine} {structure} trial {k + 1}: {mean:.0f} cycles per round trip", flush=True)
                cycles = sum(means) / len(means)
                row.update(cycles=round(cycles, 1), us=round(cycles / hz * 1e6, 2),
                           cycles_min=round(min(means), 1), cycles_max=round(max(means), 1),
                           trials=trials, count=count, clock_hz=hz,
                           **{k: round(v, 2) for k, v in counts.items()})
            rows.append(row)
    for machine in machines:
        base = next(r for r in rows if r["machine"] == machine and r["name"] == "kernel")
        for r in rows:
            if r["machine"] != machine:
                continue
            r["paper_ratio"] = round(r["paper_ms"] / PAPER_MS["kernel"], 2)
            if "cycles" in r:
                r["ratio"] = round(r["cycles"] / base["cycles"], 2)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump({"experiment": "udp", "count": count, "trials": trials, "timing_set": a.timing_set,
                   "rows": rows}, f, indent=1)
    fields = ["experiment", "machine", "name", "structure", "cycles", "us", "cycles_min", "cycles_max", "trials",
              "count", "clock_hz", "ratio", "paper_ms", "paper_ratio"] + COUNTERS
    with open(os.path.join(a.out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    md = [f"# UDP round trips, 1-byte datagrams ({count} per trial, {trials} trials)", ""]
    if a.timing_set:
        md += ["Timing changed: " + ", ".join(a.timing_set), ""]
    md += ["Per round trip; counts on both machines together. Paper: Maeda & Bershad 1992, DECstation 2100 "
           "pair (ms, ratio to in-kernel).", "",
           "| machine | structure | cycles | µs | spread (cycles) | ratio | paper ms | paper ratio | "
           + " | ".join(COUNTERS) + " |",
           "|---|---|---|---|---|---|---|---|" + "---|" * len(COUNTERS)]
    for r in rows:
        if "cycles" in r:
            md.append(f"| {r['machine']} | {r['description']} | {r['cycles']:.0f} | {r['us']:.1f} | "
                      f"{r['cycles_min']:.0f}–{r['cycles_max']:.0f} | {r['ratio']:.2f} | {r['paper_ms']} | "
                      f"{r['paper_ratio']:.2f} | " + " | ".join(f"{r[k]:g}" for k in COUNTERS) + " |")
        else:
            md.append(f"| {r['machine']} | {r['description']} | not built | | | | {r['paper_ms']} | "
                      f"{r['paper_ratio']:.2f} |" + " |" * len(COUNTERS))
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))
    print(f"experiment_udp: wrote {a.out}/results.json, results.csv, results.md")


if __name__ == "__main__":
    main()
