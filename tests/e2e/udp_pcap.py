#!/usr/bin/env python3
"""Writes a pcap of 60-byte UDP frames, one per line of standard input:
"SECONDS MICROSECONDS SOURCE SPORT" (capture time; the source's last octet,
10.0.0.SOURCE; the UDP source port), each to 10.0.0.2:2000 with 18 bytes of
payload: for tests that need a few flows at chosen times.

usage: udp_pcap.py PATH < frames
"""
import struct
import sys


def frame(n, source, sport):
    payload = b"x" * 18
    udp = struct.pack("!HHHH", sport, 2000, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n & 0xFFFF, 0, 64, 17, 0,
                     bytes([10, 0, 0, source]), bytes([10, 0, 0, 2])) + udp
    return bytes.fromhex("020000000002020000000001") + b"\x08\x00" + ip


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    with open(argv[1], "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for n, line in enumerate(sys.stdin):
            seconds, micros, source, sport = (int(x) for x in line.split())
            eth = frame(n, source, sport)
            f.write(struct.pack("<IIII", seconds, micros, len(eth), len(eth)) + eth)


if __name__ == "__main__":
    main(sys.argv)
