#!/usr/bin/env python3
"""The central experiment on two linked emulators: udp_echo (guest/net) as a server on one
machine and a client on the other, exchanging 1-byte UDP datagrams over the simulated
Ethernet (emu/net). Checks, for each case given on the command line:

  inproc     --machines 2 in one process: every exchange answered, stats sane
  twoproc    the same pair as two processes (--net listen/connect): identical round-trip
             cycles and per-machine cycle counts to the in-process run
  throttled  two processes, one of them stopped and continued (SIGSTOP/SIGCONT) every few
             milliseconds: still identical — results do not depend on host scheduling
  clocks     a ds3100 server and a ds5000-200 client (different clocks): in-process and
             two-process identical
  kn02       both machines ds5000-200; also with --lance-dma main (dma=main)
  pcap       --pcap: tshark reads every frame, finds valid IPv4 and UDP checksums
  loss       --net-loss drop: some exchanges lost, and the same ones on a second run
  stats      --stats as CSV and JSON: per-machine rows, the client's marked region 1,
             cycles by cause summing to the totals
  disconnect the listener killed in the middle: the other side ends with exit status 3 and
             a one-line message naming the link, quickly

usage: linked_udp_test.py EMU GUEST_DIR CASE...
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

EMU, GUEST = sys.argv[1], sys.argv[2]
ELF = os.path.join(GUEST, "udp_echo.elf")
TMP = tempfile.mkdtemp(prefix="emu-linked-")
COUNT = 12
SERVER = "role=server ip=10.0.0.2"
CLIENT = f"role=client ip=10.0.0.1 peer=10.0.0.2 count={COUNT} size=1"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def rtts(text):
    return [int(m) for m in re.findall(r"xchg \d+ rtt (\d+)", text)]


def machines_cycles(stats_path):
    d = json.load(open(stats_path))
    return [m["cycles"] for m in d["machines"]]


def inproc(server_args="", client_args="", extra=(), m0="ds3100", m1="ds3100", tag="inproc"):
    stats = os.path.join(TMP, tag + ".json")
    cmd = [EMU, "--machines", "2", "--kernel", ELF, "--node", f"0:machine={m0}", "--node", f"1:machine={m1}",
           "--node", f"0:append={SERVER} {server_args}", "--node", f"1:append={CLIENT} {client_args}",
           "--stats", stats, *extra]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    client = "\n".join(l[4:] for l in r.stdout.splitlines() if l.startswith("[1] "))
    return r, client, machines_cycles(stats) if os.path.exists(stats) else None


def twoproc(server_args="", client_args="", extra=(), m0="ds3100", m1="ds3100", throttle=False, tag="two"):
    sock = os.path.join(TMP, tag + ".sock")
    s0, s1 = os.path.join(TMP, tag + "0.json"), os.path.join(TMP, tag + "1.json")
    srv = subprocess.Popen([EMU, "--machine", m0, "--kernel", ELF, "--append", f"{SERVER} {server_args}",
                            "--net", f"listen={sock}", "--stats", s0, *extra],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        if os.path.exists(sock):
            break
        time.sleep(0.01)
    cli = subprocess.Popen([EMU, "--machine", m1, "--kernel", ELF, "--append", f"{CLIENT} {client_args}",
                            "--net", f"connect={sock}", "--stats", s1, *extra],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def throttler():  # stop and continue the server, unevenly, while the run goes on
        k = 0
        while not stop.is_set() and srv.poll() is None:
            srv.send_signal(signal.SIGSTOP)
            time.sleep(0.002 + 0.003 * (k % 3))
            srv.send_signal(signal.SIGCONT)
            time.sleep(0.004)
            k += 1

    t = threading.Thread(target=throttler)
    if throttle:
        t.start()
    out1, err1 = cli.communicate(timeout=300)
    out0, err0 = srv.communicate(timeout=300)
    stop.set()
    if throttle:
        t.join()
        srv.send_signal(signal.SIGCONT) if srv.poll() is None else None
    ok = srv.returncode == 0 and cli.returncode == 0
    cycles = None
    if ok:
        cycles = [json.load(open(s0))["machines"][0]["cycles"], json.load(open(s1))["machines"][0]["cycles"]]
    return ok, out1, cycles, err0 + err1


def case_inproc():
    r, client, cycles = inproc()
    check(r.returncode == 0, f"in-process run exits 0 (got {r.returncode}: {r.stderr.strip()[-300:]})")
    check(len(rtts(client)) == COUNT, f"all {COUNT} exchanges answered in one process")
    check("stop acknowledged" in client, "the client's stop request is acknowledged")
    check(r.stderr.count("coherence") == 0, "no coherence reports (buffer RAM path)")
    return r, client, cycles


def case_twoproc(throttle=False):
    r, client, cycles = inproc(tag="ref")
    ok, client2, cycles2, err = twoproc(throttle=throttle, tag="thr" if throttle else "two")
    what = "two processes" + (", one throttled," if throttle else "")
    check(ok, f"{what} both exit 0 ({err.strip()[-300:]})")
    check(rtts(client2) == rtts(client) and len(rtts(client)) == COUNT,
          f"{what} give the same round trips as one process: {rtts(client2)[:4]}... vs {rtts(client)[:4]}...")
    check(cycles2 == cycles, f"{what} give the same cycle counts per machine: {cycles2} vs {cycles}")


def case_clocks():
    r, client, cycles = inproc(m1="ds5000-200", tag="clk")
    ok, client2, cycles2, err = twoproc(m1="ds5000-200", tag="clk2")
    check(r.returncode == 0 and len(rtts(client)) == COUNT, "ds3100 server, ds5000-200 client: all answered")
    check(ok and rtts(client2) == rtts(client) and cycles2 == cycles,
          f"different clocks: one process and two processes agree ({cycles} / {cycles2})")


def case_kn02():
    for dma, extra in (("buffer", ()), ("main", ("--lance-dma", "main"))):
        r, client, cycles = inproc(f"dma={dma}", f"dma={dma}", extra, "ds5000-200", "ds5000-200", tag="kn02" + dma)
        check(r.returncode == 0 and len(rtts(client)) == COUNT, f"ds5000-200 pair, LANCE DMA {dma}: all answered")
        check(r.stderr.count("coherence") == 0, f"ds5000-200 pair, LANCE DMA {dma}: no coherence reports")
    r, client, _ = inproc("dma=main", "dma=main", ("--lance-dma", "main"), tag="kn01main")
    check(r.returncode == 0 and len(rtts(client)) == COUNT, "ds3100 pair, LANCE DMA main: all answered")


def case_pcap():
    pcap = os.path.join(TMP, "run.pcapng")
    r, client, _ = inproc(extra=("--pcap", pcap), tag="pcap")
    check(r.returncode == 0 and len(rtts(client)) == COUNT, "run with --pcap: all answered")
    tshark = shutil.which("tshark")
    if not tshark:
        print("SKIPPED: tshark is not installed (tools/setup installs it)")
        return
    base = [tshark, "-r", pcap, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
    frames = subprocess.run(base + ["-T", "fields", "-e", "frame.protocols"], capture_output=True, text=True)
    lines = frames.stdout.split()
    check(frames.returncode == 0 and len(lines) > 0, f"tshark reads the capture ({len(lines)} frames)")
    udp = [l for l in lines if "udp" in l]
    # count requests + count echoes + stop request + its acknowledgement
    check(len(udp) >= 2 * COUNT, f"the capture holds the UDP exchanges ({len(udp)} UDP frames)")
    check(all(l.startswith("eth:ethertype:") for l in lines), "every frame decodes as Ethernet")
    bad = subprocess.run(base + ["-Y", "ip.checksum.status == 0 || udp.checksum.status == 0 || "
                                       "eth.fcs.status == 0 || _ws.malformed || _ws.expert.severity >= error"],
                         capture_output=True, text=True)
    check(bad.returncode == 0 and bad.stdout.strip() == "", f"no frame with a bad checksum or malformed: {bad.stdout.strip()[:200]}")
    good = subprocess.run(base + ["-Y", "udp.checksum.status == 1 && ip.checksum.status == 1"], capture_output=True, text=True)
    check(len(good.stdout.splitlines()) == len(udp), "every UDP frame's IPv4 and UDP checksums verified good")


def case_loss():
    # The server idles until the cycle limit (a stop request could be lost too): exit 4.
    extra = ("--net-loss", "drop=0.25,seed=3", "--max-cycles", "60000000")
    r1, c1, cy1 = inproc(client_args="timeout=400000 stop=0", extra=extra, tag="loss1")
    r2, c2, cy2 = inproc(client_args="timeout=400000 stop=0", extra=extra, tag="loss2")
    lost = c1.count(" lost")
    check(r1.returncode == 4 and "answered" in c1, f"the lossy run ends at the cycle limit (status {r1.returncode})")
    check(lost > 0 and len(rtts(c1)) > 0, f"with 25% frame loss some exchanges are lost ({lost} of {COUNT})")
    check(c1 == c2, "the same exchanges are lost on a second run (seeded)")


def case_stats():
    import csv
    path = os.path.join(TMP, "run.csv")
    cmd = [EMU, "--machines", "2", "--kernel", ELF, "--node", f"0:append={SERVER}", "--node", f"1:append={CLIENT}",
           "--region-name", "1=rtt", "--stats", path]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, "run with --stats FILE.csv exits 0")
    rows = list(csv.DictReader(open(path)))
    runs = [x for x in rows if x["region"] == "run"]
    rtt = [x for x in rows if x["region"] == "1" and x["node"] == "1"]
    check(len(runs) == 2 and all(int(x["total_cycles"]) > 0 for x in runs), "CSV: one 'run' row per machine")
    check(len(rtt) == 1 and rtt[0]["name"] == "rtt" and int(rtt[0]["count"]) == COUNT,
          f"CSV: the client's region 1 'rtt' with {COUNT} instances")
    check(int(rtt[0]["min_cycles"]) <= int(rtt[0]["median_cycles"]) <= int(rtt[0]["max_cycles"]), "CSV: min <= median <= max")
    causes = [k for k in rows[0] if k.startswith("cycles_")] if rows else []
    check(len(causes) >= 10 and all(sum(int(x[k]) for k in causes) == int(x["total_cycles"]) for x in rows),
          "CSV: every row's cycles_* by cause sum to its total_cycles (both machines, the runs and the regions)")
    check("regions" in r.stderr and "rtt" in r.stderr, "the region table is printed at the end of the run")
    js = os.path.join(TMP, "run.json")
    subprocess.run(cmd[:-1] + [js], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    d = json.load(open(js))
    reg = [g for g in d["machines"][1]["regions"] if g["id"] == 1][0]
    check(reg["count"] == COUNT and len(reg["cycles"]) == COUNT and reg["median_us"] > 0,
          "JSON: region 1 with every instance's cycles and microseconds")
    check(d["network"]["stations"][1]["sent"] > COUNT, "JSON: the network's frame counts")
    check(all(sum(m["cycles_by_cause"].values()) == m["cycles"] for m in d["machines"]) and
          sum(reg["cycles_by_cause"].values()) == reg["total_cycles"],
          "JSON: cycles_by_cause sums to cycles on both machines and to the client's region total")


def case_disconnect():
    sock = os.path.join(TMP, "dc.sock")
    srv = subprocess.Popen([EMU, "--kernel", ELF, "--append", SERVER, "--net", f"listen={sock}"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        if os.path.exists(sock):
            break
        time.sleep(0.01)
    cli = subprocess.Popen([EMU, "--kernel", ELF, "--append", f"role=client ip=10.0.0.1 peer=10.0.0.2 count=60000",
                            "--net", f"connect={sock},timeout=5"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    srv.kill()
    srv.wait()
    t0 = time.time()
    try:
        _, err = cli.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        cli.kill()
        check(False, "the remaining side ends after its peer died (it hung)")
        return
    lines = [l for l in err.splitlines() if l.strip()]
    check(cli.returncode == 3, f"the remaining side exits with status 3 (got {cli.returncode})")
    check(len(lines) == 1 and sock in lines[0], f"with one line naming the link: {lines}")
    check(time.time() - t0 < 15, "and does so without waiting for long")


cases = {"inproc": case_inproc, "twoproc": case_twoproc, "throttled": lambda: case_twoproc(True),
         "clocks": case_clocks, "kn02": case_kn02, "pcap": case_pcap, "loss": case_loss,
         "disconnect": case_disconnect, "stats": case_stats}
try:
    for c in sys.argv[3:]:
        cases[c]()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
print("FAILED: " + "; ".join(failures) if failures else "PASS")
sys.exit(1 if failures else 0)
