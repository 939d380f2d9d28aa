#!/usr/bin/env python3
"""Crafted captures for the alert replay tests (tests/e2e/test_alerts_replay.sh).

    alert_pcaps.py DIR   writes DIR/dns_amplification.pcap, DIR/syn_flood.pcap,
                         DIR/benign_mix.pcap, DIR/rate_step.pcap (steady then 5x),
                         DIR/rate_step_only.pcap (the 5x part alone),
                         DIR/dns_amp_bursts.pcap, DIR/syn_flood_pause.pcap (attacks
                         with pauses), DIR/udp_share_low.pcap (all UDP, 500 pps),
                         DIR/new_destination.pcap (exfiltration to a new host),
                         DIR/new_destination_only.pcap (its last 10 s alone)
    alert_pcaps.py --flood FILE SECONDS PPS   a spoofed SYN flood (bench/flood.sh)

Deterministic (fixed seed, fixed clock from T0), so the events replay gives
are exact. Each second of traffic is spread evenly inside that second, so the
1 s intervals (which start at the first frame, T0) hold exactly what the
comments say.
"""
import random
import struct
import sys

T0 = 1700000000
MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def ipv4(src, dst, proto, payload):
    total = 20 + len(payload)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0, 64, proto, 0, ip4(src), ip4(dst))
    return hdr + payload


def udp(src, dst, sport, dport, size):
    body = bytes(size)
    return ipv4(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + size, 0) + body)


def tcp(src, dst, sport, dport, flags, size=0):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, flags, 65535, 0, 0)
    return ipv4(src, dst, 6, hdr + bytes(size))


SYN, ACK, PSH = 0x02, 0x10, 0x08


class Capture:
    def __init__(self):
        self.frames = []  # (time_s, frame)

    def second(self, sec, packets):
        """packets: IP packets sent during second `sec` after T0, spread evenly."""
        n = len(packets)
        for i, p in enumerate(packets):
            t = T0 + sec + (i + 0.5) / max(n, 1) * 0.98
            self.frames.append((t, MAC_B + MAC_A + b"\x08\x00" + p))

    def write(self, path):
        self.frames.sort(key=lambda f: f[0])
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            # The first frame at T0 exactly: intervals are T0 + k seconds.
            first = True
            for t, frame in self.frames:
                if first:
                    t, first = T0, False
                sec = int(t)
                usec = int(round((t - sec) * 1e6))
                f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame)


def dns_answers(count, victim, rng, resolvers):
    return [udp(resolvers[i % len(resolvers)], victim, 53, rng.randrange(1024, 65535), 300)
            for i in range(count)]


