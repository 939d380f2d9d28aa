#!/usr/bin/env bash
# Part 6 of bench/run: netmon-xdp next to the tools a user would pick
# instead (tcpdump, pmacctd, softflowd, the chapter's Scapy monitor; iftop
# gets a row saying why it is left out), one after the other on the same
# veth pair with the same traffic, in two shapes: XDP frames from bench_generator (kernel path)
# and UDP datagrams from bench_socket_sender (socket stack path).
# For each tool: frames it counted against the receiver's rx counter,
# whole-machine CPU per frame, its own CPU time and peak RSS.
# Prints PEER rows (bench/format_peers.awk makes the table). Installs
# nothing: a tool that is missing gets a row saying so.
# A third shape, xdp-many, sends the generator's frames over MANY_FLOWS
# flows (the most distinct source ports it has room for) to the floor,
# netmon-xdp and tcpdump: the machine's ns/frame when the flow table works.
# Usage: peers.sh BUILD_DIR SECONDS_PER_RUN FLOWS [MANY_FLOWS]
# PEER_SHAPES (default "xdp xdp-many socket") picks the shapes to run.
set -euo pipefail
BUILD=$1 SECS=$2 FLOWS=$3 MANY_FLOWS=${4:-50000}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
NETMON=$BUILD/netmon-xdp
GEN=$BUILD/bench/bench_generator
SOCK=$BUILD/bench/bench_socket_sender
PASS_OBJ=$BUILD/bench/bench_pass.bpf.o
SETTLE=1    # seconds after a send for the tool to drain what it has buffered

WORK=$(mktemp -d)
RUN_PID=
# Every tool runs in a session of its own (setsid) whose id is appended to
# $WORK/sessions, so that cleanup can stop it and its children whatever
# failed, and so that its CPU and memory can be summed over its processes.
cleanup() {
    if [ -n "$RUN_PID" ]; then kill -KILL "$RUN_PID" 2>/dev/null || true; fi
    kill_tool_sessions
    veth_pair_remove
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

veth_pair p
ip -n "$NS_RX" link set lo up # the tools' control sockets and pmacct's queries
# The socket sender's destination is an address nobody has: a static
# neighbour sends it to the receiver with no ARP, which drops it after the
# taps (forwarding is off), as it drops the generator's frames.
ip -n "$NS_TX" neigh replace 10.77.0.99 lladdr "$RX_MAC" dev "$DEV_TX" nud permanent

rx_packets() { ip -n "$NS_RX" -s -j link show dev "$DEV_RX" | jq '.[0].stats64.rx.packets'; }
# Busy jiffies (USER_HZ) of the whole machine: everything but idle and iowait.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
HZ=$(getconf CLK_TCK)

send() { # SHAPE: sends for $SECS seconds, prints "sent=N seconds=S"
    case $1 in
    xdp | xdp-many)
        local flows=$FLOWS
        [ "$1" = xdp ] || flows=$MANY_FLOWS
        ip netns exec "$NS_TX" "$GEN" --dev "$DEV_TX" --src-mac "$TX_MAC" --dst-mac "$RX_MAC" \
            --flows "$flows" --seconds "$SECS" ;;
    socket) ip netns exec "$NS_TX" "$SOCK" --dst 10.77.0.99 --flows "$FLOWS" --seconds "$SECS" ;;
    esac
}

pass_on() { ip -n "$NS_RX" link set dev "$DEV_RX" xdpdrv obj "$PASS_OBJ" sec xdp; }
pass_off() { ip -n "$NS_RX" link set dev "$DEV_RX" xdpdrv off; }

