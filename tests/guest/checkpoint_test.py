#!/usr/bin/env python3
"""Checkpoint and restore (emu/checkpoint) continue a run bit-identically. For one case:

  1. the uninterrupted run: console output, --stats, --state-hash, exit status;
  2. the same run saving a checkpoint (--checkpoint-at): everything identical to 1 (saving
     perturbs nothing), and stderr says at which cycle C it was written;
  3. the run stopped at C (--max-cycles C): the console output up to the checkpoint;
  4. a run restored from the checkpoint: 3's output followed by 4's is 1's output, and the
     --stats (cycles, cycles by cause, counters, regions), state hash and exit status are 1's.

--stats fields that measure the host, not the guest, are left out: host_seconds,
guest_mips, and blocks_compiled / code_invalidations (the decoded-code cache, which a
restore rebuilds). So are the regions' footprints (emu/mem/footprint.h): a checkpoint does
not hold the lines a region touched so far (README "Checkpoints"), so after a restore they
count from the restore.

usage: checkpoint_test.py EMU CASE  (EMU_GUEST_DIR: the guest build directory)
cases: linked (two ds3100 running udp_echo in one process), linked_kn02 (two ds5000-200, LANCE DMA
into main memory), errors (one-line refusals), signal (SIGUSR1 during bench.elf, restored to the same end state), hello (ds3100, at a cycle), hello_off (--timing off), kbench (ds5000-200 guest kernel,
at the beginning of marked region 5, with interrupts, TLB and open regions), ipc (ds3100
guest kernel, at a cycle)
"""
import json
import os
import re
import subprocess
import sys
import tempfile

EMU, CASE = sys.argv[1], sys.argv[2]
G = os.environ.get("EMU_GUEST_DIR", os.path.join(os.path.dirname(EMU), "guest"))
KERNEL = os.path.join(G, "kernel", "kernel.elf")
CASES = {
    "hello": (["--machine", "ds3100", "--kernel", os.path.join(G, "hello.elf")], "2000000"),
    "hello_off": (["--machine", "ds2100", "--timing", "off", "--kernel", os.path.join(G, "hello.elf")], "300000"),
    "kbench": (["--machine", "ds5000-200", "--kernel", KERNEL, "--append", "kbench"], "region:5"),
    "ipc": (["--machine", "ds3100", "--kernel", KERNEL, "--append", "ipc_test"], "0x800000"),
    # Frame buffers: the PMAG-BA in slot 0 (video RAM, Bt459, its retrace event) and the
    # KN01's colour frame buffer (video RAM, PCC, Bt478, plane mask, VINT), saved mid-drawing.
    "pmag_ba": (["--machine", "ds5000-200", "--tc", "0=pmag-ba", "--kernel", os.path.join(G, "fb_pattern_test.elf")],
                "9000000"),
    "kn01_fb": (["--machine", "ds3100", "--fb", "colour", "--kernel", os.path.join(G, "fb_kn01_test.elf")],
                "7000000"),
}
SCREENS = {"pmag_ba", "kn01_fb"}
HOST_FIELDS = {"host_seconds", "guest_mips", "blocks_compiled", "code_invalidations"}
tmp = tempfile.mkdtemp(prefix="emu-ckpt-")
failures = []


def drop_footprints(stats):
    for r in stats.get("regions", []):
        r.pop("footprint", None)


def run(args, tag):
    stats = os.path.join(tmp, tag + ".json")
    p = subprocess.run([EMU] + args + ["--stats", stats, "--state-hash"], stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=500)
    with open(stats) as f:
        s = json.load(f)
    for k in HOST_FIELDS:
        s.pop(k, None)
    drop_footprints(s)
    h = re.search(r"state hash ([0-9a-f]{16})", p.stderr.decode())
    return p, s, h.group(1) if h else None


def same(what, a, b):
    if a != b:
        failures.append(what)
        print(f"FAIL: {what}")
        if isinstance(a, dict):
            for k in sorted(set(a) | set(b)):
                if a.get(k) != b.get(k):
                    print(f"  {k}: {str(a.get(k))[:200]} != {str(b.get(k))[:200]}")




