#!/usr/bin/env bash
# Long run: does the reader's memory level off under a steady stream of new
# flows? netmon-xdp is attached (JSON to a file) to the receiver veth of a
# pair this script creates (and always removes); every second
# bench_generator sends NEW_PER_S frames, each from a source port not used
# in the last minute, so each is a new flow that ages out FLOW_TIMEOUT s
# later. Prints the reader's RSS every 10 s, then result rows: RSS growth
# over the second half of the run (a leveled-off reader: close to 0).
# Usage: rss.sh BUILD_DIR SECONDS [NEW_PER_S (1450)] [FLOW_TIMEOUT (5)]
set -euo pipefail
BUILD=$1 SECONDS_TOTAL=$2 NEW_PER_S=${3:-1450} FLOW_TIMEOUT=${4:-5}
. "$(dirname "$0")/lib.sh"
NETMON=$BUILD/netmon-xdp
GEN=$BUILD/bench/bench_generator

WORK=$(mktemp -d)
NETMON_PID=
cleanup() {
    if [ -n "$NETMON_PID" ]; then kill -9 "$NETMON_PID" 2>/dev/null || true; fi
    veth_pair_remove
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

veth_pair r

ip netns exec "$NS_RX" "$NETMON" attach "$DEV_RX" --json --direction ingress \
    --flow-timeout "$FLOW_TIMEOUT" >"$WORK/out" 2>"$WORK/err" &
NETMON_PID=$!
sleep 1
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$NETMON_PID/status"; }

# Source ports cycle through 1024..65535: a port comes back after
# 64512 / NEW_PER_S seconds, long after its flow aged out.
port=1024 start=$(date +%s) next_sample=0
progress "t_s rss_kib active_flows aged_out_total"
echo "0 $(rss_kib)" >"$WORK/rss"
while :; do
    elapsed=$(($(date +%s) - start))
    [ "$elapsed" -lt "$SECONDS_TOTAL" ] || break
    [ $((port + NEW_PER_S)) -le 65536 ] || port=1024
    ip netns exec "$NS_TX" "$GEN" --dev "$DEV_TX" --src-mac "$TX_MAC" --dst-mac "$RX_MAC" \
        --frames "$NEW_PER_S" --flows "$NEW_PER_S" --first-port "$port" >/dev/null
    port=$((port + NEW_PER_S))
    if [ "$elapsed" -ge "$next_sample" ]; then
        flows=$(tail -1 "$WORK/out" | jq -r '"\(.flows.active) \(.flows.aged_out)"' 2>/dev/null || true)
        progress "$elapsed $(rss_kib) $flows"
        echo "$elapsed $(rss_kib)" >>"$WORK/rss"
        next_sample=$((next_sample + 10))
    fi
    # One batch per second, whatever the send took.
    sleep "$(awk -v s="$start" -v e="$elapsed" -v now="$(date +%s.%N)" \
        'BEGIN { d = s + e + 1 - now; print (d > 0 ? d : 0) }')"
done
kill -INT "$NETMON_PID"
wait "$NETMON_PID" || { echo "netmon-xdp failed: $(cat "$WORK/err")" >&2; exit 1; }
NETMON_PID=

# Growth over the second half (after warm-up): kB/s and in total.
awk -v half=$((SECONDS_TOTAL / 2)) '$1 >= half { if (!n++) { t0 = $1; r0 = $2 } t1 = $1; r1 = $2 }
    END { g = t1 > t0 ? (r1 - r0) * 1.024 / (t1 - t0) : 0
          printf "%.2f %.0f %.0f\n", g, r0, r1 }' "$WORK/rss" >"$WORK/growth"
read -r growth r0 r1 <"$WORK/growth"
row "rss" "RSS growth, 2nd half ($NEW_PER_S new flows/s, --flow-timeout $FLOW_TIMEOUT)" "kB/s" \
    "$growth $growth $growth" - - "RSS ${r0} -> ${r1} KiB"
row "rss" "RSS at the end" "MiB" "$(awk -v r="$r1" 'BEGIN { x = r / 1024; print x, x, x }')" - - \
    "after ${SECONDS_TOTAL} s"
