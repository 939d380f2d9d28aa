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
# Captures are checked WORKERS at a time, each into an nfcapd of its own on
# its own port: one at a time, this was the slowest test of the run.
PORT=4739 WORKERS=3
LAST_PORT=$((PORT + WORKERS - 1))

# Exports capture $1 (number $2) through an nfcapd on port $3 and decodes it
# with nfdump; its totals go to $WORK/sums.$2 and the four files
# ipfix_compare.py reads to $WORK/compare.$2 (compared all at once at the
# end: one Python start, not one per capture). Runs in a subshell of its
# own, which stops its nfcapd whatever happens.
check_capture() {
    local capture=$1 n=$2 port=$3 dir=$WORK/nf.$2
    trap 'kill "${NFCAPD_PID:-}" 2>/dev/null || true' EXIT
    trap 'exit 1' INT TERM
    start_nfcapd "$NS" "$dir" "$port"
    # A small kernel table: replay harvests before it can fill, so the
    # flows are exact (overflow would still add up, in a reason-5 record).
    if ! in_rx "$NETMON_BIN" replay "$capture" --json --all-flows --max-flows 1024 \
        --ipfix 127.0.0.1:"$port" --ipfix-domain "$n" >"$dir.out" 2>"$dir.err"; then
        echo "$capture: netmon-xdp failed: $(cat "$dir.err")"
        return 1
    fi
    stop_nfcapd "$NS" "$port"
    grep '"type":"final"' "$dir.out" | tail -1 >"$dir.final.json"
    nfdump -R "$dir" -q -N -6 -o "fmt:%ts|%te|%pr|%sa|%da|%sp|%dp|%pkt|%byt" >"$dir.records"
    nfdump -R "$dir" -I >"$dir.summary"
    jq -r '"\(.totals.packets) \(.totals.bytes)"' "$dir.final.json" >"$WORK/sums.$n"
    printf '%s\n' "$capture" "$dir.final.json" "$dir.records" "$dir.summary" >"$WORK/compare.$n"
}

start_loopback_capture "$NS" "$WORK/export.pcap" udp portrange $PORT-$LAST_PORT

checked=0 failed=0
declare -a worker_pid=()
# Waits for worker slot $1's capture, if any; counts a failure.
wait_slot() {
    [ -n "${worker_pid[$1]:-}" ] || return 0
    wait "${worker_pid[$1]}" || failed=$((failed + 1))
    worker_pid[$1]=
}
for capture in "$PCAPS"/*; do
    case $capture in *.pcap | *.pcapng | *.cap) ;; *) continue ;; esac
    checked=$((checked + 1))
    slot=$((checked % WORKERS))
    wait_slot $slot
    check_capture "$capture" $checked $((PORT + slot)) &
    worker_pid[$slot]=$!
    BACKGROUND_PIDS+=("$!")
done
for slot in $(seq 0 $((WORKERS - 1))); do wait_slot "$slot"; done
[ "$checked" -gt 0 ] || fail "no captures in $PCAPS"
stop_capture
[ "$failed" = 0 ] || fail "$failed of $checked captures failed to export or decode"
mapfile -t compare_args < <(cat "$WORK"/compare.*)
[ "${#compare_args[@]}" = $((4 * checked)) ] || fail "$checked captures, $((${#compare_args[@]} / 4)) exported"
python3 "$HERE/ipfix_compare.py" "${compare_args[@]}" || fail "captures differ (above)"
echo "$checked captures exported into nfcapd, as counted"
DECODE_AS=()
for port in $(seq $PORT $LAST_PORT); do DECODE_AS+=(-d "udp.port==$port,cflow"); done
read -r sum_packets sum_bytes < <(cat "$WORK"/sums.* | awk '{ P += $1; B += $2 } END { printf "%d %d\n", P, B }')

# tshark: every message decodes, no malformed frames, no expert warnings
# (its sequence analysis among them), and the records add up to the totals.
tshark -n -r "$WORK/export.pcap" "${DECODE_AS[@]}" -q -z expert,warn >"$WORK/expert" 2>&1
grep -qiE "malformed|sequence" "$WORK/expert" && fail "tshark warns: $(cat "$WORK/expert")"
messages=$(tshark -n -r "$WORK/export.pcap" "${DECODE_AS[@]}" -Y cflow | wc -l)
all=$(tshark -n -r "$WORK/export.pcap" | wc -l)
[ "$messages" = "$all" ] && [ "$all" -gt 0 ] || fail "tshark decoded $messages of $all messages"
read -r packets bytes < <(tshark -n -r "$WORK/export.pcap" "${DECODE_AS[@]}" -T fields \
    -E occurrence=a -E aggregator=, -e cflow.packets -e cflow.layer2_octet_delta_count |
    awk -F'\t' '{ n = split($1, p, ","); for (i = 1; i <= n; i++) P += p[i];
                  n = split($2, b, ","); for (i = 1; i <= n; i++) B += b[i] }
                END { printf "%d %d\n", P, B }')
[ "$packets" = "$sum_packets" ] || fail "tshark sums $packets packets, netmon-xdp counted $sum_packets"
[ "$bytes" = "$sum_bytes" ] || fail "tshark sums $bytes frame bytes, netmon-xdp counted $sum_bytes"
echo "tshark decoded $messages messages: $packets packets, $bytes frame bytes, as counted"
echo "PASS"
