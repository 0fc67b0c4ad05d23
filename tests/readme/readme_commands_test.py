#!/usr/bin/env python3
"""The README's commands, run as written (issue 9: "README examples must work as written").

Every command in a ``` block of README.md that starts with `build/emu` or `tools/` (with its
`\\` continuation lines) is run by bash, with a time limit, from a directory that stands for
the source tree: links to every top-level entry of the source tree, and `build` linking to
the build directory (paths under /tmp/ are moved into that directory). A command must exit
with status 0; one ending in `&` runs in the
background while the block's next commands run (a listening server), and is waited for at
the end of its block. Lines of a block after a command that are neither a command nor a `#`
comment are output the README shows: each must appear in that command's output (stdout and
stderr), in order. A command written as a bare `emu` (not on anyone's PATH) fails, and so
does an unmarked one that would build or rewrite the tree (tools/build, test, setup,
reference, fuzz, linux; tools/demo, tools/bench and tools/experiment without --no-build):
those are never run here.

Markers (HTML comments in README.md, so that every exception is visible in the source and
counted here):
  <!-- readme-test: skip REASON -->       the next block is not run (interactive, needs
                                          root, takes minutes, rewrites the tree ...)
  <!-- readme-test: reference FILE -->    the next block shows figures from FILE (a path
                                          in the source tree, e.g. traces/reference/...):
                                          each output line shown, without a `[k] ` machine
                                          prefix, must also be a line of FILE
  <!-- readme-test: table FILE:COLUMN... rows KEY... -->
                                          the next table quotes a `KEY VALUE` reference
                                          file per listed column (1 = the first): data row
                                          i holds KEY i's value (`a/b` keys: cells `x / y`,
                                          or `x` when both are x);
                                          rows beyond the keys are not checked

usage: readme_commands_test.py SOURCE_DIR BUILD_DIR [TIMEOUT_SECONDS]
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

SOURCE, BUILD = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TIMEOUT = float(sys.argv[3]) if len(sys.argv) > 3 else 120
README = os.path.join(SOURCE, "README.md")
COMMAND = re.compile(r"^(build/emu|tools/)")
BARE_EMU = re.compile(r"^emu\s")
# Commands that build into, or rewrite, the tree the test runs in: never run here, and a
# README block holding one must carry a skip marker (tools/demo and tools/bench build
# unless given --no-build, and so does tools/experiment).
BUILDS = re.compile(r"^tools/(build|test|setup|reference|fuzz|linux)\b|^tools/(demo|bench|experiment)\b(?!.*--no-build)")
MARKER = re.compile(r"<!--\s*readme-test:\s*(skip|reference)\s+(.*?)\s*-->")
TABLE_MARKER = re.compile(r"<!--\s*readme-test:\s*table\s+(.*?)\s+rows\s+(.*?)\s*-->")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def blocks(text):
    """[(first line number, lines, markers)] for every ``` block; markers: {kind: [args]} of
    the marker comments between the previous block and this one."""
    out, markers, lines, start, inside = [], {}, [], 0, False
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            if inside:
                out.append((start, lines, markers))
                markers = {}
            else:
                lines, start = [], n + 1
            inside = not inside
        elif inside:
            lines.append(line)
        else:
            for kind, arg in MARKER.findall(line):
                markers.setdefault(kind, []).append(arg)
    return out


def commands(start, lines):
    """[(README line number, command text, [shown output lines])] of a block's lines."""
    out, i = [], 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if BARE_EMU.match(line):
            check(False, f"README line {start + i - 1}: `emu` is not on anyone's PATH: write build/emu")
            continue
        if not COMMAND.match(line):
            if line and not line.startswith("#") and out:
                out[-1][2].append(line)
            continue
        where, cmd = start + i - 1, line
        while cmd.endswith("\\") and i < len(lines):
            cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
            i += 1
        out.append((where, cmd, []))
    return out


def strip_comment(cmd):
    """The command without a trailing `# comment` (bash would ignore it; we keep it out of
    the messages)."""
    return re.sub(r"\s+#\s[^\"']*$", "", cmd)


def shows(output, expected):
    """Does every expected line appear in output, in order (after stripping spaces)?"""
    got = [l.strip() for l in output.replace("\r", "").splitlines()]
    k = 0
    for e in expected:
        while k < len(got) and got[k] != e:
            k += 1
        if k == len(got):
            return e
        k += 1
    return None


def check_tables(text):
    """The tables marked as quoting reference files (see the module's docstring)."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        m = TABLE_MARKER.search(line)
        if not m:
            continue
        rows, k = [], n + 1
        while k < len(lines) and not lines[k].startswith("|"):
            k += 1
        while k < len(lines) and lines[k].startswith("|"):
            rows.append([c.strip() for c in lines[k].strip().strip("|").split("|")])
            k += 1
        rows = rows[2:]  # the header and the |---| line
        keys = m.group(2).split()
        check(len(rows) >= len(keys), f"README line {n + 1}: a table with {len(keys)} rows follows the marker")
        for spec in m.group(1).split():
            ref, col = spec.rsplit(":", 1)
            values = {}
            for l in open(os.path.join(SOURCE, ref)):
                f = l.split()
                if len(f) == 2:
                    values[f[0]] = f[1]
            for key, row in zip(keys, rows):
                cell = row[int(col) - 1] if int(col) <= len(row) else ""
                got = [values.get(k, "?") for k in key.split("/")]
                want = got[0] if len(set(got)) == 1 and " / " not in cell else " / ".join(got)
                check(cell == want, f"README line {n + 1}: {key} = {cell!r} in the table, {want!r} in {ref}")


def stand_in_tree():
    d = tempfile.mkdtemp(prefix="emu-readme-")
    for name in os.listdir(SOURCE):
        if name != "build":
            os.symlink(os.path.join(SOURCE, name), os.path.join(d, name))
    os.symlink(BUILD, os.path.join(d, "build"))
    os.mkdir(os.path.join(d, "tmp"))
    return d


def start(cwd, env, command):
    """bash -c COMMAND in a process group of its own, so that a time-out ends all of it."""
    return subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def finish(p):
    """(output, exit status or a time-out message) of a started command."""
    try:
        out, _ = p.communicate(timeout=TIMEOUT)
        return out, p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        return p.communicate()[0], f"timeout after {TIMEOUT:.0f} s"


def run_block(cwd, cmds):
    """Run a block's commands; files the README puts in /tmp/ go to a directory of this run's
    own instead (so that two test runs at once do not share a socket)."""
    env = dict(os.environ, BUILD_DIR=os.path.join(cwd, "build"))
    background = []
    for where, cmd, shown in cmds:
        c = strip_comment(cmd)
        if BUILDS.match(c):
            check(False, f"README line {where}: `{c}` builds or rewrites the tree: mark its block "
                         "<!-- readme-test: skip REASON -->")
            continue
        run = c.replace("/tmp/", os.path.join(cwd, "tmp") + "/")
        if c.endswith("&"):
            background.append((where, c, shown, start(cwd, env, run[:-1])))
            continue
        out, status = finish(start(cwd, env, run))
        judge(where, c, status, out, shown)
    for where, c, shown, p in background:
        out, status = finish(p)
        judge(where, c, status, out, shown)


def judge(where, cmd, status, out, shown):
    check(status == 0, f"README line {where}: `{cmd}` exits 0 (got {status}){tail(out) if status != 0 else ''}")
    if shown:
        missing = shows(out, shown)
        check(missing is None, f"README line {where}: `{cmd}` prints what the README shows"
                               + (f" (missing: {missing!r}){tail(out)}" if missing else ""))


def tail(out):
    lines = out.strip().splitlines()[-6:]
    return "".join("\n      | " + l for l in lines)


def main():
    text = open(README).read()
    check_tables(text)
    cwd = stand_in_tree()
    ran = skipped = 0
    try:
        for start, lines, markers in blocks(text):
            cmds = commands(start, lines)
            if not cmds:
                continue
            for ref in markers.get("reference", []):
                path = os.path.join(SOURCE, ref)
                have = set(l.strip() for l in open(path)) if os.path.isfile(path) else set()
                check(bool(have), f"README line {start}: reference file {ref} exists")
                for _, _, shown in cmds:
                    for s in shown:
                        s = re.sub(r"^\[\d+\] ", "", s)
                        check(s in have, f"README line {start}: {s!r} is in {ref}")
            if "skip" in markers:
                for where, cmd, _ in cmds:
                    print(f"skip README line {where}: `{strip_comment(cmd)}` ({'; '.join(markers['skip'])})")
                skipped += len(cmds)
                continue
            run_block(cwd, cmds)
            ran += len(cmds)
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    print(f"README commands: {ran} run, {skipped} skipped by a readme-test marker, {len(failures)} failed checks")
    check(ran > 0, "some README commands were run")
    print("FAIL" if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
