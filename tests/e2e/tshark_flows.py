#!/usr/bin/env python3
"""Counts a capture as netmon-xdp defines it, from tshark's dissection, and
compares it with netmon-xdp's replay JSON (the final object, --all-flows).

Usage: tshark_flows.py CAPTURE NETMON_FINAL_JSON_FILE [CAPTURE JSON_FILE ...]
Exit 0 when, for every pair, totals, every protocol class and every flow's
packets and bytes are equal; 1 with the differences otherwise.

The definitions are netmon-xdp's (include/netmon/flow.h, bpf/parsing.h),
applied to tshark's fields (one dissection per capture and tshark version,
kept in the corpus cache, $NETMON_CORPUS_CACHE: tests/support/corpus_cache.py). Where tshark shows more than one occurrence of a
field (tunnels, ICMP errors quoting a packet, VXLAN/GRE inner frames), the
first one is the outer header, which is what netmon-xdp counts.
"""
import ipaddress
import json
import os
import re
import sys
from collections import defaultdict

# The dissection comes from the corpus cache (tests/support/corpus_cache.py):
# tshark runs once per capture and build, whoever asks first.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import corpus_cache  # noqa: E402

MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
ETH_IPV4, ETH_IPV6, ETH_ARP = 0x0800, 0x86DD, 0x0806
# VLAN tag type -> tshark fields holding the type (or 802.3 length) after it.
VLAN_TAG_FIELDS = {0x8100: ("vlan.etype", "vlan.len"), 0x88A8: ("ieee8021ah.etype",)}
MAX_VLAN_TAGS = 2
IPV6_EXT_NEXT_FIELD = {  # extension header -> tshark field of its "next header"
    0: "ipv6.hopopts.nxt",
    43: "ipv6.routing.nxt",
    44: "ipv6.fraghdr.nxt",
    60: "ipv6.dstopts.nxt",
    51: "ah.next_header",
}
IPV6_EXT_MAX_CHAIN = 8
PROTO_UNKNOWN = 255  # NETMON_PROTO_UNKNOWN: transport beyond the walk's bound
PORT_FIELDS = {6: "tcp", 17: "udp", 132: "sctp", 33: "dccp", 136: "udp"}  # 136: UDP-Lite
ICMP_FIELDS = {1: "icmp", 58: "icmpv6"}


def num(text):
    return int(text, 0)


def normal_ip(text):
    return ipaddress.ip_address(text).compressed


