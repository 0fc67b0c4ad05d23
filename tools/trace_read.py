#!/usr/bin/env python3
"""A reader for emu's cycle traces (format 1.x, traces/README.md "Cycle traces").

Standard library only: copy it. As a program it prints the header and a summary
(instructions, cycles by cause, events) or, with --records, every record:

    tools/trace_read.py run.trace
    tools/trace_read.py --records run.trace | head

As a module: `Trace(path)` has .header (a dict) and .records() (dicts, times absolute).
"""
import struct
import sys
import zlib

TYPES = {1: "BLOCK", 2: "END", 3: "STALL", 4: "CYCLES", 5: "MEM", 6: "CACHE", 7: "EXC", 8: "TLBW",
         9: "DEV", 10: "DMA", 11: "FRAME", 12: "REGION", 13: "MARKER", 14: "CONTEXT", 15: "COUNTERS",
         16: "NOTE"}


class TraceError(Exception):
    pass


class Bytes:
    """A cursor over bytes with the format's varints."""

    def __init__(self, data):
        self.d, self.p = data, 0

    def done(self):
        return self.p >= len(self.d)

    def byte(self):
        if self.p >= len(self.d):
            raise TraceError("cut short")
        self.p += 1
        return self.d[self.p - 1]

    def uv(self):
        v = shift = 0
        while True:
            b = self.byte()
            v |= (b & 0x7F) << shift
            if not b & 0x80:
                return v
            shift += 7
            if shift > 63:
                raise TraceError("varint too long")

    def sv(self):
        v = self.uv()
        return (v >> 1) ^ -(v & 1)

    def raw(self, n):
        if self.p + n > len(self.d):
            raise TraceError("cut short")
        self.p += n
        return self.d[self.p - n:self.p]

    def str(self):
        return self.raw(self.uv()).decode("utf-8", "replace")


