#!/usr/bin/env python3
"""Compares what a collector decoded from netmon-xdp's IPFIX export with
netmon-xdp's own report of the same replay, and with an IP byte count made
independently from the capture by tshark.

Usage: ipfix_compare.py CAPTURE NETMON_FINAL_JSON NFDUMP_RECORDS NFDUMP_SUMMARY [...]
  NFDUMP_RECORDS: `nfdump -q -N -o "fmt:%ts|%te|%pr|%sa|%da|%sp|%dp|%pkt|%byt"`
  NFDUMP_SUMMARY: `nfdump -I`
  Further groups of four: more captures, compared in the same process (one
  Python start and one tshark version query for the whole corpus).
Exit 0 when all are equal, 1 with the differences of each that is not.

Checked: the collector's packet total equals netmon-xdp's total (every
frame, non-IP and flow-table overflow included); its byte total
(octetDeltaCount) equals the capture's IP bytes by tshark; no sequence
failures; no record ends before it starts; the records aggregated by
5-tuple equal netmon-xdp's flows (packets and IP bytes).
"""
import ipaddress
import json
import os
import sys
from collections import defaultdict

# The dissection comes from the corpus cache (tests/support/corpus_cache.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import corpus_cache  # noqa: E402

# nfdump keeps both ports for these only (DCCP's destination port is lost).
PORTED = (6, 17)


def tshark_ip_bytes(capture):
    """IP header plus payload of each frame's outermost IP header (after
    VLAN tags): IPv4 total length, IPv6 40 + payload length; a length of 0
    counts the frame's bytes from the IP header on."""
    total = 0
    for f in corpus_cache.frames_of(capture):
        first = {name: (values[0] if values else "") for name, values in f.items()}
        protos, ip_len, ip6_plen, frame_len, cap_len, ihl = (
            first[name] for name in ("frame.protocols", "ip.len", "ipv6.plen", "frame.len",
                                     "frame.cap_len", "ip.hdr_len"))
        layers = protos.split(":")
        # The outermost IP header, right after the link layer and VLAN tags.
        i = 1
        while i < len(layers) and layers[i] in ("ethertype", "vlan", "ieee8021ad"):
            i += 1
        if i >= len(layers):
            continue
        header = 14 + 4 * layers.count("vlan")
        # A header the frame does not hold whole is malformed IP: no IP bytes.
        if int(cap_len) < header + (int(ihl or 20) if layers[i] == "ip" else 40):
            continue
        if layers[i] == "ip" and ip_len:
            n = int(ip_len)
            total += n if n else int(frame_len) - header
        elif layers[i] == "ipv6" and ip6_plen:
            n = int(ip6_plen)
            total += 40 + n if n else int(frame_len) - header
    return total


def differences(capture, netmon_path, records_path, summary_path):
    """What differs for one capture, as a list of lines (empty: equal)."""
    try:
        final = json.load(open(netmon_path))
    except (OSError, ValueError) as e:
        return [f"no netmon-xdp final object in {netmon_path}: {e}"]
    summary = {}
    for line in open(summary_path):
        key, _, value = line.partition(":")
        summary[key.strip()] = value.strip()
    problems = []

    want_packets = final["totals"]["packets"]
    if int(summary.get("Packets", -1)) != want_packets:
        problems.append(f"collector packets {summary.get('Packets')} != netmon-xdp {want_packets}")
    flows_ip_bytes = sum(f["ip_bytes"] for f in final["flow_list"])
    oracle = tshark_ip_bytes(capture)
    if int(summary.get("Bytes", -1)) != oracle:
        problems.append(f"collector IP bytes {summary.get('Bytes')} != tshark's {oracle} "
                        f"(netmon-xdp's flows: {flows_ip_bytes})")
    if summary.get("Sequence failures") != "0":
        problems.append(f"sequence failures: {summary.get('Sequence failures')}")

    theirs = defaultdict(lambda: [0, 0])
    for line in open(records_path):
        cols = [c.strip() for c in line.split("|")]
        if len(cols) < 9:
            continue
        start, end, proto, sa, da, sp, dp, pkts, byts = cols[:9]
        if end < start:
            problems.append(f"record ends before it starts: {line.strip()}")
        if sa == "0.0.0.0" and da == "0.0.0.0" and proto == "0":
            continue  # non-IP and not-in-flow records: in the totals above
        key = (int(proto), ipaddress.ip_address(sa), ipaddress.ip_address(da))
        if int(proto) in PORTED:
            key += (int(sp), int(dp))
        theirs[key][0] += int(pkts)
        theirs[key][1] += int(byts)
    ours = defaultdict(lambda: [0, 0])
    for f in final["flow_list"]:
        if f.get("ethertype") not in ("0x0800", "0x86dd") or "proto" not in f or "src" not in f:
            continue
        try:
            key = (f["proto"], ipaddress.ip_address(f["src"]), ipaddress.ip_address(f["dst"]))
        except ValueError:
            continue
        if f["proto"] in PORTED:
            key += (f.get("sport", 0), f.get("dport", 0))
        ours[key][0] += f["packets"]
        ours[key][1] += f["ip_bytes"]
    for key in set(ours) | set(theirs):
        if ours.get(key) != theirs.get(key):
            problems.append(f"flow {key}: netmon-xdp {ours.get(key)} collector {theirs.get(key)}")

    return problems


def main():
    args = sys.argv[1:]
    if not args or len(args) % 4:
        print("usage: ipfix_compare.py CAPTURE NETMON_FINAL_JSON NFDUMP_RECORDS NFDUMP_SUMMARY [...]",
              file=sys.stderr)
        return 2
    differ = 0
    for i in range(0, len(args), 4):
        problems = differences(*args[i:i + 4])
        if problems:
            differ += 1
            print(f"{args[i]}:")
            for p in problems[:10]:
                print(f"  {p}")
    print(f"ipfix_compare: {len(args) // 4} captures compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
