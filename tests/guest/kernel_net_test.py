#!/usr/bin/env python3
"""The guest kernel's network device on two linked emulators: the kernel's net_echo user
task (packet filter + device_write, guest/kernel/tests/net_echo.cpp) serves guest/net's
udp_echo client on the other machine. For the case given on the command line:

  ds3100       KN01 pair, LANCE buffer RAM (gap2)
  ds5000-200   KN02 pair, PMAD-AA buffer RAM
  ds5000-200-main, ds3100-main
               the same with --lance-dma main (the kernel's dma=main: D-cache
               invalidation before reading a received frame)

Passes when every exchange is answered, the stop request is acknowledged, the server
echoed exactly COUNT datagrams and its kernel halted after its last task, the emulator
reports no DMA coherence violation, and a second run gives the same cycle counts.

usage: kernel_net_test.py EMU GUEST_DIR CASE
"""
import json
import os
import re
import subprocess
import sys
import tempfile

EMU, GUEST, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
KERNEL = os.path.join(GUEST, "kernel", "kernel.elf")
CLIENT_ELF = os.path.join(GUEST, "udp_echo.elf")
COUNT = 8
TMP = tempfile.mkdtemp(prefix="emu-knet-")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(machine, main, tag):
    dma = " dma=main" if main else ""
    stats = os.path.join(TMP, tag + ".json")
    cmd = [EMU, "--machines", "2", "--node", f"0:machine={machine}", "--node", f"1:machine={machine}",
           "--node", f"0:kernel={KERNEL}", "--node", f"0:append=net_echo{dma}",
           "--node", f"1:kernel={CLIENT_ELF}",
           "--node", f"1:append=role=client ip=10.0.0.1 peer=10.0.0.2 count={COUNT} size=1{dma}",
           "--stats", stats]
    if main:
        cmd += ["--lance-dma", "main"]
    print("running:", " ".join(cmd))
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    node = lambda k: "\n".join(l[4:] for l in r.stdout.splitlines() if l.startswith(f"[{k}] "))
    cycles = [m["cycles"] for m in json.load(open(stats))["machines"]] if os.path.exists(stats) else None
    return r, node(0), node(1), cycles


m = re.fullmatch(r"(ds3100|ds5000-200)(-main)?", CASE)
if not m:
    print(f"kernel_net_test.py: unknown case {CASE!r}", file=sys.stderr)
    sys.exit(2)
machine, main = m.group(1), bool(m.group(2))
r, server, client, cycles = run(machine, main, "a")
print(server)
print(client)
check(r.returncode == 0, f"the run exits 0 (got {r.returncode}: {r.stderr.strip()[-300:]})")
rtts = re.findall(r"^xchg \d+ rtt (\d+)$", client, re.M)
check(len(rtts) == COUNT, f"all {COUNT} exchanges answered (got {len(rtts)})")
check("udp_echo: stop acknowledged" in client, "the stop request is acknowledged")
check(f"net_echo: stopped after {COUNT} echoes" in server, f"the kernel's task echoed {COUNT} datagrams")
check("FAIL" not in server and "kernel: task" not in server, "no failed check, no task killed")
check("kernel: no tasks left, halting" in server, "the kernel halted after its last task")
check("coherence" not in r.stderr, "no DMA coherence reports")
r2, _, client2, cycles2 = run(machine, main, "b")
check(cycles2 == cycles and client2 == client, f"a second run is identical ({cycles} / {cycles2})")
print("kernel_net_test: PASS" if not failures else f"kernel_net_test: FAILED: {len(failures)} check(s)")
sys.exit(1 if failures else 0)