def signal_case():
    """SIGUSR1 saves a checkpoint wherever the run is; restored, it reaches the same end state."""
    import signal
    import time
    args = ["--machine", "ds3100", "--kernel", os.path.join(G, "bench.elf"), "--max-cycles", "300000000"]
    ckpt = os.path.join(tmp, "signal.ckpt")
    p = subprocess.Popen([EMU] + args + ["--checkpoint", ckpt, "--state-hash"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()  # the guest has begun to print: the run is under way
    p.send_signal(signal.SIGUSR1)
    time.sleep(0.2)
    p.send_signal(signal.SIGUSR1)  # a second checkpoint replaces the first
    out, err = p.communicate(timeout=500)
    err = err.decode()
    print(err)
    cycles = [int(c) for c in re.findall(r"written at cycle (\d+) \(SIGUSR1\)", err)]
    end = re.search(r"state hash ([0-9a-f]{16})", err)
    if p.returncode != 4 or not cycles or not end or "(end of run)" not in err:
        sys.exit(f"FAIL: status {p.returncode}, expected a SIGUSR1 checkpoint and a state hash")
    # The file holds the end-of-run checkpoint now; restoring it is a run already at its end.
    r = subprocess.run([EMU] + args + ["--restore", ckpt, "--state-hash"], stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=500)
    same("restored from the end-of-run checkpoint: state hash", end.group(1),
         re.search(r"state hash ([0-9a-f]{16})", r.stderr.decode()).group(1))
    # A SIGUSR1 checkpoint restored runs to the same end state.
    p = subprocess.Popen([EMU] + args + ["--checkpoint", ckpt], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.send_signal(signal.SIGUSR1)
    while True:
        line = p.stderr.readline().decode()
        if "(SIGUSR1)" in line or not line:
            break
    mid = os.path.join(tmp, "mid.ckpt")
    os.replace(ckpt, mid)
    p.kill()
    p.wait()
    r = subprocess.run([EMU] + args + ["--restore", mid, "--state-hash"], stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=500)
    same("restored from a SIGUSR1 checkpoint: state hash at the end", end.group(1),
         re.search(r"state hash ([0-9a-f]{16})", r.stderr.decode()).group(1))
    same("restored from a SIGUSR1 checkpoint: exit status", 4, r.returncode)
    if failures:
        sys.exit(1)
    print("PASS")
    sys.exit(0)


def errors_case():
    """Mistakes get one line on stderr and exit status 2 (3 for a checkpoint never due)."""
    hello = ["--machine", "ds3100", "--kernel", os.path.join(G, "hello.elf")]
    ckpt = os.path.join(tmp, "h.ckpt")
    subprocess.run([EMU] + hello + ["--checkpoint", ckpt, "--max-cycles", "100000"], capture_output=True,
                   stdin=subprocess.DEVNULL, timeout=100)
    with open(ckpt, "rb") as f:
        data = f.read()
    cut = os.path.join(tmp, "cut.ckpt")
    with open(cut, "wb") as f:
        f.write(data[: len(data) // 2])
    cases = [
        (hello + ["--checkpoint-at", "100"], 2, "--checkpoint-at needs --checkpoint"),
        (hello + ["--checkpoint", ckpt, "--checkpoint-at", "region:x"], 2, "--checkpoint-at region"),
        (hello + ["--restore", ckpt, "--checkpoint", ckpt], 2, "--checkpoint"),
        (hello + ["--checkpoint", ckpt, "--net", "listen=" + os.path.join(tmp, "sock")], 2, "--checkpoint with --net"),
        (hello + ["--restore", ckpt, "--pcap", os.path.join(tmp, "p.pcap")], 2, "--restore with --pcap"),
        (hello + ["--machines", "2", "--state-hash"], 2, "--state-hash: one machine only"),
        (hello + ["--machines", "2", "--restore", ckpt], 2, "it holds 1 machine(s); this run has 2"),
        (["--machine", "ds5000-200", "--restore", ckpt], 2, f"checkpoint {ckpt}: it holds a ds3100"),
        (["--restore", cut], 2, f"checkpoint {cut}: truncated"),
        (["--restore", os.path.join(G, "hello.elf")], 2, "not a checkpoint of this emulator"),
        (["--restore", os.path.join(tmp, "none.ckpt")], 2, "none.ckpt"),
        (hello + ["--checkpoint", os.path.join(tmp, "never.ckpt"), "--checkpoint-at", "region:77"], 3,
         "the run ended before the checkpoint was due"),
    ]
    for args, status, words in cases:
        r = subprocess.run([EMU] + args, capture_output=True, stdin=subprocess.DEVNULL, timeout=100)
        err = r.stderr.decode()
        lines = [l for l in err.splitlines() if l.startswith("emu: ")]
        ok = r.returncode == status and any(words in l for l in lines)
        if status == 2:
            ok = ok and len(err.strip().splitlines()) == 1
        print(("ok   " if ok else "FAIL ") + " ".join(args[-2:]) + f": status {r.returncode}: {err.strip()[-300:]}")
        if not ok:
            failures.append(words)
    if os.path.exists(os.path.join(tmp, "never.ckpt")):
        failures.append("a checkpoint never due was written")
    if failures:
        sys.exit(1)
    print("PASS")
    sys.exit(0)


def linked_case(machines, extra, append=""):
    """Two machines on the simulated Ethernet in one process (udp_echo server and client),
    saved while they exchange datagrams: frames in flight, queued for delivery and inside the
    LANCEs are in the checkpoint, and the restored pair ends exactly as the uninterrupted one."""
    udp = os.path.join(G, "udp_echo.elf")
    base = ["--machines", "2", "--kernel", udp, "--region-name", "1=rtt",
            "--node", f"0:machine={machines[0]}", "--node", f"1:machine={machines[1]}",
            "--node", "0:append=role=server ip=10.0.0.2" + append,
            "--node", "1:append=role=client ip=10.0.0.1 peer=10.0.0.2 count=12 size=1" + append] + extra

    def linked(args, tag):
        stats = os.path.join(tmp, tag + ".json")
        p = subprocess.run([EMU] + base + args + ["--stats", stats], stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=500)
        with open(stats) as f:
            d = json.load(f)
        for m in d["machines"]:
            for k in HOST_FIELDS:
                m.pop(k, None)
            drop_footprints(m)
        d["network"] = {k: v for k, v in d["network"].items() if not k.startswith("sync")}  # host timing
        return p, d

    def lines_of(out, k):
        return [l for l in out.decode().splitlines() if l.startswith(f"[{k}] ")]

    def text_of(out, k):  # machine k's console, without the "[k] " line prefixes
        return "".join(l[len(f"[{k}] "):] + "\n" for l in lines_of(out, k))

    full, full_stats = linked([], "full")
    ckpt = os.path.join(tmp, "linked.ckpt")
    # When the client begins its first timed exchange (its region 1): a frame on its way.
    at = "region:1"
    saving, saving_stats = linked(["--checkpoint", ckpt, "--checkpoint-at", at], "saving")
    print(saving.stderr.decode().strip().splitlines()[0])
    same("linked, saving a checkpoint: console output", full.stdout, saving.stdout)
    same("linked, saving a checkpoint: --stats", full_stats, saving_stats)
    restored, restored_stats = linked(["--restore", ckpt], "restored")
    same("linked, restored: --stats", full_stats, restored_stats)
    same("linked, restored: exit status", full.returncode, restored.returncode)
    for k in (0, 1):
        # The restored console may begin inside a line, which then gets a prefix of its own
        # (the prefix is the host's formatting, not the guest's output): compare the text.
        whole, rest = text_of(full.stdout, k), text_of(restored.stdout, k)
        same(f"linked, restored: machine {k}'s console ends as in the uninterrupted run", True,
             len(rest) > 0 and whole.endswith(rest))
    rtt = [l for l in lines_of(restored.stdout, 1) if "rtt" in l or "done" in l]
    print(f"restored client printed {len(lines_of(restored.stdout, 1))} lines, e.g. {rtt[-1:]}")
    if not lines_of(restored.stdout, 1):
        failures.append("the restored client printed nothing")
    if failures:
        print(restored.stderr.decode()[-2000:])
        sys.exit(1)
    print("PASS")
    sys.exit(0)


if CASE == "linked":
    linked_case(("ds3100", "ds3100"), [])
if CASE == "linked_kn02":
    linked_case(("ds5000-200", "ds5000-200"), ["--lance-dma", "main"], " dma=main")
if CASE == "signal":
    signal_case()
if CASE == "errors":
    errors_case()
base, at = CASES[CASE]
ckpt = os.path.join(tmp, "run.ckpt")
full, full_stats, full_hash = run(base, "full")
print(f"uninterrupted: status {full.returncode}, {full_stats['cycles']} cycles, hash {full_hash}")
if full_hash is None:
    failures.append("no state hash")

saving, saving_stats, saving_hash = run(base + ["--checkpoint", ckpt, "--checkpoint-at", at], "saving")
same("saving a checkpoint: console output", full.stdout, saving.stdout)
same("saving a checkpoint: --stats", full_stats, saving_stats)
same("saving a checkpoint: state hash", full_hash, saving_hash)
same("saving a checkpoint: exit status", full.returncode, saving.returncode)
m = re.search(r"checkpoint \S+ written at cycle (\d+)", saving.stderr.decode())
if not m:
    sys.exit(f"FAIL: no checkpoint written: {saving.stderr.decode()[-500:]}")
cycle = int(m.group(1))
print(f"checkpoint at cycle {cycle}, {os.path.getsize(ckpt)} bytes")

prefix = subprocess.run([EMU] + base + ["--max-cycles", str(cycle)], stdin=subprocess.DEVNULL,
                        capture_output=True, timeout=500)
restored, restored_stats, restored_hash = run(base + ["--restore", ckpt], "restored")
same("restored: console output before + after the checkpoint", full.stdout, prefix.stdout + restored.stdout)
same("restored: --stats", full_stats, restored_stats)
same("restored: state hash", full_hash, restored_hash)
same("restored: exit status", full.returncode, restored.returncode)
if CASE in SCREENS:
    # What a state hash cannot show (it hashes what was saved): the picture. The screen at
    # the end of the restored run must be the uninterrupted run's, pixel for pixel.
    pictures = []
    for tag, extra in (("full", []), ("restored", ["--restore", ckpt])):
        png = os.path.join(tmp, tag + ".png")
        p = subprocess.run([EMU] + base + extra + ["--screenshot", png], stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=500)
        pictures.append(open(png, "rb").read() if p.returncode == 0 and os.path.exists(png) else None)
    same("restored: the screen", pictures[0], pictures[1])
    if pictures[0] is None:
        failures.append("no screenshot")
if failures:
    print(restored.stderr.decode()[-2000:])
    sys.exit(1)
print("PASS")
