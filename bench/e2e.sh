#!/usr/bin/env bash
# End to end on a veth pair between two namespaces this script creates (and
# always removes): frames sent from the sender namespace by bench_generator,
# received with netmon-xdp attached natively on the receiver veth, or with
# only the pass-only program there (the floor). Prints result rows.
# Usage: e2e.sh BUILD_DIR FRAMES RUNS
set -euo pipefail
BUILD=$1 FRAMES=$2 RUNS=$3
. "$(dirname "$0")/lib.sh"
NETMON=$BUILD/netmon-xdp
GEN=$BUILD/bench/bench_generator
PASS_OBJ=$BUILD/bench/bench_pass.bpf.o

WORK=$(mktemp -d)
NETMON_PID=
cleanup() {
    if [ -n "$NETMON_PID" ]; then kill -9 "$NETMON_PID" 2>/dev/null || true; fi
    veth_pair_remove
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

veth_pair b

rx_packets() { ip -n "$NS_RX" -s -j link show dev "$DEV_RX" | jq '.[0].stats64.rx.packets'; }
# Busy jiffies (USER_HZ) of the whole machine: everything but idle and iowait.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# One send: appends "frames/s ns-of-CPU-per-frame" to $WORK/$1.
send_once() {
    local before after out
    before=$(busy_ticks)
    out=$(ip netns exec "$NS_TX" "$GEN" --dev "$DEV_TX" --src-mac "$TX_MAC" --dst-mac "$RX_MAC" \
              --frames "$FRAMES")
    after=$(busy_ticks)
    awk -v o="$out" -v t=$((after - before)) -v n="$FRAMES" -v hz="$(getconf CLK_TCK)" '
        BEGIN { split(o, kv, /[ =]/); printf "%.0f %.1f\n", n / kv[4], t / hz * 1e9 / n }' >>"$WORK/$1"
}

# Runs RUNS sends with whatever is attached; prints "rx-delta".
measure() {
    local rx0 i
    rx0=$(rx_packets)
    for i in $(seq "$RUNS"); do
        progress "end to end, $1, run $i ($FRAMES frames)"
        send_once "$1"
        sleep 0.2
    done
    echo $(($(rx_packets) - rx0))
}

# Floor: the pass-only program attached natively (native XDP on a veth
# needs a program on the receiver for redirected frames to arrive at all).
ip -n "$NS_RX" link set dev "$DEV_RX" xdpdrv obj "$PASS_OBJ" sec xdp
floor_rx=$(measure floor)
ip -n "$NS_RX" link set dev "$DEV_RX" xdpdrv off

ip netns exec "$NS_RX" "$NETMON" attach "$DEV_RX" --mode native --json --max-flows 65536 \
    >"$WORK/netmon.json" 2>"$WORK/netmon.err" &
NETMON_PID=$!
for _ in $(seq 100); do
    ip -n "$NS_RX" -d link show dev "$DEV_RX" | grep -q 'prog/xdp' && break
    sleep 0.05
done
ip -n "$NS_RX" -d link show dev "$DEV_RX" | grep -q 'prog/xdp' ||
    { cat "$WORK/netmon.err" >&2; echo "netmon-xdp did not attach" >&2; exit 1; }
netmon_rx=$(measure netmon)
kill -INT "$NETMON_PID"
wait "$NETMON_PID" || { cat "$WORK/netmon.err" >&2; exit 1; }
NETMON_PID=
counted=$(grep '"type":"final"' "$WORK/netmon.json" | tail -1 | jq '.totals.packets')
sent=$((FRAMES * RUNS))

rate_n=$(summary $(cut -d' ' -f1 "$WORK/netmon")) rate_f=$(summary $(cut -d' ' -f1 "$WORK/floor"))
cpu_n=$(summary $(cut -d' ' -f2 "$WORK/netmon")) cpu_f=$(summary $(cut -d' ' -f2 "$WORK/floor"))
cost=$(awk -v a="${cpu_n%% *}" -v b="${cpu_f%% *}" 'BEGIN { printf "%.0f", a - b }')
# What netmon-xdp must count is every frame that reached the receiver (its
# rx counter); frames the veth dropped before (a full ring) never reach XDP.
share="counted $counted, receiver rx $netmon_rx, sent $sent"
if [ "$counted" = "$netmon_rx" ]; then
    share="all counted: $share"
    [ "$netmon_rx" = "$sent" ] || share="$share ($((sent - netmon_rx)) lost on the veth before the receiver)"
else share="NOT ALL COUNTED: $share"; fi
S="4 end to end (veth)"
row "$S" "frames/s, 1 flow, 60 B frames" "frames/s" "$rate_n" "$rate_f" - \
    "generator: XDP live-frames test run + bpf_redirect; floor rx $floor_rx of $sent"
row "$S" "machine CPU per frame" "ns/frame" "$cpu_n" "$cpu_f" - \
    "monitor's cost: $cost ns/frame over the floor (/proc/stat busy time, 10 ms ticks)"
row "$S" "frames counted by netmon-xdp" "frames" "$counted $counted $counted" "$sent $sent $sent" - \
    "$share"
