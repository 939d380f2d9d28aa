#!/usr/bin/env bash
# Part 7 of bench/run, the spoofed flood: a spoofed SYN flood capture (one
# flow per frame) sent over a veth pair of its own, once to netmon-xdp with
# the three example rules of docs/alerts.md and once to FastNetMon (AF_PACKET
# mirror, ../shared/peers/fastnetmon.conf: thresholds as in docs/alerts.md's
# comparison, each 1-second value judged). For each: the process's own CPU
# (user + system, all its threads) over the send and a settle time, per
# million frames, and whether it flagged the victim. Prints ROW lines.
# FastNetMon missing (apt-get install fastnetmon) gives a row saying so.
# Usage: flood.sh BUILD_DIR SECONDS PPS RUNS
set -euo pipefail
BUILD=$1 SECS=$2 PPS=$3 RUNS=$4
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
NETMON=$BUILD/netmon-xdp
PEER_CONF=${NETMON_FASTNETMON_CONF:-$(dirname "$HERE")/../shared/peers/fastnetmon.conf}
VICTIM=10.10.10.20
SETTLE=3 # seconds after the send: the last intervals close, bans are judged
HZ=$(getconf CLK_TCK)

WORK=$(mktemp -d)
cleanup() {
    kill_tool_sessions
    veth_pair_remove
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

veth_pair f
ip -n "$NS_RX" link set lo up # FastNetMon's API and metrics listen there
progress "flood: writing a ${SECS} s x ${PPS} pps spoofed SYN flood"
python3 "$HERE/../tests/tools/alert_pcaps.py" --flood "$WORK/flood.pcap" "$SECS" "$PPS"
FRAMES=$((SECS * PPS))

# One run: "cpu_seconds detected"
measure() {
    local t0 t1 detected
    t0=$(tool_ticks)
    ip netns exec "$NS_TX" python3 "$HERE/../tests/e2e/send_pcap.py" "$DEV_TX" "$WORK/flood.pcap" >/dev/null
    sleep "$SETTLE"
    t1=$(tool_ticks)
    case $1 in
    netmon | netmon_bare) stop_tool
            detected=$(jq -r 'select(.type=="alert" and .state=="start") | .key.dst_host' "$WORK/out" |
                       grep -c "^$VICTIM$" || true) ;;
    fastnetmon) detected=$(grep -c "^$VICTIM .* ban$" "$WORK/notify.log" 2>/dev/null || true)
                stop_tool ;;
    esac
    awk -v t=$((t1 - t0)) -v hz="$HZ" -v d="$detected" 'BEGIN { printf "%.2f %s\n", t / hz, d }'
}

run_netmon() { # [--no-rules]: what counting alone costs, for the rules' share
    local rules=(--alert 'per dst host sources > 500'
                 --alert 'dns: udp src port 53 per dst host bps > 100k'
                 --alert 'syn per dst host pps > 1000 for 3s')
    [ "${1:-}" = --no-rules ] && rules=()
    start_tool "$NETMON" attach "$DEV_RX" --mode native --json --interval 1 "${rules[@]}"
    local i
    for i in $(seq 100); do
        ip -n "$NS_RX" -d link show dev "$DEV_RX" | grep -q 'prog/xdp' && break
        sleep 0.1
    done
    sleep 1 # one interval: the steady state before counting
    measure netmon
}

run_netmon_bare() { run_netmon --no-rules; }

run_fastnetmon() {
    local run=$WORK/fnm
    mkdir -p "$run"
    echo "10.10.10.0/24" >"$run/networks_list"
    : >"$run/networks_whitelist"
    : >"$WORK/notify.log"
    # args: IP direction pps action; details on stdin, which must be read.
    printf '#!/bin/sh\ncat >/dev/null\necho "$1 $2 $3 $4" >>%s\n' "$WORK/notify.log" >"$run/notify.sh"
    chmod +x "$run/notify.sh"
    sed -e "s|@RUN@|$run|g" -e "s|@AVG@|0|g" -e "s|@NOTIFY@|$run/notify.sh|g" \
        -e "s|@IFACE@|$DEV_RX|g" "$PEER_CONF" >"$run/fastnetmon.conf"
    start_tool fastnetmon --configuration_file "$run/fastnetmon.conf" --log_to_console \
        --disable_pid_logic
    local i
    for i in $(seq 100); do
        grep -qi "af_packet\|afpacket" "$WORK/out" "$WORK/err" 2>/dev/null && break
        sleep 0.1
    done
    sleep 2 # its capture threads up
    measure fastnetmon
}

report() { # tool cpu-list detected-list
    local s per=()
    for s in $2; do per+=("$(awk -v c="$s" -v f="$FRAMES" 'BEGIN { printf "%.3f", c * 1e6 / f }')"); done
    row "7 alert rules (spoofed flood)" "$1, CPU-s per 10^6 frames" "s" "$(summary "${per[@]}")" - - \
        "$FRAMES frames (${SECS} s x $PPS pps, one spoofed source each) per run; flagged $VICTIM in $3 of $RUNS runs"
}

for tool in netmon netmon_bare fastnetmon; do
    if [ $tool = fastnetmon ] && ! command -v fastnetmon >/dev/null; then
        row "7 alert rules (spoofed flood)" "fastnetmon, CPU-s per 10^6 frames" "s" - - - \
            "fastnetmon not installed (apt-get install fastnetmon)"
        continue
    fi
    if [ $tool = fastnetmon ] && [ ! -f "$PEER_CONF" ]; then
        row "7 alert rules (spoofed flood)" "fastnetmon, CPU-s per 10^6 frames" "s" - - - \
            "no FastNetMon config at $PEER_CONF"
        continue
    fi
    cpu="" flagged=0
    for r in $(seq "$RUNS"); do
        progress "flood: $tool, run $r of $RUNS"
        run_$tool >"$WORK/result"
        read -r c d <"$WORK/result"
        cpu="$cpu $c"
        [ "$d" -gt 0 ] && flagged=$((flagged + 1))
    done
    case $tool in
    netmon) report "netmon-xdp, 3 rules" "$cpu" "$flagged" ;;
    netmon_bare) report "netmon-xdp, no rules" "$cpu" "$flagged" ;;
    fastnetmon) report "FastNetMon 1.2.4" "$cpu" "$flagged" ;;
    esac
done
