#!/usr/bin/env python3
"""send_pcap.py IFACE FILE: sends every frame of a classic pcap file on
IFACE through an AF_PACKET socket, as fast as it can (a burst)."""
import socket
import struct
import sys

iface, path = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    data = f.read()
magic = struct.unpack_from("<I", data)[0]
order = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
pos, sent = 24, 0
while pos + 16 <= len(data):
    _, _, incl, _ = struct.unpack_from(order + "IIII", data, pos)
    pos += 16
    s.send(data[pos:pos + incl])
    pos += incl
    sent += 1
print(sent)
