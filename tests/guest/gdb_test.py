#!/usr/bin/env python3
"""GDB against the emulator (--gdb, emu/debug/): gdb-multiarch in batch mode debugs
guest/tests/gdb_target.cpp — breakpoints in a function, registers (CP0 included) and
memory, a step across a taken branch and its delay slot, the exception handler entered
(a breakpoint at the vector, then steps in it), a watchpoint, monitor commands, continue
to the exit — and the debugged run must
end with the same cycle and instruction counts and console output as a run without a
debugger (the stops do not perturb the machine); the same for a machine of a linked pair
in one process. Also: a client that vanishes, bad packets, and a Ctrl-C. Exits 77 (skipped) without gdb-multiarch.

usage: gdb_test.py EMU GUEST_DIR"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

EMU, GUEST = sys.argv[1], sys.argv[2]
ELF = os.path.join(GUEST, "gdb_target.elf")
GDB = shutil.which("gdb-multiarch")
TMP = tempfile.mkdtemp(prefix="emu-gdb-")
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def stats_of(path):
    with open(path) as f:
        s = json.load(f)
    return s["cycles"], s["instructions"]


def start_emu(name, extra):
    sock = os.path.join(TMP, name + ".sock")
    stats = os.path.join(TMP, name + ".json")
    p = subprocess.Popen([EMU, "--kernel", ELF, "--stats", stats, "--gdb", "unix:" + sock] + extra,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    while not os.path.exists(sock) and time.time() < deadline:
        time.sleep(0.05)
    return p, sock, stats


def run_gdb(sock, commands):
    script = os.path.join(TMP, "script.gdb")
    with open(script, "w") as f:
        f.write("set architecture mips:3000\nset pagination off\nset confirm off\n")
        f.write(f"target remote {sock}\n")
        f.write(commands)
    r = subprocess.run([GDB, "-nx", "-batch", "-x", script, ELF], capture_output=True, text=True, timeout=120)
    return r.stdout + r.stderr


def symbol(name):
    out = subprocess.run(["mipsel-linux-gnu-nm", ELF], capture_output=True, text=True).stdout
    m = re.search(r"([0-9a-f]+) \w " + name + "$", out, re.M)
    return int(m.group(1), 16) & 0xffffffff


def session():
    # The reference: the same run without a debugger.
    ref_stats = os.path.join(TMP, "ref.json")
    ref = subprocess.run([EMU, "--kernel", ELF, "--stats", ref_stats], capture_output=True, text=True, timeout=120)
    check(ref.returncode == 0 and "counter 10, exceptions 1" in ref.stdout, "the guest runs alone")

    p, sock, stats = start_emu("session", ["--gdb-wait"])
    out = run_gdb(sock, """
