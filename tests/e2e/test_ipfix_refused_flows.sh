#!/usr/bin/env bash
# --ipfix when the userspace flow table is full (--max-active-flows): a flow
# it refused will never age out, so each interval's counts of it are
# exported at once with flowEndReason 5 (lack of resources), one record per
# flow and interval, and nothing of it waits for the end. Replayed from a
# capture written here: 30 UDP flows, one packet each a second for 3 s,
# into a table of 10; tshark decodes what went out on loopback. Expected:
# the 10 held flows once each at the end (reason 4, 3 packets), the 20
# refused ones 3 times each (reason 5, 1 packet), 90 packets in all.
source "$(dirname "$0")/lib.sh"
for tool in tshark tcpdump python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $SKIP; }
done
NS=$NS_RX
ip netns add "$NS"
in_rx ip link set lo up
PORT=4739

# Flow f: 10.0.0.1:(1000 + f) -> 10.0.0.2:2000, a packet at 0.25 s, 1.25 s
# and 2.25 s.
python3 - "$WORK/flows.pcap" <<'PY'
import struct, sys
frames = []
for s in range(3):
    for f in range(30):
        payload = b"x" * 18
        udp = struct.pack("!HHHH", 1000 + f, 2000, 8 + len(payload), 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), f, 0, 64, 17, 0,
                         bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + udp
        eth = bytes.fromhex("020000000002020000000001") + b"\x08\x00" + ip
        frames.append(struct.pack("<IIII", 1700000000 + s, 250000 + f, len(eth), len(eth)) + eth)
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1) + b"".join(frames))
PY

start_loopback_capture "$NS" "$WORK/export.pcap" udp port $PORT
# Nothing listens: the datagrams are still on loopback for tcpdump.
in_rx "$NETMON_BIN" replay "$WORK/flows.pcap" --json --interval 1 --max-active-flows 10 \
    --ipfix 127.0.0.1:$PORT >"$WORK/out" 2>"$WORK/err" ||
    fail "replay failed: $(cat "$WORK/err")"
stop_capture

# One line per flow record: source port, packets, reason.
tshark -n -r "$WORK/export.pcap" -d udp.port==$PORT,cflow -T fields -E occurrence=a \
    -E 'aggregator=;' -e cflow.srcport -e cflow.packets -e cflow.flow_end_reason |
    python3 -c '
import sys
for line in sys.stdin:
    cols = [c.split(";") if c else [] for c in line.rstrip("\n").split("\t")]
    for sp, pk, rs in zip(cols[0], cols[1], cols[2]):
        print(sp, pk, rs)
' | sort -n >"$WORK/records"
summary=$(awk '{ n[$3 " " $2]++ } END { for (k in n) print k ": " n[k] }' "$WORK/records" | sort | tr '\n' ';')
note "records by (reason packets): $summary"
[ "$summary" = "4 3: 10;5 1: 60;" ] ||
    fail "expected 10 records (reason 4, 3 packets) and 60 (reason 5, 1 packet): $summary"
# Every refused flow three times, every held one once: 30 flows in all.
[ "$(awk '{ print $1 }' "$WORK/records" | sort -u | wc -l)" = 30 ] || fail "not 30 flows: $(cat "$WORK/records")"
final=$(grep '"type":"final"' "$WORK/out" | tail -1)
jq -e '.totals.packets == 90 and .flows.refused.packets == 60 and .flows.active == 10' \
    <<<"$final" >/dev/null || fail "final: $(jq -c '{totals, flows}' <<<"$final")"
echo "PASS"
