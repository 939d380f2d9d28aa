#!/usr/bin/env bash
# --ipfix-active-timeout: a long flow is split into records no longer than
# the timeout, with flowEndReason 2 for each split and 4 (end of monitoring)
# or 1 (idle) for the last. Scaled: the issue's 200 s flow at a 60 s timeout
# becomes one UDP packet per second for 18 s at a 5 s timeout, and it runs
# as a replay of a capture written here, so capture time (not wall time)
# passes and the test takes about a second. Expected: records of 5, 5, 5
# and 3 packets (or 4, 4, 4, 4, 2) with reasons 2, 2, 2(, 2), then 4 (the flow is still active at
# the end of the capture; --flow-timeout is longer than the capture). How
# many splits depends on where the interval grid falls: the exporter reports
# a flow when the next interval would take it past the timeout, so with
# 1 s intervals a record holds 4 or 5 of the packets.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ipfix_lib.sh"
ipfix_replay_namespace
PORT=4739

# 18 UDP packets 10.0.0.1:1000 -> 10.0.0.2:2000, one per second.
for s in $(seq 0 17); do echo "$((1700000000 + s)) 250000 1 1000"; done |
    python3 "$(dirname "$0")/udp_pcap.py" "$WORK/long_flow.pcap"

start_loopback_capture "$NS" "$WORK/export.pcap" udp port $PORT
# Nothing listens: the datagrams are still on loopback for tcpdump, and the
# ICMP unreachables exercise the exporter's retry path.
in_rx "$NETMON_BIN" replay "$WORK/long_flow.pcap" --json --interval 1 --flow-timeout 60 \
    --ipfix 127.0.0.1:$PORT --ipfix-active-timeout 5 >"$WORK/out" 2>"$WORK/err" ||
    fail "replay failed: $(cat "$WORK/err")"
stop_capture

# One line per flow record: domain, source, packets, bytes, reason.
ipfix_records "$WORK/export.pcap" $PORT >"$WORK/records"
reasons=$(awk '{ print $5 }' "$WORK/records" | tr '\n' ' ')
packets=$(awk '{ print $3 }' "$WORK/records" | tr '\n' ' ')
note "netmon stderr: $(tail -3 "$WORK/err" | tr "\n" " ")"
note "records: packets '$packets', end reasons '$reasons'"
case $reasons in
"2 2 2 4 " | "2 2 2 2 4 ") ;;
*) fail "end reasons '$reasons', expected 2, 2, 2 (2), then 4" ;;
esac
# Each record's span, from the nfdump-independent decode: no record of
# the 1-packet-per-second flow holds more than 5 packets, so none spans
# 5 s or more (the packets are 1 s apart).
for n in $packets; do [ "$n" -le 5 ] || fail "a record holds $n packets: it spans >= 5 s"; done
[ "$(echo $packets | tr ' ' '+' | bc)" = 18 ] || fail "records hold '$packets' packets, not 18"
[ "$(grep -c unreachable "$WORK/err")" = 1 ] ||
    fail "the unreachable collector should be reported once: $(cat "$WORK/err")"
echo "PASS"
