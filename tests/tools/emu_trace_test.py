#!/usr/bin/env python3
"""emu-trace (tools/emu-trace) on traces of real guest runs. Checks, for each case given:

  linked    the udp_echo pair (--machines 2, one trace per machine): summary --json per
            machine agrees with --stats (instructions, cycles, cycles by cause); the cause
            split sums to the total; profile (table total, --json, --folded) sums to the
            run's cycles; the timeline is valid JSON with both machines, the client's rtt
            regions and frames on the wire, paired at the wire time of a minimum frame;
            footprint of region 1 covers the 20 round trips; summary and profile
            --region 1 give the region's cycles on both machines
  kbench    the microkernel's benchmark (context records): summary instructions equal
            --stats, per-task cycles sum to the total, profile sums to the cycles, annotate
            disassembles a kernel function with its executions
  diff      two identical runs are 'identical' (exit 0); two runs with another DIV latency
            differ (exit 1) at a named instruction
  corrupt   truncated, bit-flipped, foreign and empty files, bad subcommands and options:
            exit status 2, one line on stderr naming the file or option, nothing on stdout

usage: emu_trace_test.py EMU EMU_TRACE GUEST_DIR CASE...
"""
import json
import os
import subprocess
import sys
import tempfile

EMU, TOOL, GUEST = sys.argv[1:4]
TMP = tempfile.mkdtemp(prefix="emu-trace-test-")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(cmd, status=0):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != status:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode} (want {status}):\n{p.stderr[-2000:]}")
    return p


def tool(*args, status=0):
    return run([TOOL, *args], status)


def profile_checks(trace, cycles, what):
    table = tool("profile", trace).stdout.splitlines()
    total = [l for l in table if l.endswith("  total")]
    check(len(total) == 1 and int(total[0].split()[0]) == cycles, f"{what}: profile table total = the run's cycles ({cycles})")
    prof = json.loads(tool("profile", "--json", trace).stdout)
    self_sum = sum(f["self"] for f in prof["functions"])
    check(prof["cycles"] == cycles and self_sum == cycles, f"{what}: profile --json self cycles sum to the run's cycles")
    check(all(sum(f["causes"].values()) == f["self"] for f in prof["functions"]), f"{what}: each function's causes sum to its self cycles")
    check(all(f["self"] <= f["inclusive"] <= cycles for f in prof["functions"]), f"{what}: self <= inclusive <= total")
    folded = tool("profile", "--folded", trace).stdout.splitlines()
    check(sum(int(l.rsplit(" ", 1)[1]) for l in folded) == cycles, f"{what}: folded stacks sum to the run's cycles")
    return prof


def linked():
    st, tc, ts = (os.path.join(TMP, n) for n in ("linked.json", "client.trace", "server.trace"))
    run([EMU, "--machines", "2", "--kernel", os.path.join(GUEST, "udp_echo.elf"), "--region-name", "1=rtt",
         "--node", "0:append=role=server ip=10.0.0.2", "--node", f"0:trace={ts}",
         "--node", "1:append=role=client ip=10.0.0.1 peer=10.0.0.2 count=20 size=1", "--node", f"1:trace={tc}",
         "--stats", st])
    stats = json.load(open(st))["machines"]
    summ = json.loads(tool("summary", "--json", ts, tc).stdout)
    check(len(summ["machines"]) == 2, "summary --json: one entry per machine")
    for s, m in zip(stats, summ["machines"]):
        node = m["node"]
        check(m["instructions"] == s["instructions"], f"machine {node}: summary instructions = --stats ({s['instructions']})")
        check(m["cycles"] == s["cycles"] and m["traced_cycles"] == s["cycles"], f"machine {node}: summary cycles = --stats ({s['cycles']})")
        check(m["cycles_by_cause"] == s["cycles_by_cause"] == m["traced_cycles_by_cause"], f"machine {node}: cycles by cause = --stats")
        check(sum(m["cycles_by_cause"].values()) == m["cycles"], f"machine {node}: the cause split sums to the total")
        check(sum(t["cycles"] for t in m["tasks"]) == m["cycles"], f"machine {node}: per-task cycles sum to the total")
    check(summ["instructions"] == sum(s["instructions"] for s in stats), "summary --json: top-level instructions = the machines' sum")
    check(summ["machines"][1]["regions"] == 20 and summ["machines"][1]["frames_sent"] > 20, "client: 20 regions, frames sent")
    profile_checks(tc, stats[1]["cycles"], "client")
    tl = json.loads(tool("timeline", ts, tc).stdout)
    ev = tl["traceEvents"]
    names = {e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "process_name"}
    check({"wire", "machine 0 (ds3100 " + summ["machines"][0]["mac"] + ")", "machine 1 (ds3100 " + summ["machines"][1]["mac"] + ")"} <= names,
          f"timeline: both machines and the wire ({sorted(names)})")
    rtt = [e for e in ev if e["ph"] == "X" and e["name"] == "rtt" and e["pid"] == 2]
    check(len(rtt) == 20, "timeline: the client's 20 rtt regions")
    wire = [e for e in ev if e["ph"] == "X" and e["pid"] == 0]
    udp = [e for e in wire if e["name"].startswith("UDP")]
    check(len(udp) >= 40 and {e["tid"] for e in udp} == {1, 2}, "timeline: UDP frames on the wire from both machines")
    # 60-byte frames plus FCS: 64 bytes, 8 of preamble, 100 ns a bit = 57.6 us.
    check(all(abs(e["dur"] - 57.6) < 1e-6 for e in udp), "timeline: each frame lasts a minimum frame's wire time")
    fp = json.loads(tool("footprint", "--json", "--region", "1", tc).stdout)
    region = json.load(open(st))["machines"][1]["regions"][0]
    check(fp["intervals"] == 20 and 0 < fp["instruction"]["bytes"] < 16384, f"footprint --region 1: 20 intervals, {fp['instruction']['bytes']} bytes of code")
    check(abs(fp["cycles"] - region["total_cycles"]) <= 20 * 64, "footprint --region 1: its cycles are the region's (to a block)")
    # The round trips on both machines: the client's region, the server over the same
    # picoseconds (same clock here, so the same number of cycles).
    rs = json.loads(tool("summary", "--json", "--region", "1", ts, tc).stdout)
    check(rs["region_intervals"] == 20 and [m["cycles"] for m in rs["machines"]] == [region["total_cycles"]] * 2,
          f"summary --region 1: both machines' cycles in the round trips = the region's {region['total_cycles']}")
    check(all(sum(m["cycles_by_cause"].values()) == m["cycles"] for m in rs["machines"]), "summary --region 1: causes sum to the cycles")
    for args in (["--region", "1", tc], ["--region", "1", "--region-from", tc, ts]):
        prof = json.loads(tool("profile", "--json", *args).stdout)
        check(prof["cycles"] == region["total_cycles"] == sum(f["self"] for f in prof["functions"]),
              f"profile --json {' '.join(args[:-1])}: the round trips' cycles")


