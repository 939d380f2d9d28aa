#!/usr/bin/env bash
# --ipfix into real collectors. Every capture in ../shared/pcaps is replayed
# with --ipfix into nfcapd (nfdump), and what nfdump decoded is compared with
# netmon-xdp's own report and with tshark's count of the capture's IP bytes
# (tests/e2e/ipfix_compare.py). All export runs are dumped from loopback and
# tshark must decode every message without malformed or sequence warnings,
# and the packets and frame bytes of all records together must equal the
# sum of netmon-xdp's totals. Everything runs in a namespace of its own, on
# its loopback. tshark's view of each capture comes from the corpus cache
# (tests/support/corpus_cache.py): dissected once per run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ipfix_lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
for tool in nfcapd nfdump tshark tcpdump python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $SKIP; }
done
need_shared_pcaps
NS=$NS_RX
ip netns add "$NS"
in_rx ip link set lo up
PORT=4739

start_loopback_capture "$NS" "$WORK/export.pcap" udp port $PORT

checked=0 failed=0 sum_packets=0 sum_bytes=0
for capture in "$PCAPS"/*; do
    case $capture in *.pcap | *.pcapng | *.cap) ;; *) continue ;; esac
    checked=$((checked + 1))
    dir=$WORK/nf.$checked
    start_nfcapd "$NS" "$dir" $PORT
    # A small kernel table: replay harvests before it can fill, so the
    # flows are exact (overflow would still add up, in a reason-5 record).
    if ! in_rx "$NETMON_BIN" replay "$capture" --json --all-flows --max-flows 1024 \
        --ipfix 127.0.0.1:$PORT --ipfix-domain $checked >"$WORK/out" 2>"$WORK/err"; then
        echo "$capture: netmon-xdp failed: $(cat "$WORK/err")"
        failed=$((failed + 1))
        stop_nfcapd "$NS" $PORT
        continue
    fi
    stop_nfcapd "$NS" $PORT
    grep '"type":"final"' "$WORK/out" | tail -1 >"$WORK/final.json"
    sum_packets=$((sum_packets + $(jq .totals.packets "$WORK/final.json")))
    sum_bytes=$((sum_bytes + $(jq .totals.bytes "$WORK/final.json")))
    nfdump -R "$dir" -q -N -6 -o "fmt:%ts|%te|%pr|%sa|%da|%sp|%dp|%pkt|%byt" >"$WORK/records"
    nfdump -R "$dir" -I >"$WORK/summary"
    python3 "$HERE/ipfix_compare.py" "$capture" "$WORK/final.json" "$WORK/records" \
        "$WORK/summary" || failed=$((failed + 1))
done
[ "$checked" -gt 0 ] || fail "no captures in $PCAPS"
stop_capture
echo "$checked captures exported into nfcapd, $failed differ"
[ "$failed" = 0 ] || fail "$failed of $checked captures differ"

# tshark: every message decodes, no malformed frames, no expert warnings
# (its sequence analysis among them), and the records add up to the totals.
tshark -n -r "$WORK/export.pcap" -d udp.port==$PORT,cflow -q -z expert,warn >"$WORK/expert" 2>&1
grep -qiE "malformed|sequence" "$WORK/expert" && fail "tshark warns: $(cat "$WORK/expert")"
messages=$(tshark -n -r "$WORK/export.pcap" -d udp.port==$PORT,cflow -Y cflow | wc -l)
all=$(tshark -n -r "$WORK/export.pcap" | wc -l)
[ "$messages" = "$all" ] && [ "$all" -gt 0 ] || fail "tshark decoded $messages of $all messages"
read -r packets bytes < <(tshark -n -r "$WORK/export.pcap" -d udp.port==$PORT,cflow -T fields \
    -E occurrence=a -E aggregator=, -e cflow.packets -e cflow.layer2_octet_delta_count |
    awk -F'\t' '{ n = split($1, p, ","); for (i = 1; i <= n; i++) P += p[i];
                  n = split($2, b, ","); for (i = 1; i <= n; i++) B += b[i] }
                END { printf "%d %d\n", P, B }')
[ "$packets" = "$sum_packets" ] || fail "tshark sums $packets packets, netmon-xdp counted $sum_packets"
[ "$bytes" = "$sum_bytes" ] || fail "tshark sums $bytes frame bytes, netmon-xdp counted $sum_bytes"
echo "tshark decoded $messages messages: $packets packets, $bytes frame bytes, as counted"
echo "PASS"
