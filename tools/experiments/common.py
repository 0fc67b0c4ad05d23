"""What every tools/experiment subcommand shares: the options, building, running the
emulator with --stats, and writing results.json / results.csv / results.md."""
import csv
import json
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MACHINES = ("ds2100", "ds3100", "ds5000-200")
# The columns every row has, first in the CSV; the others follow in the order first seen.
FIRST_COLUMNS = ("experiment", "machine", "name", "caches", "cycles", "us")


class UsageError(Exception):
    """A bad command line (exit status 2)."""


class RunError(Exception):
    """A build or an emulator run failed (exit status 1)."""


def add_common_arguments(p, name):
    p.add_argument("--quick", action="store_true",
                   help="one machine (ds5000-200 unless --machines says otherwise), fewer runs")
    p.add_argument("--out", default=os.path.join(ROOT, "results", name), metavar="DIR",
                   help="where the results go (default: results/%s)" % name)
    p.add_argument("--machines", metavar="M1,M2,...",
                   help="machines to measure (default: %s; --quick: ds5000-200)" % ",".join(MACHINES))
    p.add_argument("--timing-set", action="append", default=[], metavar="NAME=CYCLES",
                   help="passed to every emulator run (repeatable); emu --timing-table lists the names")
    p.add_argument("--no-build", action="store_true", help="use the build as it is (no tools/build)")


class Context:
    """The checked options, the build and how to run the emulator."""

    def __init__(self, args):
        self.build_dir = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
        self.emu = os.path.join(self.build_dir, "emu")
        if args.machines is None:
            self.machines = ["ds5000-200"] if args.quick else list(MACHINES)
        else:
            self.machines = [m for m in args.machines.split(",") if m]
            bad = [m for m in self.machines if m not in MACHINES]
            if bad or not self.machines:
                raise UsageError("--machines: '%s' should be a comma-separated list of %s"
                                 % (args.machines, ", ".join(MACHINES)))
        for spec in args.timing_set:
            if not re.fullmatch(r"[A-Za-z0-9_]+=(0x[0-9a-fA-F]+|[0-9]+)", spec):
                raise UsageError("--timing-set: '%s' should look like mem_read=7 (NAME=CYCLES)" % spec)
        self.timing_set = list(args.timing_set)
        out = args.out
        if os.path.exists(out) and not os.path.isdir(out):
            raise UsageError("--out: %s is not a directory" % out)
        try:
            os.makedirs(out, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=out):
                pass
        except OSError as e:
            raise UsageError("--out: %s: %s" % (out, e.strerror or e))
        if not args.no_build:
            self.build(out)
        if not os.path.isfile(self.emu):
            raise RunError("%s: not built (run tools/build, or drop --no-build)" % self.emu)
        self.checked_timing = False

    def build(self, out):
        log = os.path.join(out, "build.log")
        with open(log, "w") as f:
            r = subprocess.run([os.path.join(ROOT, "tools", "build")], stdout=f, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            raise RunError("tools/build failed (its output: %s)" % log)

    def run(self, machine, kernel, append, timeout=600):
        """Boot `kernel` on `machine` with boot arguments `append`; return (stats, console).
        The run must end with exit status 0."""
        with tempfile.TemporaryDirectory() as tmp:
            stats_path = os.path.join(tmp, "stats.json")
            cmd = [self.emu, "--machine", machine, "--kernel", kernel, "--append", append, "--stats", stats_path]
            for spec in self.timing_set:
                cmd += ["--timing-set", spec]
            try:
                r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise RunError("%s: did not finish within %d s" % (" ".join(cmd), timeout))
            if r.returncode == 2 and self.timing_set:  # a bad --timing-set name: emu says which
                raise UsageError(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "emu refused the options")
            if r.returncode != 0:
                tail = "\n".join((r.stdout + r.stderr).strip().splitlines()[-5:])
                raise RunError("%s: exit status %d\n%s" % (" ".join(cmd), r.returncode, tail))
            with open(stats_path) as f:
                return json.load(f), r.stdout


def write_results(out, rows, markdown):
    for row in rows:
        missing = [c for c in FIRST_COLUMNS if c not in row]
        assert not missing, "row %r lacks %s" % (row, missing)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(rows, f, indent=1)
        f.write("\n")
    columns = list(FIRST_COLUMNS)
    for row in rows:
        columns += [k for k in row if k not in columns]
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(markdown)


def thousands(n):
    return "{:,}".format(n)
