#!/usr/bin/env python3
"""tools/setup waits for apt's lock instead of failing (issue 9), without touching the real
apt: a PATH of stand-ins for dpkg-query (every package missing), sudo (runs its command) and
apt-get (says another process holds the lock for its first N calls, as apt 2.6 words it,
then succeeds; or fails for another reason). Checks:

  waits      the lock is freed after two tries: setup says what it waits for, retries, and
             installs (exit 0)
  gives_up   the lock is never freed: setup gives up after SETUP_LOCK_WAIT seconds (bash
             counts whole seconds: a little less in real time), non-zero
  other      a failure that is not a lock: reported at once, no retry, non-zero
  real_apt   the real apt-get, pointed at a lists directory of our own (no sources, its own
             cache) whose lock this test holds: its words are the ones setup waits on

usage: setup_test.py SETUP
"""
import fcntl
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

SETUP = sys.argv[1]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


FAKE_APT = r"""#!/bin/bash
echo "$*" >>"$FAKE_APT_DIR/log"
n=$(wc -l <"$FAKE_APT_DIR/log")
if [ "$FAKE_APT_MODE" = other ]; then
  echo "E: Unable to locate package cmake" >&2; exit 100
fi
if [ "$n" -le "$FAKE_APT_LOCKED" ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
  echo "E: Unable to lock directory /var/lib/apt/lists/" >&2
  exit 100
fi
exit 0
"""


def stand_ins(d):
    for name, text in [("apt-get", FAKE_APT), ("dpkg-query", "#!/bin/sh\nexit 1\n"),
                       ("sudo", '#!/bin/sh\nexec "$@"\n')]:
        p = os.path.join(d, name)
        with open(p, "w") as f:
            f.write(text)
        os.chmod(p, os.stat(p).st_mode | stat.S_IXUSR)


def run(mode, locked, wait):
    d = tempfile.mkdtemp(prefix="emu-setup-test-")
    stand_ins(d)
    open(os.path.join(d, "log"), "w").close()
    env = dict(os.environ, PATH=d + ":" + os.environ["PATH"], FAKE_APT_DIR=d, FAKE_APT_MODE=mode,
               FAKE_APT_LOCKED=str(locked), SETUP_LOCK_WAIT=str(wait))
    t0 = time.monotonic()
    r = subprocess.run([SETUP], env=env, capture_output=True, text=True, timeout=60)
    calls = open(os.path.join(d, "log")).read().splitlines()
    return r, calls, time.monotonic() - t0


r, calls, _ = run("lock", 2, 60)
check(r.returncode == 0, f"lock freed after two tries: exit 0 (got {r.returncode}: {r.stderr.strip()[-300:]})")
check("waiting for another apt-get or dpkg" in r.stderr and "/var/lib/apt/lists/lock" in r.stderr
      and "4242 (apt-get)" in r.stderr, f"says what it waits for: {r.stderr.strip()[:300]!r}")
check(r.stderr.count("waiting for") == 1, "says it once")
check([c.split()[0] for c in calls] == ["update", "update", "update", "install"],
      f"update retried until the lock is free, then install: {calls}")

r, calls, secs = run("lock", 1000, 3)
check(r.returncode != 0, f"lock never freed: non-zero exit (got {r.returncode})")
check("gave up after 3 s" in r.stderr, f"says it gave up: {r.stderr.strip()[-300:]!r}")
check(2 <= len(calls) <= 4 and 2 <= secs < 20, f"bounded: {len(calls)} tries in {secs:.1f} s")

r, calls, secs = run("other", 0, 60)
check(r.returncode != 0 and "Unable to locate package" in r.stderr and len(calls) == 1 and secs < 10,
      f"another failure: at once, non-zero, apt's message shown (exit {r.returncode}, {len(calls)} calls)")

# The real apt-get's words for a held lock (fcntl, as apt takes it), on a copy: a lists
# directory, cache and empty source list of our own, so nothing of the machine's is touched.
if shutil.which("apt-get"):
    d = tempfile.mkdtemp(prefix="emu-setup-apt-")
    for sub in ["lists/partial", "cache/archives/partial", "sources.list.d"]:
        os.makedirs(os.path.join(d, sub))
    open(os.path.join(d, "sources.list"), "w").close()
    with open(os.path.join(d, "lists", "lock"), "w") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX)
        r = subprocess.run(["apt-get", "update", "-qq", "-o", f"Dir::State::Lists={d}/lists/",
                            "-o", f"Dir::Cache={d}/cache/", "-o", f"Dir::Etc::SourceList={d}/sources.list",
                            "-o", f"Dir::Etc::SourceParts={d}/sources.list.d/"],
                           capture_output=True, text=True, timeout=60)
    pattern = re.search(r'grep -qE "([^"]*)"', open(SETUP).read()).group(1)
    check(r.returncode != 0 and re.search(pattern, r.stderr) is not None,
          f"real apt-get with its lists' lock held: status {r.returncode}, {r.stderr.strip()!r} matches {pattern!r}")
    shutil.rmtree(d, ignore_errors=True)
else:
    print("skip real_apt: no apt-get here")

print("FAIL" if failures else "PASS")
sys.exit(1 if failures else 0)
