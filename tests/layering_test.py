#!/usr/bin/env python3
"""The host libraries' layering (emu/CMakeLists.txt) as the sources' #include lines show it:
emu_base (emu/common, emu/sched, emu/mem, emu/state) and emu_devices (devices/) never include a
header of a library above them. Prints each offending line and exits 1.
Usage: layering_test.py SOURCE_DIR"""
import pathlib
import re
import sys

BASE = ("emu/common/", "emu/sched/", "emu/mem/", "emu/state/")
# What each lower layer may include from this tree besides itself. Header-only interfaces
# that sit in a folder of a higher layer are named one by one.
ALLOWED = {
    "emu_base": BASE + ("devices/device.h",),  # the interface a bus maps
    "emu_devices": BASE + ("devices/", "emu/net/ethernet.h"),  # a NIC's port to the wire
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer(rel):
    if rel.startswith(BASE):
        return "emu_base"
    if rel.startswith("devices/"):
        return "emu_devices"
    return None


def main():
    root = pathlib.Path(sys.argv[1])
    bad, checked = [], 0
    for path in sorted(root.glob("emu/**/*")) + sorted(root.glob("devices/**/*")):
        rel = path.relative_to(root).as_posix()
        name = layer(rel)
        if name is None or path.suffix not in (".h", ".cpp"):
            continue
        checked += 1
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = INCLUDE.match(line)
            if m and "/" in m.group(1) and not m.group(1).startswith(ALLOWED[name]):
                bad.append(f"{rel}:{n}: {name} includes {m.group(1)}, from a layer above it")
    for b in bad:
        print(b)
    print(f"layering: {checked} files of emu_base and emu_devices, {len(bad)} includes from above")
    return 1 if bad or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