# Waits up to 20 s for PATTERN in the tool's output (it is ready then).
wait_ready() {
    local i
    for i in $(seq 200); do
        grep -q -- "$1" "$WORK/out" "$WORK/err" 2>/dev/null && return 0
        tool_alive || break
        sleep 0.1
    done
    echo "did not start: $(head -c 200 "$WORK/err" | tr '\n\t' '  ')" >"$WORK/why"
    return 1
}
# One run: sets up the receiver for TOOL, starts it, sends, collects.
# Writes "counted rx busy_ticks tool_cpu_s rss_mib note" to $WORK/result.
measure() {
    local shape=$1 tool=$2 counted=- usage="- -" note=""
    trap 'stop_tool KILL' EXIT
    # Every tool but netmon-xdp (which brings its own program) and the
    # "no program" run sees the frames behind the pass-only program: on a
    # veth, generator frames arrive only where an XDP program is attached.
    case $tool in netmon | none) ;; *) pass_on ;; esac
    case $tool in
    netmon)
        start_tool "$NETMON" attach "$DEV_RX" --mode native --direction ingress --json
        local i
        for i in $(seq 100); do
            ip -n "$NS_RX" -d link show dev "$DEV_RX" | grep -q 'prog/xdp' && break
            sleep 0.1
        done
        ip -n "$NS_RX" -d link show dev "$DEV_RX" | grep -q 'prog/xdp' ||
            { echo "did not attach: $(head -c 200 "$WORK/err")" >"$WORK/why"; return 1; } ;;
    tcpdump)
        start_tool tcpdump -i "$DEV_RX" -n -w /dev/null
        wait_ready "listening on" ;;
    pmacctd)
        # The buffers between its capture and its plugin are raised as its
        # own warning advises: with the defaults it reports "Missing data
        # detected" and loses most frames there instead of at the capture.
        printf '%s\n' "daemonize: false" "pcap_interface: $DEV_RX" "plugins: memory" \
            "imt_path: $WORK/pmacct.pipe" "aggregate: src_host,dst_host,src_port,dst_port,proto" \
            "plugin_buffer_size: 65536" "plugin_pipe_size: 67108864" >"$WORK/pmacctd.conf"
        start_tool pmacctd -f "$WORK/pmacctd.conf"
        wait_ready "waiting for data on" ;;
    softflowd)
        start_tool softflowd -i "$DEV_RX" -d -c "$WORK/softflowd.ctl" -p "$WORK/softflowd.pid"
        wait_ready "starting data collection" ;;
    scapy)
        start_tool "$SCAPY_PYTHON" "$HERE/peers/scapy_monitor.py" "$DEV_RX"
        wait_ready "^sniffing" ;;
    esac
    # libpcap tools print their banner before the capture loop runs.
    case $tool in floor | none | netmon) ;; *) sleep 0.5 ;; esac

    local rx0 busy0 rx1 busy1 out
    rx0=$(rx_packets)
    busy0=$(busy_ticks)
    out=$(send "$shape")
    sleep "$SETTLE"
    busy1=$(busy_ticks)
    rx1=$(rx_packets)
    [ -z "$TOOL" ] || usage=$(tool_usage)

    case $tool in
    netmon)
        stop_tool INT
        counted=$(grep '"type":"final"' "$WORK/out" | tail -1 | jq '.totals.packets') ;;
    tcpdump)
        stop_tool TERM
        counted=$(awk '/packets captured/ { print $1 }' "$WORK/err") ;;
    pmacctd)
        counted=$(ip netns exec "$NS_RX" pmacct -p "$WORK/pmacct.pipe" -s -O csv 2>/dev/null |
                  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "PACKETS") c = i; next }
                           { n += $c } END { if (c) print n + 0 }')
        note="sum of its memory table (pmacct -s); buffers 64 KiB / 64 MiB"
        stop_tool TERM ;;
    softflowd)
        counted=$(ip netns exec "$NS_RX" softflowctl -c "$WORK/softflowd.ctl" statistics |
                  awk '/^Packets processed:/ { print $3 }')
        note="'Packets processed' of softflowctl statistics"
        stop_tool TERM ;;
    scapy)
        stop_tool TERM
        counted=$(awk '$1 == "total" { print $2 }' "$WORK/out")
        note="Python callback per frame" ;;
    esac
    case $tool in netmon | none) ;; *) pass_off ;; esac
    [ -n "$counted" ] || { echo "printed no count: $(tail -c 200 "$WORK/err" | tr '\n\t' '  ')" >"$WORK/why"; return 1; }
    local sent=${out#sent=}
    sent=${sent%% *}
    echo "$counted $((rx1 - rx0)) $((busy1 - busy0)) $usage $sent ${note:--}" >"$WORK/result"
}