class Trace:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = f.read()
        d = self.data
        if d[:8] != b"EMUTRACE":
            raise TraceError("not an emu trace")
        major, minor, csize, usize, crc = struct.unpack_from("<HHIII", d, 8)
        if major != 1:
            raise TraceError(f"format version {major}.{minor}, this reader reads 1.x")
        if len(d) < 24 + csize + 24 or d[-8:] != b"EMUTEND\0":
            raise TraceError("truncated (no trailer)")
        block = zlib.decompress(d[24:24 + csize])
        if len(block) != usize or zlib.crc32(block) != crc:
            raise TraceError("corrupt header")
        self.header = self._header(Bytes(block))
        index_off, self.record_count = struct.unpack_from("<QQ", d, len(d) - 24)
        if d[index_off:index_off + 4] != b"INDX":
            raise TraceError("corrupt index")
        (n,) = struct.unpack_from("<I", d, index_off + 4)
        self.chunks = [struct.unpack_from("<QQQ", d, index_off + 8 + 24 * i) for i in range(n)]

    @staticmethod
    def _header(b):
        h = {"timing_table": [], "argv": [], "causes": [], "images": []}
        while not b.done():
            tag, n = b.uv(), b.uv()
            f = Bytes(b.raw(n))
            if tag == 1: h["machine"] = f.d.decode()
            elif tag == 2: h["cpu_hz"] = f.uv()
            elif tag == 3: h["timing"] = bool(f.uv())
            elif tag == 4: h["timing_table"].append((f.str(), f.uv()))
            elif tag == 5: h["argv"].append(f.d.decode("utf-8", "replace"))
            elif tag == 6: h["classes"] = f.uv()
            elif tag == 7: h["node"], h["instance"], h["mac"] = f.uv(), f.uv(), f.str()
            elif tag == 8: h["causes"].append(f.d.decode())
            elif tag == 9:
                img = {"path": f.str(), "entry": f.uv(), "symbols": []}
                for _ in range(f.uv()):
                    value, size, flags = f.uv(), f.uv(), f.byte()
                    img["symbols"].append((value, size, bool(flags & 1), f.str()))
                h["images"].append(img)
            elif tag == 10: h["start"] = f.d.decode()
            elif tag == 11: h["stop"] = f.d.decode()
            # other tags: a later minor version's, skipped
        return h

    def records(self):
        """Every record as a dict; 'time' is the cycle (in a block: the block's start)."""
        for off, first_cycle, _ in self.chunks:
            magic, csize, usize, crc, _, _, count = struct.unpack_from("<4sIIIQQI", self.data, off)
            if magic != b"CHNK":
                raise TraceError(f"chunk at {off}: no CHNK magic")
            raw = zlib.decompress(self.data[off + 36:off + 36 + csize])
            if len(raw) != usize or zlib.crc32(raw) != crc:
                raise TraceError(f"chunk at {off}: corrupt")
            b = Bytes(raw)
            t, va, off_va, mva, moff, block_t = first_cycle, 0, 0, 0, 0, None
            for _ in range(count):
                kind = b.byte()
                r = {"type": TYPES.get(kind, kind)}
                if kind in (1, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16):
                    t += b.sv()
                    r["time"] = t
                else:
                    r["time"] = block_t
                if kind == 1:
                    va = (va + b.sv()) & 0xFFFFFFFF
                    off_va = (off_va + b.sv()) & 0xFFFFFFFF
                    r.update(va=va, pa=(va - off_va) & 0xFFFFFFFF)
                    block_t = t
                elif kind == 2: r.update(n=b.uv(), faulted=bool(b.byte() & 1))
                elif kind == 3: r.update(k=b.uv(), cause=self.header["causes"][b.byte()], cycles=b.uv())
                elif kind == 4: r.update(cause=self.header["causes"][b.byte()], cycles=b.uv())
                elif kind == 5:
                    r.update(k=b.uv(), kind=b.byte())
                    mva = (mva + b.sv()) & 0xFFFFFFFF
                    moff = (moff + b.sv()) & 0xFFFFFFFF
                    r.update(va=mva, pa=(mva - moff) & 0xFFFFFFFF)
                elif kind == 6: r.update(k=b.uv(), kind=b.byte(), pa=b.uv())
                elif kind == 7: r.update(code=b.byte(), flags=b.byte(), epc=b.uv(), vector=b.uv(), badvaddr=b.uv())
                elif kind == 8: r.update(index=b.byte(), entry_hi=b.uv(), entry_lo=b.uv())
                elif kind == 9: r.update(kind=b.byte(), pa=b.uv(), value=b.uv())
                elif kind == 10: r.update(pa=b.uv(), length=b.uv())
                elif kind == 11:
                    r.update(dir=b.byte(), ps=b.uv(), length=b.uv())
                    r.update(crc=struct.unpack("<I", b.raw(4))[0], head=b.raw(b.uv()))
                elif kind == 12: r.update(edge=b.byte(), id=b.uv())
                elif kind in (13, 14): r.update(value=b.uv())
                elif kind == 15:
                    r.update(what=b.byte(), instructions=b.uv(), faulted=b.uv())
                    r["causes"] = dict(zip(self.header["causes"], [b.uv() for _ in range(b.uv())]))
                elif kind == 16: r.update(what=b.byte(), text=b.str())
                else:
                    raise TraceError(f"unknown record type {kind}")
                yield r


def summary(tr):
    h = tr.header
    print(f"machine {h.get('machine')} at {h.get('cpu_hz')} Hz, command: {' '.join(h['argv'])}")
    for img in h["images"]:
        print(f"image {img['path']}: {len(img['symbols'])} symbols")
    insns, by_cause, events = 0, {c: 0 for c in h["causes"]}, {}
    for r in tr.records():
        if r["type"] == "END":
            insns += r["n"] - r["faulted"]
            by_cause["issue"] += r["n"]
        elif r["type"] in ("STALL", "CYCLES"):
            by_cause[r["cause"]] += r["cycles"]
        elif r["type"] not in ("BLOCK",):
            events[r["type"]] = events.get(r["type"], 0) + 1
    print(f"instructions {insns}, cycles {sum(by_cause.values())}")
    print("cycles by cause: " + ", ".join(f"{k} {v}" for k, v in by_cause.items()))
    print("events: " + ", ".join(f"{k} {v}" for k, v in sorted(events.items())))


def main():
    args = sys.argv[1:]
    records = "--records" in args
    args = [a for a in args if a != "--records"]
    if len(args) != 1:
        sys.exit("usage: trace_read.py [--records] FILE")
    try:
        tr = Trace(args[0])
        if records:
            for r in tr.records():
                print(r)
        else:
            summary(tr)
    except (TraceError, zlib.error, struct.error, IndexError, UnicodeDecodeError) as e:
        sys.exit(f"trace_read.py: {args[0]}: {e}")
    except BrokenPipeError:
        pass


if __name__ == "__main__":
    main()
