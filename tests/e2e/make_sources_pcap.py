#!/usr/bin/env python3
"""Writes a pcap of N 60-byte UDP frames, each from its own IPv4 source
(10.0.0.0/8), one per millisecond unless told otherwise: for the
cardinality tests.

usage: make_sources_pcap.py PATH N [--per-second R] [--distinct-destinations]
  --per-second R            R frames per second of capture time (default 1000)
  --distinct-destinations   each frame also to its own destination (11.0.0.0/8)
                            instead of 192.0.2.1
N is at most 2^24.
"""
import struct
import sys


def main(argv):
    args = argv[1:]
    per_second, distinct_dst = 1000, False
    if "--distinct-destinations" in args:
        args.remove("--distinct-destinations")
        distinct_dst = True
    if "--per-second" in args:
        i = args.index("--per-second")
        per_second = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2 or per_second <= 0 or not 0 <= int(args[1]) <= 1 << 24:
        sys.exit(__doc__)
    path, n = args[0], int(args[1])
    payload = b"x" * 18
    udp = struct.pack("!HHHH", 40000, 53, 8 + len(payload), 0) + payload
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        out = bytearray()
        for i in range(n):
            src = bytes([10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF])
            dst = bytes([11, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF]) \
                if distinct_dst else bytes([192, 0, 2, 1])
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, src,
                             dst) + udp
            frame = b"\x02\x00\x00\x00\x00\x01" + b"\x02\x00\x00\x00\x00\x02" + b"\x08\x00" + ip
            ts_us = 1700000000_000000 + i * 1000000 // per_second
            out += struct.pack("<IIII", ts_us // 1000000, ts_us % 1000000, len(frame), len(frame))
            out += frame
            if len(out) > 1 << 20:
                f.write(out)
                out.clear()
        f.write(out)


main(sys.argv)
