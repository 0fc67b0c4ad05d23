#!/usr/bin/env python3
"""Run a guest in emu with --screenshot and compare the picture, pixel by pixel, with an
expected PNG (tests/guest/expected/*.png). With --sdl the run uses --display sdl under
SDL's offscreen driver, and its cycle count (--stats) must equal a headless run's: the
display never changes the simulation.
Usage: screenshot_test.py [--sdl] EMU EXPECTED_PNG EMU_ARGS..."""
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib


def read_png(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB PNG with filter type 0 rows, as
    emu writes them (emu/display/png_writer.h)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"{path}: bad CRC in chunk {kind!r}")
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if (depth, colour, interlace) != (8, 2, 0):
                raise ValueError(f"{path}: not 8-bit RGB without interlace")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + 3 * width
    rows = []
    for y in range(height):
        row = raw[y * stride:(y + 1) * stride]
        if row[0] != 0:
            raise ValueError(f"{path}: row {y} uses filter {row[0]}")
        rows.append(row[1:])
    return width, height, rows


def run(emu, args, env=None):
    with tempfile.TemporaryDirectory() as tmp:
        shot, stats = os.path.join(tmp, "shot.png"), os.path.join(tmp, "stats.json")
        cmd = [emu, *args, "--screenshot", shot, "--stats", stats]
        print("running:", " ".join(cmd))
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=300)
        sys.stdout.write(p.stdout)
        sys.stderr.write(p.stderr)
        if p.returncode != 0:
            sys.exit(f"FAIL: emu exited with status {p.returncode}")
        return read_png(shot), json.load(open(stats))["cycles"]


def main():
    argv = sys.argv[1:]
    sdl = argv[:1] == ["--sdl"]
    if sdl:
        argv = argv[1:]
    emu, expected, args = argv[0], argv[1], argv[2:]
    (w, h, rows), cycles = run(emu, args)
    ew, eh, erows = read_png(expected)
    if (w, h) != (ew, eh):
        sys.exit(f"FAIL: screenshot is {w}x{h}, expected {ew}x{eh}")
    bad = [(y, x) for y in range(h) if rows[y] != erows[y] for x in range(w) if rows[y][3 * x:3 * x + 3] != erows[y][3 * x:3 * x + 3]]
    if bad:
        y, x = bad[0]
        sys.exit(f"FAIL: {len(bad)} pixels differ from {expected}; first at ({x}, {y}): "
                 f"{rows[y][3 * x:3 * x + 3].hex()} instead of {erows[y][3 * x:3 * x + 3].hex()}")
    if sdl:
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
        (_, _, srows), scycles = run(emu, [*args, "--display", "sdl"], env)
        if srows != rows:
            sys.exit("FAIL: the screenshot with --display sdl differs from the headless one")
        if scycles != cycles:
            sys.exit(f"FAIL: --display sdl ran {scycles} cycles, headless {cycles}")
    print(f"PASS: the screenshot matches {os.path.basename(expected)}" + (" (and with --display sdl)" if sdl else ""))


if __name__ == "__main__":
    main()
