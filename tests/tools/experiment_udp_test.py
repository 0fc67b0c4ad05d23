#!/usr/bin/env python3
"""tools/experiment_udp.py on a small run: results.json, .csv and .md written with one row
per structure and machine (the built ones measured, with the row schema experiment,
machine, name, cycles, us and the counts; the others with the paper's figure only), the
in-kernel row's ratio 1, the cycles those of the client's emulator region; and bad
options refused with one line and status 2.

usage: experiment_udp_test.py SOURCE_DIR BUILD_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

SRC, BUILD = sys.argv[1], sys.argv[2]
TOOL = os.path.join(SRC, "tools", "experiment_udp.py")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(*args):
    return subprocess.run([sys.executable, TOOL, "--build", BUILD, *args], capture_output=True, text=True,
                          timeout=600, stdin=subprocess.DEVNULL)


out = tempfile.mkdtemp(prefix="emu-exp-udp-")
r = run("--quick", "--machines", "ds3100", "--count", "5", "--out", out)
print(r.stdout[-3000:], r.stderr[-1000:])
check(r.returncode == 0, f"a quick run exits 0 (got {r.returncode})")
files = {f: os.path.join(out, "results." + f) for f in ("json", "csv", "md")}
check(all(os.path.exists(p) for p in files.values()), "results.json, .csv and .md written")
if os.path.exists(files["json"]):
    rows = json.load(open(files["json"]))["rows"]
    check(len(rows) == 7 and {r["name"] for r in rows} == {"kernel", "ux-ipc-vm", "ux-ipc", "ux-syscall", "ux-mapped",
                                                           "udps-user", "udps-server"}, "one row per structure")
    built = [r for r in rows if "cycles" in r]
    check({r["name"] for r in built} == {"kernel", "udps-user", "udps-server"}, "the three built structures measured")
    for r in built:
        check(r["experiment"] == "udp" and r["machine"] == "ds3100" and r["cycles"] > 1000 and
              abs(r["us"] - r["cycles"] / r["clock_hz"] * 1e6) < 0.01, f"{r['name']}: the row schema, cycles and us")
        check(r["syscalls"] > 0 and r["copies"] > 0 and r["interrupts"] >= 2, f"{r['name']}: the counts")
        check(r["cycles_min"] <= r["cycles"] <= r["cycles_max"], f"{r['name']}: the spread brackets the mean")
    k = next(r for r in rows if r["name"] == "kernel")
    check(k.get("ratio") == 1.0 and k["paper_ms"] == 4.8, "in-kernel: ratio 1, the paper's 4.8 ms")
if os.path.exists(files["csv"]):
    head = next(csv.reader(open(files["csv"])))
    check(head[:6] == ["experiment", "machine", "name", "structure", "cycles", "us"], "the CSV's columns")
for bad in (["--machines", "ds9999"], ["--count", "0"], ["--trials", "0"]):
    r = run(*bad, "--out", out)
    check(r.returncode == 2 and r.stderr.count("\n") == 1 and "experiment_udp:" in r.stderr,
          f"{' '.join(bad)}: one line and status 2 ({r.stderr.strip()!r})")
print("PASS" if not failures else f"FAILED: {len(failures)} check(s)")
sys.exit(1 if failures else 0)
