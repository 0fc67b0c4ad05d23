#!/usr/bin/env python3
"""Host-side reference for the benchmark guest (guest/bench/bench.cpp).

Recomputes every checksum line the guest prints, independently of the guest code: the
CRC with zlib, the sort with Python's sorted(), memcpy/memmove/strcpy as slice copies,
fib iteratively and Ackermann(3, n) by its closed form 2^(n+3) - 3. Only the input
definitions (LCG seeds, sizes, round counts, mixing function) are shared with the guest.

usage: bench_reference.py [--scale N] [--check FILE]
  prints the expected console output for BENCH_SCALE = N (default 1); with --check,
  compares it with FILE (e.g. tests/guest/expected/bench_small.out) and exits 1 on a
  difference.
"""
import argparse
import sys
import zlib

M32 = 0xFFFFFFFF

# Must match guest/bench/bench.cpp.
CRC_ROUNDS, SORT_ROUNDS, MAT_ROUNDS, COPY_ROUNDS, REC_ROUNDS = 55, 14, 16, 128, 21
CRC_LEN, SORT_LEN, MAT, COPY_LEN, TEXT_LEN = 16384, 4096, 40, 8192, 2000
FIB_N, ACK_M, ACK_N = 20, 3, 5


class Lcg:
    """Numerical Recipes LCG x' = 1664525 x + 1013904223 (mod 2^32)."""

    def __init__(self, seed):
        self.x = seed

    def next(self):
        self.x = (self.x * 1664525 + 1013904223) & M32
        return self.x

    def byte(self):
        return self.next() >> 24


def mix(h, v):
    return (h * 31 + v) & M32


def fnv1a(h, data):
    for b in data:
        h = ((h ^ b) * 16777619) & M32
    return h


def crc32(scale):
    rng = Lcg(0x12345678)
    buf = bytes(rng.byte() for _ in range(CRC_LEN))
    crc = 0
    for _ in range(CRC_ROUNDS * scale):
        crc = zlib.crc32(buf, crc)
    return crc


def qsort(scale):
    rng = Lcg(0xC0FFEE01)
    h = 0
    for _ in range(SORT_ROUNDS * scale):
        for v in sorted(rng.next() for _ in range(SORT_LEN)):
            h = mix(h, v)
    return h


def matmul(scale):
    rng = Lcg(0xBEEF0001)
    h = 0
    for _ in range(MAT_ROUNDS * scale):
        a = [[rng.byte() - 128 for _ in range(MAT)] for _ in range(MAT)]
        b = [[rng.byte() - 128 for _ in range(MAT)] for _ in range(MAT)]
        bt = list(zip(*b))
        for i in range(MAT):
            row = a[i]
            for j in range(MAT):
                s = sum(x * y for x, y in zip(row, bt[j]))
                h = mix(h, s & M32)
    return h


def copies(scale):
    rng = Lcg(0x5EED0001)
    src = bytes(rng.byte() for _ in range(COPY_LEN))
    text = bytes(32 + rng.byte() % 95 for _ in range(TEXT_LEN))
    dst = bytearray(COPY_LEN + 16)
    tdst = bytearray(TEXT_LEN + 16)
    hm = hs = 0
    for r in range(COPY_ROUNDS * scale):
        a, b = r & 3, (r >> 2) & 3
        dst[a:a + COPY_LEN - 8] = src[b:b + COPY_LEN - 8]
        half = COPY_LEN // 2
        dst[3:3 + half] = bytes(dst[0:half])
        dst[1:1 + half] = bytes(dst[6:6 + half])
        x, y = bytes(dst[1:65]), src[:64]
        mc = (x > y) - (x < y)
        hm = mix(hm, dst[(r * 131) % COPY_LEN])
        hm = mix(hm, mc & M32)

        s = text[b:]  # strcpy copies the string and its NUL
        tdst[a:a + len(s) + 1] = s + b"\0"
        hs = mix(hs, len(s))
        hs = mix(hs, 0 if bytes(tdst[a:a + len(s)]) == s else 1)
        hs = mix(hs, tdst[(r * 7) % TEXT_LEN])
    return fnv1a(hm, dst), fnv1a(hs, tdst)


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def ackermann3(n):
    return 2 ** (n + 3) - 3


def expected_output(scale):
    rounds = REC_ROUNDS * scale
    mem, string = copies(scale)
    assert ACK_M == 3
    lines = [
        f"bench scale {scale}",
        f"crc32 0x{crc32(scale):08x}",
        f"qsort 0x{qsort(scale):08x}",
        f"matmul 0x{matmul(scale):08x}",
        f"memcpy 0x{mem:08x}",
        f"strcpy 0x{string:08x}",
        f"fib 0x{(fib(FIB_N) * rounds) & M32:08x}",
        f"ackermann 0x{(ackermann3(ACK_N) * rounds) & M32:08x}",
        "bench done",
    ]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--check", metavar="FILE")
    args = ap.parse_args()
    if args.scale < 1:
        ap.error("--scale must be at least 1")
    out = expected_output(args.scale)
    if not args.check:
        sys.stdout.write(out)
        return 0
    try:
        with open(args.check, encoding="ascii") as f:
            have = f.read()
    except OSError as e:
        print(f"bench_reference.py: cannot read {args.check}: {e.strerror}", file=sys.stderr)
        return 2
    if have != out:
        print(f"{args.check} differs from the host reference:\n--- expected\n{out}--- file\n{have}",
              file=sys.stderr)
        return 1
    print(f"{args.check} matches the host reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
