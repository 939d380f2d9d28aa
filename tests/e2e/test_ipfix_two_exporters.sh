#!/usr/bin/env bash
# Two netmon-xdp, each on a veth pair of its own, export into one nfcapd.
# Each exporter's records arrive under its own observation domain and add
# up exactly to that instance's own final report (tshark decodes them per
# domain from a loopback capture), and nfdump's totals are the sum of both
# with no sequence failures: the two sessions do not disturb each other.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ipfix_lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
for tool in nfcapd nfdump tshark tcpdump python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $SKIP; }
done
# Both monitored ends in one namespace: both exporters reach the one
# collector on its loopback.
make_two_veth_pairs
PORT=4739

start_nfcapd "$NS_RX" "$WORK/nf" $PORT
start_loopback_capture "$NS_RX" "$WORK/export.pcap" udp port $PORT
start_instance "$NS_RX" one attach "$DEV_RX" --json --interval 0.5 --ipfix 127.0.0.1:$PORT \
    --ipfix-domain 11
start_instance "$NS_RX" two attach "$DEV_RX2" --json --interval 0.5 --ipfix 127.0.0.1:$PORT \
    --ipfix-domain 22
wait_for_xdp "$NS_RX" "$DEV_RX"
wait_for_xdp "$NS_RX" "$DEV_RX2"
# Different flows and counts on each pair, so a record under the wrong
# domain shows.
in_tx "$SEND_FRAMES" "$DEV_TX" udp-flows --flows 40 --count 25 --src4 10.1.0.1 \
    --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")" >/dev/null
in_tx "$SEND_FRAMES" "$DEV_TX2" udp-flows --flows 15 --count 7 --src4 10.2.0.1 \
    --src-mac "$(mac_of "$NS_TX" "$DEV_TX2")" --dst-mac "$(mac_of "$NS_RX" "$DEV_RX2")" >/dev/null
sleep 1 # a few intervals, so records go out during the run and at exit
stop_instance one
stop_instance two
stop_nfcapd "$NS_RX" $PORT
stop_capture

ipfix_records "$WORK/export.pcap" $PORT >"$WORK/records"
[ -s "$WORK/records" ] || fail "tshark decoded no flow records"
total_packets=0
for pair in "one 11 10.1.0.1 1000" "two 22 10.2.0.1 105"; do
    read -r name domain src sent <<<"$pair"
    final=$(instance_final $name)
    [ -n "$final" ] || fail "$name wrote no final report: $(cat "$WORK/$name.err")"
    want_packets=$(jq .totals.packets <<<"$final")
    want_bytes=$(jq .totals.bytes <<<"$final")
    [ "$want_packets" = "$sent" ] || fail "$name counted $want_packets frames, $sent were sent"
    read -r packets bytes others < <(awk -v d=$domain -v s=$src '
        $1 == d { p += $3; b += $4; if ($2 != s) o++ }
        END { print p + 0, b + 0, o + 0 }' "$WORK/records")
    note "$name (domain $domain): records hold $packets packets, $bytes frame bytes;" \
        "its report: $want_packets, $want_bytes"
    [ "$packets" = "$want_packets" ] || fail "domain $domain: $packets packets, $name counted $want_packets"
    [ "$bytes" = "$want_bytes" ] || fail "domain $domain: $bytes bytes, $name counted $want_bytes"
    [ "$others" = 0 ] || fail "domain $domain holds $others records of another source than $src"
    total_packets=$((total_packets + want_packets))
done
awk '$1 != 11 && $1 != 22' "$WORK/records" | grep -q . &&
    fail "records under other domains: $(awk '$1 != 11 && $1 != 22' "$WORK/records" | head -3)"

# nfdump: both exporters, their sum, no sequence failures.
nfdump -R "$WORK/nf" -I >"$WORK/summary"
packets=$(awk -F': ' '/^Packets:/ { print $2 }' "$WORK/summary")
failures=$(awk -F': ' '/^Sequence failures:/ { print $2 }' "$WORK/summary")
[ "$packets" = "$total_packets" ] || fail "nfdump: $packets packets, the two counted $total_packets"
[ "$failures" = 0 ] || fail "nfdump: $failures sequence failures"
nfdump -R "$WORK/nf" -q -N -o "fmt:%sa" | sort | uniq -c >"$WORK/by_source"
[ "$(awk '$2 == "10.1.0.1" { print $1 }' "$WORK/by_source")" = 40 ] &&
    [ "$(awk '$2 == "10.2.0.1" { print $1 }' "$WORK/by_source")" = 15 ] ||
    fail "nfdump records by source: $(cat "$WORK/by_source")"
echo "two exporters, domains 11 and 22: each exact, nfdump $packets packets in all: PASS"
