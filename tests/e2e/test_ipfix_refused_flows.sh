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
source "$(dirname "$0")/ipfix_lib.sh"
ipfix_replay_namespace
PORT=4739

# Flow f: 10.0.0.(3 + f):1000 -> 10.0.0.2:2000, a packet at 0.25 s, 1.25 s
# and 2.25 s.
for s in 0 1 2; do
    for f in $(seq 0 29); do echo "$((1700000000 + s)) $((250000 + f)) $((3 + f)) 1000"; done
done | python3 "$(dirname "$0")/udp_pcap.py" "$WORK/flows.pcap"

start_loopback_capture "$NS" "$WORK/export.pcap" udp port $PORT
# Nothing listens: the datagrams are still on loopback for tcpdump.
in_rx "$NETMON_BIN" replay "$WORK/flows.pcap" --json --interval 1 --max-active-flows 10 \
    --ipfix 127.0.0.1:$PORT >"$WORK/out" 2>"$WORK/err" ||
    fail "replay failed: $(cat "$WORK/err")"
stop_capture

ipfix_records "$WORK/export.pcap" $PORT >"$WORK/records"
summary=$(awk '{ n[$5 " " $3]++ } END { for (k in n) print k ": " n[k] }' "$WORK/records" | sort | tr '\n' ';')
note "records by (reason packets): $summary"
[ "$summary" = "4 3: 10;5 1: 60;" ] ||
    fail "expected 10 records (reason 4, 3 packets) and 60 (reason 5, 1 packet): $summary"
# Every refused flow three times, every held one once: 30 flows in all.
[ "$(awk '{ print $2 }' "$WORK/records" | sort -u | wc -l)" = 30 ] || fail "not 30 flows: $(cat "$WORK/records")"
final=$(grep '"type":"final"' "$WORK/out" | tail -1)
jq -e '.totals.packets == 90 and .flows.refused.packets == 60 and .flows.active == 10' \
    <<<"$final" >/dev/null || fail "final: $(jq -c '{totals, flows}' <<<"$final")"
echo "PASS"
