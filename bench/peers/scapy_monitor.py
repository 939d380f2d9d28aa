#!/usr/bin/env python3
"""The chapter's Scapy monitor, re-created for bench/peers.sh: every frame
goes to a Python callback that counts it as TCP, UDP, ICMP or other in a
collections.Counter; the counts are printed when it stops (SIGINT/SIGTERM).
Usage: scapy_monitor.py INTERFACE"""
import collections
import signal
import sys

from scapy.all import ICMP, TCP, UDP, sniff

counts = collections.Counter()


def count(packet):
    if TCP in packet:
        counts["tcp"] += 1
    elif UDP in packet:
        counts["udp"] += 1
    elif ICMP in packet:
        counts["icmp"] += 1
    else:
        counts["other"] += 1


def stop(signum, frame):
    # sniff() ends on KeyboardInterrupt; a background job ignores SIGINT
    # unless it installs its own handler, so both signals end it this way.
    raise KeyboardInterrupt


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scapy_monitor.py INTERFACE")
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    sniff(iface=sys.argv[1], prn=count, store=False,
          started_callback=lambda: print("sniffing", flush=True))
    for kind in ("tcp", "udp", "icmp", "other"):
        print(f"{kind} {counts[kind]}")
    print(f"total {sum(counts.values())}", flush=True)


if __name__ == "__main__":
    main()