class Frame:
    """One frame's class and flow key, by netmon-xdp's definitions."""

    def __init__(self, f):
        self.f = f
        self.cap_len = num(f["frame.cap_len"][0])
        self.klass = "other_l2"
        self.src = self.dst = "00:00:00:00:00:00"
        self.sport = self.dport = self.proto = self.ethertype = 0
        self.kind = "l2"
        if self.cap_len < 14:
            return  # a runt: zero key
        self.src, self.dst = f["eth.src"][0], f["eth.dst"][0]
        self.ethertype = num((f["eth.type"] or f["eth.len"])[0])
        offset = 14
        used = defaultdict(int)  # occurrences of each field consumed
        for _ in range(MAX_VLAN_TAGS):
            if self.ethertype not in VLAN_TAG_FIELDS or offset + 4 > self.cap_len:
                break  # no tag, or a truncated one: classified by the tag type
            # A tag followed by an 802.3 length is the last one.
            field = next(name for name in VLAN_TAG_FIELDS[self.ethertype]
                         if used[name] < len(f[name]))
            self.ethertype = num(f[field][used[field]])
            used[field] += 1
            offset += 4
        if self.ethertype == ETH_ARP:
            self.klass = "arp"
        elif self.ethertype == ETH_IPV4:
            self.klass = "ip_malformed"
            self.ipv4(offset)
        elif self.ethertype == ETH_IPV6:
            self.klass = "ip_malformed"
            self.ipv6(offset)

    def first(self, field):
        values = self.f[field]
        return values[0] if values else None

    def ipv4(self, offset):
        if offset + 20 > self.cap_len or num(self.first("ip.version") or "0") != 4:
            return
        if num(self.first("ip.hdr_len")) < 20:
            return
        self.set_ip("ipv4", self.first("ip.src"), self.first("ip.dst"), num(self.first("ip.proto")))
        if num(self.first("ip.frag_offset")) == 0:
            self.l4()

    def ipv6(self, offset):
        if offset + 40 > self.cap_len or num(self.first("ipv6.version") or "0") != 6:
            return
        nxt = num(self.first("ipv6.nxt"))
        used = defaultdict(int)  # occurrences of each extension header consumed
        self.set_ip("ipv6", self.first("ipv6.src"), self.first("ipv6.dst"), nxt)
        if num(self.first("ipv6.plen")) == 0 and self.f["eth.trailer"]:
            # Payload length 0 (as with TSO): tshark dissects no payload and
            # shows the captured bytes after the header as a trailer;
            # netmon-xdp parses them. Walk them as it does.
            return self.ipv6_raw(bytes.fromhex(self.first("eth.trailer").replace(":", "")), nxt)
        for _ in range(IPV6_EXT_MAX_CHAIN):
            if nxt not in IPV6_EXT_NEXT_FIELD:
                break
            values, index = self.f[IPV6_EXT_NEXT_FIELD[nxt]], used[nxt]
            if index >= len(values):
                break  # truncated: classified by this extension header
            ext, nxt = nxt, num(values[index])
            used[ext] += 1
            if ext == 44 and num(self.f["ipv6.fraghdr.offset"][index]) != 0:
                self.set_proto(nxt)  # a non-first fragment: no L4 header
                return
        else:
            if nxt in IPV6_EXT_NEXT_FIELD:
                return self.chain_too_long()
        self.set_proto(nxt)
        self.l4()

    def chain_too_long(self):
        """More extension headers than the walk's bound: a class of its own."""
        self.proto = PROTO_UNKNOWN
        self.klass = "ipv6_ext_chain_too_long"

    def ipv6_raw(self, payload, nxt):
        """bpf/parsing.h's extension header walk and L4 ports, on bytes."""
        pos = 0
        for _ in range(IPV6_EXT_MAX_CHAIN):
            if nxt not in IPV6_EXT_NEXT_FIELD or pos + 2 > len(payload):
                break
            if nxt == 44:
                if pos + 8 > len(payload):
                    break
                nxt, non_first = payload[pos], int.from_bytes(payload[pos + 2:pos + 4], "big") & 0xFFF8
                pos += 8
                if non_first:
                    return self.set_proto(nxt)
                continue
            length = (payload[pos + 1] + 2) * 4 if nxt == 51 else (payload[pos + 1] + 1) * 8
            nxt, pos = payload[pos], pos + length
        else:
            if nxt in IPV6_EXT_NEXT_FIELD:
                return self.chain_too_long()
        self.set_proto(nxt)
        l4 = payload[pos:pos + 4]
        if len(l4) >= 4 and nxt in PORT_FIELDS:
            self.sport, self.dport = int.from_bytes(l4[:2], "big"), int.from_bytes(l4[2:], "big")
        elif len(l4) >= 2 and nxt in ICMP_FIELDS:
            self.dport = l4[0] << 8 | l4[1]

    def set_ip(self, kind, src, dst, proto):
        self.kind, self.src, self.dst = kind, normal_ip(src), normal_ip(dst)
        self.set_proto(proto)

    def set_proto(self, proto):
        self.proto = proto
        self.klass = f"ip_proto_{proto}"

    def l4(self):
        if self.proto in PORT_FIELDS:
            name = PORT_FIELDS[self.proto]
            if self.f[f"{name}.srcport"]:
                self.sport = num(self.f[f"{name}.srcport"][0])
                self.dport = num(self.f[f"{name}.dstport"][0])
        elif self.proto in ICMP_FIELDS:
            name = ICMP_FIELDS[self.proto]
            if self.f[f"{name}.type"] and self.f[f"{name}.code"]:
                self.dport = num(self.f[f"{name}.type"][0]) << 8 | num(self.f[f"{name}.code"][0])

    def flow_key(self):
        return (self.src, self.dst, self.sport, self.dport, self.proto, self.ethertype)