def kbench():
    st, tr = os.path.join(TMP, "kbench.json"), os.path.join(TMP, "kbench.trace")
    run([EMU, "--machine", "ds5000-200", "--kernel", os.path.join(GUEST, "kernel", "kernel.elf"), "--append", "kbench",
         "--stats", st, "--trace", tr])
    stats = json.load(open(st))
    m = json.loads(tool("summary", "--json", tr).stdout)["machines"][0]
    check(m["instructions"] == stats["instructions"], f"kbench: summary instructions = --stats ({stats['instructions']})")
    check(m["cycles"] == stats["cycles"], f"kbench: summary cycles = --stats ({stats['cycles']})")
    tasks = [t for t in m["tasks"] if t["task"] >= 0]
    check(len(tasks) >= 2 and sum(t["cycles"] for t in m["tasks"]) == stats["cycles"], f"kbench: {len(tasks)} tasks, their cycles sum to the total")
    prof = profile_checks(tr, stats["cycles"], "kbench")
    names = [f["name"] for f in prof["functions"]]
    check("syscall_entry" in names, "kbench: the system call path is in the profile")
    ann = tool("annotate", "syscall_entry", tr).stdout.splitlines()
    rows = [l.split() for l in ann[2:]]
    check(len(rows) > 4 and all(len(r) >= 6 for r in rows) and int(rows[0][1]) > 0, "annotate syscall_entry: instructions with executions")
    check(sum(int(r[2]) for r in rows) == int(ann[0].split(": ")[1].split()[0]), "annotate: per-instruction cycles sum to the function's")


def bench_trace(name, *extra):
    path = os.path.join(TMP, name)
    run([EMU, "--kernel", os.path.join(GUEST, "bench_small.elf"), "--trace", path, *extra])
    return path


def diff():
    a, b = bench_trace("a.trace"), bench_trace("b.trace")
    out = tool("diff", a, b).stdout
    check(out.startswith("identical: "), f"diff of two identical runs: {out.strip()}")
    c = bench_trace("c.trace", "--timing-set", "div=36")
    out = tool("diff", a, c, status=1).stdout
    check(out.startswith("differ at instruction ") and " pc 0x" in out and "muldiv" in out,
          f"diff of another DIV latency names the point: {out.strip()}")


def corrupt():
    good = bench_trace("good.trace")
    data = open(good, "rb").read()
    bad = {
        "truncated": data[: len(data) // 2],
        "flipped header": data[:200] + bytes([data[200] ^ 0x40]) + data[201:],
        "flipped chunk": data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0x01]) + data[len(data) // 2 + 1:],
        "foreign": b"\x7fELF" + data[4:],
        "empty": b"",
    }
    for name, content in bad.items():
        path = os.path.join(TMP, name.replace(" ", "_") + ".trace")
        open(path, "wb").write(content)
        for sub in (["summary"], ["profile"], ["timeline"], ["footprint"], ["annotate", "main"]):
            p = tool(*sub, path, status=2)
            lines = p.stderr.splitlines()
            check(len(lines) == 1 and path in lines[0] and p.stdout == "", f"{name} file, {sub[0]}: {lines[:1]}")
        p = tool("diff", good, path, status=2)
        check(len(p.stderr.splitlines()) == 1, f"{name} file, diff: refused")
    for args, word in ((["bogus", good], "bogus"), (["summary", "--bogus", good], "--bogus"), (["profile"], "profile"),
                       (["footprint", "--line", "3", good], "--line"), (["annotate", "no_such_function", good], "no_such_function"),
                       (["summary", os.path.join(TMP, "missing.trace")], "missing.trace"), ([], "subcommand")):
        p = tool(*args, status=2)
        lines = p.stderr.splitlines()
        check(len(lines) == 1 and word in lines[0], f"emu-trace {' '.join(args)}: {lines[:1]}")


for case in sys.argv[4:]:
    {"linked": linked, "kbench": kbench, "diff": diff, "corrupt": corrupt}[case]()
print("FAIL" if failures else "\nPASS")
sys.exit(1 if failures else 0)
