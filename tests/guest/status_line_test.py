#!/usr/bin/env python3
"""The live status line (emu/common/status_line.h, emu/cli/progress.h), on a real terminal.

Runs the guest kernel's kbench (a few seconds of host time) with stdout and stderr on one
pseudo-terminal, as a user at a terminal would, and checks that
  - the status line was drawn (simulated time, MIPS, speed against the real machine);
  - with the status line's own text taken out, what the terminal received is exactly the
    console output and messages of the same run with stdout/stderr not on a terminal:
    nothing of the guest's lost or altered (that the line is erased before the guest's
    output, and never drawn after a partial line, is tested byte by byte in
    tests/emu/common/status_line_test.cpp);
  - the run's cycle counts are those of the run without a terminal (--stats);
  - --quiet draws nothing.

usage: status_line_test.py EMU KERNEL_ELF
"""
import json
import os
import pty
import re
import subprocess
import sys
import tempfile

EMU, KERNEL = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix="emu-status-")
ARGS = ["--machine", "ds3100", "--kernel", KERNEL, "--append", "kbench"]
STATUS = re.compile(rb"\r[^\r\n\x1b]*\x1b\[K")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def on_terminal(extra, stats):
    """Run emu with stdout and stderr on a new pseudo-terminal; returns all it wrote."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(EMU, [EMU] + ARGS + extra + ["--stats", stats])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    check(os.waitstatus_to_exitcode(status) == 0, f"run on a terminal {extra} exit status")
    return out


def cycles(stats):
    with open(stats) as f:
        return json.load(f)["cycles"]


plain_stats = os.path.join(TMP, "plain.json")
plain = subprocess.run([EMU] + ARGS + ["--stats", plain_stats], capture_output=True)
check(plain.returncode == 0, "plain run exit status")
expected = plain.stdout + plain.stderr

tty_stats = os.path.join(TMP, "tty.json")
raw = on_terminal([], tty_stats)
drawn = STATUS.findall(raw)
check(any(re.search(rb"emu: ds3100 [0-9.]+ s, [0-9.]+ MIPS, [0-9.]+x real time", d) for d in drawn),
      "status line drawn on the terminal")
# The terminal turns \n into \r\n; the guest's console writes \r\n itself.
seen = STATUS.sub(b"", raw).replace(b"\r", b"")
check(seen == expected.replace(b"\r", b""), "terminal output is the console output and messages, complete")
if seen != expected.replace(b"\r", b""):
    sys.stdout.write(f"--- expected\n{expected!r}\n--- on the terminal\n{raw!r}\n")
check(cycles(tty_stats) == cycles(plain_stats), "same cycle count with the status line")

quiet_stats = os.path.join(TMP, "quiet.json")
raw = on_terminal(["--quiet"], quiet_stats)
check(b"MIPS" not in raw and b"\x1b[K" not in raw, "--quiet: no status line")

print("FAIL" if failures else "PASS", "status line:", len(failures), "failures")
sys.exit(1 if failures else 0)
