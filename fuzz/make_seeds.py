#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from the shared captures (never committed).

usage: make_seeds.py PCAP_DIR WORK_DIR
  capture_reader/   captures up to 64 KiB, as they are
  link_rebuild/     frames: 1 byte link-type choice, 4 bytes wire length, bytes
  filter_translate/ classic BPF of tcpdump expressions (tcpdump -ddd), binary
"""
import os
import shutil
import struct
import subprocess
import sys

MAX_SEED = 65536
EXPRESSIONS = ["tcp port 80", "udp and not port 53", "vlan and tcp", "ip6 protochain 58",
               "icmp[icmptype] == icmp-echo", "greater 1000", "ip[2:2] / (ip[1] & 3) > 100",
               "not arp", "ether[12:2] < 0x0600", "tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420",
               "ip6 net 2001:db8::/32", "mpls", "pppoes"]


def pcap_frames(path):
    """Frames of a classic pcap file (pcapng is left to the capture_reader seeds)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    endian = {b"\xd4\xc3\xb2\xa1": "<", b"\x4d\x3c\xb2\xa1": "<",
              b"\xa1\xb2\xc3\xd4": ">", b"\xa1\xb2\x3c\x4d": ">"}.get(magic)
    if not endian:
        return
    pos = 24
    while pos + 16 <= len(data):
        _, _, caplen, wirelen = struct.unpack(endian + "IIII", data[pos:pos + 16])
        yield wirelen, data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen


def main():
    pcaps, work = sys.argv[1], sys.argv[2]
    count = 0
    for name in sorted(os.listdir(pcaps)):
        path = os.path.join(pcaps, name)
        if not name.endswith((".pcap", ".pcapng", ".cap")) or os.path.getsize(path) > MAX_SEED:
            continue
        shutil.copy(path, os.path.join(work, "capture_reader", name))
        for index, (wirelen, frame) in enumerate(pcap_frames(path)):
            if index >= 5:
                break
            seed = bytes([count % 7]) + struct.pack("<I", wirelen) + frame
            with open(os.path.join(work, "link_rebuild", f"{name}-{index}"), "wb") as f:
                f.write(seed)
            count += 1
    for i, expr in enumerate(EXPRESSIONS):
        out = subprocess.run(["tcpdump", "-ddd", expr], capture_output=True, text=True)
        if out.returncode != 0:
            continue
        lines = out.stdout.split("\n")[1:]
        insns = [tuple(int(x) for x in line.split()) for line in lines if line.strip()]
        blob = b"".join(struct.pack("<HBBI", *insn) for insn in insns)
        with open(os.path.join(work, "filter_translate", f"expr-{i}"), "wb") as f:
            f.write(blob)


if __name__ == "__main__":
    main()