# netmon-xdp's JSON names for the classes (user/output/json_view.cpp).
CLASS_NAMES = {"ip_proto_6": "tcp", "ip_proto_17": "udp", "ip_proto_1": "icmp",
               "ip_proto_58": "icmpv6"}


def expected_counts(capture):
    totals = [0, 0]
    classes = defaultdict(lambda: [0, 0])
    flows = defaultdict(lambda: [0, 0])
    for fields in corpus_cache.frames_of(capture):
        frame = Frame(fields)
        length = num(fields["frame.len"][0])
        for counts in (totals, classes[frame.klass], flows[frame.flow_key()]):
            counts[0] += 1
            counts[1] += length
    return totals, classes, flows


def reported_counts(final):
    totals = [final["totals"]["packets"], final["totals"]["bytes"]]
    classes = {}
    for name, c in final["protocols"].items():
        if name != "non_ip":
            classes[name] = [c["packets"], c["bytes"]]
    for name, c in final["non_ip_detail"].items():
        classes["arp" if name == "arp" else "other_l2"] = [c["packets"], c["bytes"]]
    # A flow that aged out and came back is listed once per stay: sum them.
    flows = defaultdict(lambda: [0, 0])
    for fl in final["flow_list"]:
        src, dst = fl["src"], fl["dst"]
        if not MAC.match(src):
            src, dst = normal_ip(src), normal_ip(dst)
        key = (src, dst, fl["sport"], fl["dport"], fl["proto"], int(fl["ethertype"], 16))
        flows[key][0] += fl["packets"]
        flows[key][1] += fl["bytes"]
    return totals, classes, dict(flows)


def nonzero(d):
    return {k: v for k, v in d.items() if v != [0, 0]}


def compare(capture, final):
    exp_totals, exp_classes, exp_flows = expected_counts(capture)
    got_totals, got_classes, got_flows = reported_counts(final)
    exp_classes = {CLASS_NAMES.get(k, k): v for k, v in exp_classes.items()}
    problems = []
    if exp_totals != got_totals:
        problems.append(f"totals: tshark {exp_totals}, netmon-xdp {got_totals}")
    exp_c, got_c = nonzero(exp_classes), nonzero(got_classes)
    for name in sorted(set(exp_c) | set(got_c)):
        if exp_c.get(name) != got_c.get(name):
            problems.append(f"class {name}: tshark {exp_c.get(name)}, netmon-xdp {got_c.get(name)}")
    for key in sorted(set(exp_flows) | set(got_flows), key=str):
        if exp_flows.get(key) != got_flows.get(key):
            problems.append(f"flow {key}: tshark {exp_flows.get(key)}, "
                            f"netmon-xdp {got_flows.get(key)}")
    return problems


def check(capture, json_file):
    """Prints the differences of one capture; True when there are none."""
    with open(json_file) as f:
        finals = [json.loads(line) for line in f if '"type":"final"' in line]
    if not finals:
        print(f"{capture}: no final object in netmon-xdp's output")
        return False
    problems = compare(capture, finals[-1])
    for p in problems[:20]:
        print(f"{capture}: {p}")
    if len(problems) > 20:
        print(f"{capture}: ... {len(problems) - 20} more differences")
    return not problems


def main():
    pairs = sys.argv[1:]
    if not pairs or len(pairs) % 2:
        print("usage: tshark_flows.py CAPTURE NETMON_JSON [CAPTURE NETMON_JSON ...]", file=sys.stderr)
        return 2
    # One process for all of them: the interpreter starts once.
    differ = sum(not check(c, j) for c, j in zip(pairs[0::2], pairs[1::2]))
    if len(pairs) > 2:
        print(f"{len(pairs) // 2} captures compared with tshark, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