echo @start\\n
info registers pc
break *gdb_add
continue
continue
echo @second-call\\n
info registers a0 a1
stepi
echo @after-step\\n
info registers pc v0
delete
watch gdb_counter
continue
echo @after-watch\\n
delete
break *gdb_trap
continue
break *0x80000080
continue
echo @in-handler\\n
info registers pc cause epc status
stepi
stepi
echo @stepped-in-handler\\n
info registers pc
x/2wx 0x80000080
delete
monitor cycles
monitor tlb
monitor cache 0x30130
monitor phys 0x30130 8
monitor bogus
continue
""")
    emu_out, emu_err = p.communicate(timeout=60)
    print(out)
    add, taken, trap = symbol("gdb_add"), symbol("gdb_add_taken"), symbol("gdb_trap")
    pc = lambda v: rf"pc:?\s+0x{v:x}\b"
    reg = lambda name, v: rf"{name}:?\s+0x{v:x}\b"
    check(re.search(r"@start\n" + pc(0xbfc00000), out) is not None, "--gdb-wait: stopped at the reset vector")
    check(re.search(r"@second-call\n" + reg("a0", 0) + r".*\n" + reg("a1", 1), out) is not None,
          "break in a function, hit twice; argument registers")
    check(re.search(r"@after-step\n" + pc(taken) + r".*\n" + reg("v0", 1), out) is not None,
          "stepi across a taken branch: at its target, the delay slot's result in v0")
    check(re.search(r"Hardware watchpoint \d+: gdb_counter\s+Old value = 0\s+New value = 1", out) is not None,
          "watchpoint on a store")
    check(re.search(r"@in-handler\n" + pc(0x80000080) + r".*\n" + reg("cause", 0x20) + r".*\n" + reg("epc", trap), out)
          is not None, "the exception handler entered: Cause Sys, EPC the syscall")
    check(re.search(r"@stepped-in-handler\n" + pc(0x80000088), out) is not None, "stepi inside the handler")
    check(re.search(r"0x80000080.*:\s+0x3c1b8003\s+0x8f7a", out) is not None,
          "memory read through kseg0 (the handler copied to the vector)")
    check(re.search(r"cycles \d+, instructions \d+", out) is not None, "monitor cycles")
    check("current PID" in out and "I-cache line" in out and "0x00030130:" in out, "monitor tlb, cache, phys")
    check("is not a command" in out, "monitor: an unknown command is answered, not fatal")
    check("exited normally" in out, "continue to the exit")
    check(p.returncode == 0, f"emu exit status 0 (got {p.returncode}; stderr: {emu_err.strip()})")
    check(emu_out == ref.stdout, "console output the same as without the debugger")
    check(os.path.exists(stats) and stats_of(stats) == stats_of(ref_stats),
          f"cycles and instructions the same as without the debugger "
          f"({stats_of(stats) if os.path.exists(stats) else None} vs {stats_of(ref_stats)})")
    del add


def vanishing_client():
    p, sock, _ = start_emu("vanish", ["--gdb-wait"])
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.sendall(b"$g#67")  # then the client goes away without a word
    time.sleep(0.2)
    s.close()
    out, err = p.communicate(timeout=60)
    check(p.returncode == 0 and "went away" in err and "Traceback" not in err and
          "counter 10" in out, "a client that vanishes: one line, the run goes on to its end")


def bad_packets():
    p, sock, _ = start_emu("bad", ["--gdb-wait"])
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.settimeout(10)
    s.sendall(b"$g#00")  # bad checksum
    got = s.recv(1)
    check(got == b"-", "bad checksum answered with '-'")
    s.sendall(b"$" + b"m" * 70000 + b"#00")
    buf = b""
    while b"E01" not in buf:
        buf += s.recv(100)
    check(True, "an oversized packet is refused with an error")
    s.sendall(b"$k#6b")
    out, err = p.communicate(timeout=60)
    check("longer than" in err and "ended the run" in err and p.returncode == 3,
          f"kill ends the run (status {p.returncode})")


def packet(data):
    return b"$" + data + b"#" + b"%02x" % (sum(data) % 256)


def read_reply(s):
    buf = b""
    while True:
        m = re.search(rb"\$([^#]*)#[0-9a-f]{2}", buf)
        if m:
            return m.group(1)
        got = s.recv(4096)
        if not got:
            return None
        buf += got


def interrupt():
    # A machine that runs for a while (bench) is stopped by Ctrl-C, looked at, and
    # let go (detach): it then runs to its normal end.
    sock = os.path.join(TMP, "ctrlc.sock")
    # bench.elf (2.2 G instructions, seconds even on a fast host): still running when the
    # Ctrl-C comes, however fast or loaded the host (bench_small could end first).
    p = subprocess.Popen([EMU, "--kernel", os.path.join(GUEST, "bench.elf"), "--gdb", "unix:" + sock],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    while not os.path.exists(sock) and time.time() < deadline:
        time.sleep(0.05)
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.settimeout(30)
    s.sendall(packet(b"?"))
    first = read_reply(s)
    s.sendall(b"+" + packet(b"c"))
    time.sleep(0.3)
    s.sendall(b"\x03")
    stop = read_reply(s)
    s.sendall(b"+" + packet(b"D"))
    detached = read_reply(s)
    s.close()
    out, err = p.communicate(timeout=120)
    check(first is not None and first.startswith(b"T05") and stop is not None and stop.startswith(b"T02") and
          detached == b"OK" and p.returncode == 0,
          f"Ctrl-C stops the machine (got {stop}), detach lets it run to its end (status {p.returncode})")


def linked():
    # Two machines in one process (--machines 2: udp_echo server 0 and client 1, as
    # linked_udp_test.py runs them); the debugger stops the server at every frame it
    # sends for a while. The client waits for it, and the pair ends exactly as undebugged.
    elf = os.path.join(GUEST, "udp_echo.elf")
    args = ["--machines", "2", "--kernel", elf, "--node", "0:append=role=server ip=10.0.0.2",
            "--node", "1:append=role=client ip=10.0.0.1 peer=10.0.0.2 count=6 size=1"]
    ref_stats, stats = os.path.join(TMP, "linked-ref.json"), os.path.join(TMP, "linked.json")
    ref = subprocess.run([EMU] + args + ["--stats", ref_stats], stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=300)
    sock = os.path.join(TMP, "linked.sock")
    p = subprocess.Popen([EMU] + args + ["--stats", stats, "--gdb", "unix:" + sock, "--gdb-wait"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    while not os.path.exists(sock) and time.time() < deadline:
        time.sleep(0.05)
    out = subprocess.run(["mipsel-linux-gnu-nm", elf], capture_output=True, text=True).stdout
    send = int(re.search(r"([0-9a-f]+) T _ZN5guest3net10lance_sendEPKvjb$", out, re.M).group(1), 16) & 0xffffffff
    script = os.path.join(TMP, "linked.gdb")
    with open(script, "w") as f:
        f.write(f"set architecture mips:3000\ntarget remote {sock}\nbreak *0x{send:x}\n")
        f.write("continue\n" * 4 + "delete\nmonitor cycles\ncontinue\n")
    g = subprocess.run([GDB, "-nx", "-batch", "-x", script, elf], capture_output=True, text=True, timeout=300)
    emu_out, emu_err = p.communicate(timeout=300)
    machines = lambda path: [(m["cycles"], m["instructions"]) for m in json.load(open(path))["machines"]]
    check(ref.returncode == 0 and p.returncode == 0 and g.stdout.count("Breakpoint 1, ") == 4 and
          "exited normally" in g.stdout, f"a machine of a linked pair stopped at breakpoints (emu status {p.returncode})")
    check(emu_out == ref.stdout and machines(stats) == machines(ref_stats),
          "the pair ends with the same cycles and output as undebugged: the peer waited")


def main():
    if not GDB:
        print("SKIPPED: gdb-multiarch is not installed")
        return 77
    session()
    vanishing_client()
    bad_packets()
    interrupt()
    linked()
    shutil.rmtree(TMP, ignore_errors=True)
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
