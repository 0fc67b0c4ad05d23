#!/usr/bin/env python3
"""tools/demo reads as issue 9 asks: the first thing on the screen is the result, stated
plainly (what was measured, on which machines, what the interval covers), the one-process
and two-process results are compared by the demo itself, and the end says where to go
next. Build output goes to a log file; a failed build shows the log's end and exits
non-zero. Checks:

  result     `tools/demo --no-build` on the built tree: exit 0; the first non-empty line
             starts the experiment's description; both runs' figures; "Identical"; the
             median in microseconds; pointers to the README, traces/reference, tools/bench
  build      `tools/demo` with a cmake that fails (a stand-in on PATH) and an empty
             BUILD_DIR: one line naming the log, then the log's end; non-zero exit

usage: demo_test.py SOURCE_DIR BUILD_DIR
"""
import os
import re
import stat
import subprocess
import sys
import tempfile

SOURCE, BUILD = sys.argv[1], sys.argv[2]
DEMO = os.path.join(SOURCE, "tools", "demo")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


r = subprocess.run([DEMO, "--no-build"], env=dict(os.environ, BUILD_DIR=BUILD), stdin=subprocess.DEVNULL,
                   capture_output=True, text=True, timeout=900)
out = r.stdout
print(out)
lines = [l for l in out.splitlines() if l.strip()]
check(r.returncode == 0, f"exit 0 (got {r.returncode}: {r.stderr.strip()[-300:]})")
check(bool(lines) and lines[0].startswith("The experiment: a DECstation 3100"),
      f"the first line on the screen describes the experiment: {lines[:1]}")
check(len(out.splitlines()) <= 40, f"the result fits a screen ({len(out.splitlines())} lines)")
for words in ["1-byte UDP payload", "DECstation 5000/200", "client's CPU cycles", "from just before",
              "wire", "one process (--machines 2)", "two processes linked (--net)"]:
    check(words in out, f"says {words!r}")
rows = re.findall(r"^\s+(one process|two processes).*?(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+) of (\d+)$", out, re.M)
check(len(rows) == 2 and rows[0][1:] == rows[1][1:], f"both runs' figures, the same: {rows}")
check("Identical: each of the 20 round trips" in out, "says the two runs are identical")
check(re.search(r"Median \d+ cycles = \d+ us at 16\.67 MHz", out) is not None, "the median in microseconds")
check("The same cycles as recorded in traces/reference/udp_rtt.txt." in out,
      "the same cycles as the reference record (tools/reference wrote it with this model)")
nxt = out[out.find("Next:"):] if "Next:" in out else ""
for where in ["README.md", "traces/reference/udp_rtt.txt", "tools/bench"]:
    check(where in nxt, f"ends pointing to {where}")

# A failed build: cmake stand-in that fails.
d = tempfile.mkdtemp(prefix="emu-demo-test-")
bin_dir, build = os.path.join(d, "bin"), os.path.join(d, "build")
os.mkdir(bin_dir)
with open(os.path.join(bin_dir, "cmake"), "w") as f:
    f.write("#!/bin/sh\necho 'lots of build output'\necho 'CMake Error: the stand-in build fails' >&2\nexit 1\n")
os.chmod(os.path.join(bin_dir, "cmake"), 0o755)
r = subprocess.run([DEMO], env=dict(os.environ, BUILD_DIR=build, PATH=bin_dir + ":" + os.environ["PATH"]),
                   stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
log = os.path.join(build, "demo-build.log")
check(r.returncode != 0, f"a failed build: non-zero exit (got {r.returncode})")
check(log in r.stdout and "lots of build output" not in r.stdout, f"the build's output goes to {log}: {r.stdout!r}")
check("the build failed" in r.stderr and "CMake Error: the stand-in build fails" in r.stderr,
      f"the log's end is shown: {r.stderr!r}")
check("The experiment" not in r.stdout, "nothing runs after a failed build")

print("FAIL" if failures else "PASS")
sys.exit(1 if failures else 0)