# "python3 that has scapy" or empty: the Debian package installs it for
# the system's python3, which need not be the first one on PATH.
find_scapy_python() {
    local py
    for py in python3 /usr/bin/python3; do
        command -v "$py" >/dev/null && "$py" -c 'import scapy.all' 2>/dev/null &&
            { echo "$py"; return; }
    done
    true
}
SCAPY_PYTHON=$(find_scapy_python)

missing() { # TOOL: what is not installed, or nothing
    case $1 in
    tcpdump) command -v tcpdump >/dev/null || echo "tcpdump not installed (apt-get install tcpdump)" ;;
    pmacctd) { command -v pmacctd && command -v pmacct; } >/dev/null ||
                 echo "pmacctd not installed (apt-get install pmacct)" ;;
    softflowd) { command -v softflowd && command -v softflowctl; } >/dev/null ||
                   echo "softflowd not installed (apt-get install softflowd)" ;;
    # Tried and left out (see bench/README.md): run from this script,
    # `iftop -t -s N` went on past N seconds after traffic in every run, and
    # it reports bytes with 3 digits, not frames.
    iftop) echo "left out: iftop -t -s N did not end by itself here; it counts bytes, not frames" ;;
    scapy) [ -n "$SCAPY_PYTHON" ] || echo "scapy not installed (apt-get install python3-scapy)" ;;
    esac
}

peer() { printf 'PEER\t%s\n' "$(IFS=$'\t'; echo "$*")"; }

for shape in ${PEER_SHAPES:-xdp xdp-many socket}; do
    # Socket frames arrive without any program: that run shows what the
    # pass-only program itself costs on a veth (see bench/README.md).
    tools="floor netmon tcpdump pmacctd softflowd iftop scapy"
    if [ $shape = socket ]; then tools=${tools/floor/floor none}; fi
    if [ $shape = xdp-many ]; then tools="floor netmon tcpdump"; fi
    floor_ns=
    for tool in $tools; do
        why=$(missing "$tool")
        if [ -n "$why" ]; then
            peer "$shape" "$tool" - - - - - - - "$why"
            continue
        fi
        progress "peers, $shape frames, $tool ($SECS s)"
        rm -f "$WORK/result" "$WORK/why" "$WORK/out" "$WORK/err"
        (measure "$shape" "$tool") &
        RUN_PID=$!
        wait "$RUN_PID" || true
        RUN_PID=
        # A pass-only program a failed run left behind would skew the next.
        ip -n "$NS_RX" link set dev "$DEV_RX" xdpdrv off 2>/dev/null || true
        if [ ! -s "$WORK/result" ]; then
            peer "$shape" "$tool" - - - - - - - "FAILED: $(cat "$WORK/why" 2>/dev/null || echo see stderr)"
            continue
        fi
        read -r counted rx ticks cpu rss sent note <"$WORK/result"
        ns=$(awk -v t="$ticks" -v n="$rx" -v hz="$HZ" 'BEGIN { printf "%.0f", n ? t / hz * 1e9 / n : 0 }')
        [ "$tool" = floor ] && floor_ns=$ns
        over=-
        [ -n "$floor_ns" ] && [ "$tool" != floor ] && over=$((ns - floor_ns))
        missed=-
        [ "$counted" = - ] ||
            missed=$(awk -v c="$counted" -v r="$rx" 'BEGIN { printf "%.1f", r ? (r - c) * 100 / r : 0 }')
        [ "$note" = - ] && note="sent $sent" || note="$note; sent $sent"
        peer "$shape" "$tool" "$counted" "$rx" "$missed" "$ns" "$over" "$cpu" "$rss" "$note"
    done
done
