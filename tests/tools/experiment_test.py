#!/usr/bin/env python3
"""tools/experiment micro --quick, as issue 10 asks ("One command for the results"):

  schema     results.json is a list of rows, each with experiment, machine, name, cycles,
             us and caches = warm|cold; the names include null-syscall, rpc-null and
             rpc-footprint (with i_bytes and d_bytes); every region of
             guest/kernel/bench/regions.def has a row; results.csv holds the same rows;
             results.md has the table beside Mach 3.0's figures and the placement sweep
  repeatable a second run gives identical cycles in every row
  options    --timing-set reaches the emulator (a slower memory makes the cold RPC slower);
             bad --machines, --timing-set and --placements values and an unknown option:
             one line, exit status 2

usage: experiment_test.py SOURCE_DIR BUILD_DIR
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

SOURCE, BUILD = sys.argv[1], sys.argv[2]
TOOL = os.path.join(SOURCE, "tools", "experiment")
ENV = dict(os.environ, BUILD_DIR=BUILD)
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(out, *extra):
    return subprocess.run([TOOL, "micro", "--quick", "--no-build", "--out", out, *extra], env=ENV,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900)


def cycles(rows):
    return {(r["machine"], r["name"], r["caches"]): r["cycles"] for r in rows}


with tempfile.TemporaryDirectory() as tmp:
    a, b, slow = (os.path.join(tmp, d) for d in ("a", "b", "slow"))
    r = run(a)
    check(r.returncode == 0, f"exit 0 (got {r.returncode}: {r.stderr.strip()[-500:]})")
    rows = json.load(open(os.path.join(a, "results.json")))
    check(isinstance(rows, list) and rows, "results.json is a non-empty list")
    for row in rows:
        keys = {"experiment", "machine", "name", "cycles", "us", "caches"}
        if not keys <= set(row) or row["caches"] not in ("warm", "cold") or not isinstance(row["cycles"], int):
            check(False, f"row has {sorted(keys)}, caches warm|cold, integer cycles: {row}")
            break
    else:
        check(True, "every row has experiment, machine, name, cycles, us, caches = warm|cold")
    names = {(r["name"], r["caches"]) for r in rows}
    regions = re.findall(r'^REGION\(\d+, \w+, "([a-z0-9-]+)", (warm|cold)\)',
                         open(os.path.join(SOURCE, "guest/kernel/bench/regions.def")).read(), re.M)
    check(regions and all(x in names for x in regions), f"a row for each of the {len(regions)} regions of regions.def")
    check(("null-syscall", "warm") in names and ("rpc-null", "warm") in names, "null-syscall and rpc-null rows")
    fp = [r for r in rows if r["name"] == "rpc-footprint"]
    check(len(fp) == 1 and fp[0]["i_bytes"] > 0 and fp[0]["d_bytes"] > 0 and fp[0]["i_bytes"] % 4 == 0,
          "one rpc-footprint row with i_bytes and d_bytes")
    check({r["machine"] for r in rows} == {"ds5000-200"}, "--quick: one machine")
    with open(os.path.join(a, "results.csv")) as f:
        csv_rows = list(csv.DictReader(f))
    check(len(csv_rows) == len(rows) and all(int(c["cycles"]) == j["cycles"] and c["name"] == j["name"]
                                             for c, j in zip(csv_rows, rows)), "results.csv: the same rows")
    md = open(os.path.join(a, "results.md")).read()
    check("Mach 3.0" in md and "1,425" in md and "| rpc-null | warm |" in md and "pageskip" in md,
          "results.md: the table beside Mach 3.0's figures, and the placement sweep")

    r = run(b)
    check(r.returncode == 0 and cycles(json.load(open(os.path.join(b, "results.json")))) == cycles(rows),
          "a second run gives identical cycles")

    r = run(slow, "--timing-set", "mem_read=20", "--placements", "1")
    slow_rows = cycles(json.load(open(os.path.join(slow, "results.json")))) if r.returncode == 0 else {}
    key = ("ds5000-200", "rpc-null", "cold")
    check(slow_rows.get(key, 0) > cycles(rows)[key], "--timing-set reaches the emulator (mem_read=20: slower cold RPC)")

    for extra, what in ((["--machines", "ds9999"], "--machines"), (["--timing-set", "mem_read"], "--timing-set"),
                        (["--timing-set", "no_such_parameter=3"], "an unknown --timing-set name"),
                        (["--placements", "0"], "--placements 0"), (["--no-such-option"], "an unknown option")):
        r = run(os.path.join(tmp, "bad"), *extra)
        check(r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("tools/experiment: "),
              f"{what}: one line, exit 2 (got {r.returncode}: {r.stderr.strip()[-300:]})")

print("FAIL" if failures else "PASS")
sys.exit(1 if failures else 0)
