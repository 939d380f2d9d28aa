#!/usr/bin/env python3
"""Writes a pcap of N UDP frames, each from its own IPv4 source, one per
millisecond: for the cardinality test."""
import struct
import sys

path, n = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i in range(n):
        src = bytes([10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF])
        payload = b"x" * 18
        udp = struct.pack("!HHHH", 40000, 53, 8 + len(payload), 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, src,
                         bytes([192, 0, 2, 1])) + udp
        frame = b"\x02\x00\x00\x00\x00\x01" + b"\x02\x00\x00\x00\x00\x02" + b"\x08\x00" + ip
        ts_us = 1700000000_000000 + i * 1000
        f.write(struct.pack("<IIII", ts_us // 1000000, ts_us % 1000000, len(frame), len(frame)))
        f.write(frame)