def dns_amplification(path):
    """10.10.10.10 gets 300-byte DNS answers from 600 resolvers, one each per
    second, during seconds 3..7: 600 sources and 1.6 Mbit/s of UDP from port
    53 per second. Before and after: one resolver, 5 answers a second."""
    rng = random.Random(11)
    c = Capture()
    resolvers = ["198.51.%d.%d" % (100 + i // 250, i % 250 + 1) for i in range(600)]
    for sec in range(14):
        pkts = dns_answers(5, "10.10.10.10", rng, ["192.0.2.53"])
        pkts += [udp("10.10.10.10", "192.0.2.53", 40000 + i, 53, 40) for i in range(5)]
        if 3 <= sec <= 7:
            pkts += dns_answers(600, "10.10.10.10", rng, resolvers)
        c.second(sec, pkts)
    c.write(path)


def syn_flood(path):
    """SYNs to 10.10.10.20:80 from random (spoofed) sources, 3000 a second
    during seconds 2..6; a normal client's connection throughout."""
    rng = random.Random(7)
    c = Capture()
    for sec in range(13):
        pkts = [tcp("192.0.2.7", "10.10.10.20", 50000, 80, ACK | PSH, 100) for _ in range(20)]
        if sec == 0:
            pkts[0] = tcp("192.0.2.7", "10.10.10.20", 50000, 80, SYN)
        if 2 <= sec <= 6:
            for _ in range(3000):
                src = "%d.%d.%d.%d" % (rng.randrange(1, 224), rng.randrange(256),
                                       rng.randrange(256), rng.randrange(1, 255))
                pkts.append(tcp(src, "10.10.10.20", rng.randrange(1024, 65535), 80, SYN))
        c.second(sec, pkts)
    c.write(path)


def benign_mix(path):
    """A bulk TCP download (one connection, 300 segments of 1400 bytes a
    second: 3.5 Mbit/s), DNS lookups, pings, 6 s."""
    rng = random.Random(3)
    c = Capture()
    for sec in range(6):
        pkts = []
        if sec == 0:
            pkts.append(tcp("10.10.10.30", "203.0.113.80", 45000, 443, SYN))
            pkts.append(tcp("203.0.113.80", "10.10.10.30", 443, 45000, SYN | ACK))
        pkts += [tcp("203.0.113.80", "10.10.10.30", 443, 45000, ACK, 1400) for _ in range(300)]
        pkts += [tcp("10.10.10.30", "203.0.113.80", 45000, 443, ACK) for _ in range(150)]
        for i in range(8):
            port = rng.randrange(1024, 65535)
            pkts.append(udp("10.10.10.30", "192.0.2.53", port, 53, 40))
            pkts.append(udp("192.0.2.53", "10.10.10.30", 53, port, 120))
        pkts.append(ipv4("10.10.10.30", "192.0.2.1", 1, bytes([8, 0]) + bytes(62)))
        c.second(sec, pkts)
    c.write(path)


def rate_step(path, steady_s, step_s):
    """UDP at 100 packets a second for steady_s seconds, then 500 a second
    (five times as many) for step_s seconds."""
    c = Capture()
    for sec in range(steady_s + step_s):
        n = 100 if sec < steady_s else 500
        c.second(sec, [udp("10.10.10.40", "192.0.2.9", 5000, 6000, 100) for _ in range(n)])
    c.write(path)


def dns_amp_bursts(path):
    """Three bursts of the DNS amplification above, 13 s apart: 600
    resolvers during seconds 2..4, 17..19 and 32..34; between them, one
    resolver at 5 answers a second. One attack: one start, one end."""
    rng = random.Random(13)
    c = Capture()
    resolvers = ["198.51.%d.%d" % (100 + i // 250, i % 250 + 1) for i in range(600)]
    for sec in range(40):
        pkts = dns_answers(5, "10.10.10.10", rng, ["192.0.2.53"])
        if sec % 15 in (2, 3, 4):
            pkts += dns_answers(600, "10.10.10.10", rng, resolvers)
        c.second(sec, pkts)
    c.write(path)


def syn_flood_pause(path):
    """The spoofed SYN flood with a one-second pause: 3000 SYNs a second to
    10.10.10.20:80 during seconds 2..5 and 7..10, none in second 6."""
    rng = random.Random(17)
    c = Capture()
    for sec in range(14):
        pkts = [tcp("192.0.2.7", "10.10.10.20", 50000, 80, ACK | PSH, 100) for _ in range(20)]
        if 2 <= sec <= 10 and sec != 6:
            for _ in range(3000):
                src = "%d.%d.%d.%d" % (rng.randrange(1, 224), rng.randrange(256),
                                       rng.randrange(256), rng.randrange(1, 255))
                pkts.append(tcp(src, "10.10.10.20", rng.randrange(1024, 65535), 80, SYN))
        c.second(sec, pkts)
    c.write(path)


def udp_share_low(path):
    """Only UDP, 500 packets a second for 8 s: a share of 100% far below
    1000 pps."""
    c = Capture()
    for sec in range(8):
        c.second(sec, [udp("10.10.10.50", "192.0.2.9", 5000, 6000, 60) for _ in range(500)])
    c.write(path)


def new_destination(path, learn_s):
    """10.10.10.60 sends 2 Mbit/s to 192.0.2.101 and 192.0.2.102 during a
    learning period of learn_s seconds; then for 10 s, also 2 Mbit/s (250
    frames of 1000 bytes a second) to 203.0.113.66, never seen before."""
    c = Capture()
    def burst(dst):
        # 1000-byte frames: 14 + 20 + 8 + 958
        return [udp("10.10.10.60", dst, 40000, 443, 958) for _ in range(250)]
    for sec in range(learn_s + 10):
        pkts = burst("192.0.2.101") + burst("192.0.2.102")
        if sec >= learn_s:
            pkts += burst("203.0.113.66")
        c.second(sec, pkts)
    c.write(path)


def spoofed_flood(path, seconds, pps):
    """bench/flood.sh: SYNs to 10.10.10.20:80 from random spoofed sources,
    pps a second for `seconds`, one flow per frame."""
    rng = random.Random(5)
    c = Capture()
    for sec in range(seconds):
        pkts = []
        for _ in range(pps):
            src = "%d.%d.%d.%d" % (rng.randrange(1, 224), rng.randrange(256),
                                   rng.randrange(256), rng.randrange(1, 255))
            pkts.append(tcp(src, "10.10.10.20", rng.randrange(1024, 65535), 80, SYN))
        c.second(sec, pkts)
    c.write(path)


if __name__ == "__main__":
    if sys.argv[1] == "--flood":  # --flood FILE SECONDS PPS
        spoofed_flood(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        sys.exit(0)
    out = sys.argv[1]
    dns_amplification(out + "/dns_amplification.pcap")
    syn_flood(out + "/syn_flood.pcap")
    benign_mix(out + "/benign_mix.pcap")
    rate_step(out + "/rate_step.pcap", 20, 5)
    rate_step(out + "/rate_step_only.pcap", 0, 5)
    dns_amp_bursts(out + "/dns_amp_bursts.pcap")
    syn_flood_pause(out + "/syn_flood_pause.pcap")
    udp_share_low(out + "/udp_share_low.pcap")
    new_destination(out + "/new_destination.pcap", 20)
    new_destination(out + "/new_destination_only.pcap", 0)
