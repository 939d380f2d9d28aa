#!/usr/bin/env bash
# Alert rules on live traffic (docs/alerts.md), netmon-xdp attached on the
# victim's end of a veth pair:
#   a. a SYN flood with random spoofed sources (hping3) raises exactly one
#      start and one end of 'syn per dst host pps > 1000 for 2s' for the
#      victim, the start within a few seconds; --on-alert gets both events;
#   b. a DNS amplification pattern (many sources, source port 53, large
#      answers) raises 'udp src port 53 per dst host bps > 100k' once;
#   c. a bulk TCP download (iperf3) at a byte rate above that threshold
#      raises none of the rules;
#   d. without --json, the text view prints the events as lines and lists
#      the active alert first in each block.
# Timing is generous (a loaded 2-core machine); the event counts are exact.
source "$(dirname "$0")/lib.sh"
command -v hping3 >/dev/null || { echo "SKIP: hping3 missing"; exit $SKIP; }
command -v iperf3 >/dev/null || { echo "SKIP: iperf3 missing"; exit $SKIP; }
make_veth_pair
VICTIM=10.77.0.1
SYN_RULE='syn per dst host pps > 1000 for 2s'
DNS_RULE='udp src port 53 per dst host bps > 100k'
# The hook appends each event's JSON (its stdin) to the file it is given.
printf '#!/bin/sh\ncat >>"$1"\n' >"$WORK/hook.sh"
chmod +x "$WORK/hook.sh"

# Starts a generator in the sender's namespace; sets GEN_PID. Not through
# in_tx, so that $! is the generator itself (ip execs it) and a kill stops it.
start_generator() {
    ip netns exec "$NS_TX" "$@" >"$WORK/gen.out" 2>&1 &
    GEN_PID=$!
    BACKGROUND_PIDS+=("$GEN_PID")
}
stop_generator() {
    kill -INT "$GEN_PID" 2>/dev/null || true
    wait "$GEN_PID" 2>/dev/null || true
}

# One run of netmon-xdp with both rules and the hook writing to $1.
start_monitor() {
    : >"$1"
    # --alert-clear 2: the end within seconds of the traffic (default 30 s).
    start_netmon attach "$DEV_RX" --json --interval 1 --alert "$SYN_RULE" --alert "$DNS_RULE" \
        --alert-clear 2 --on-alert "$WORK/hook.sh $1"
    wait_for_xdp "$NS_RX" "$DEV_RX"
}

# The alert events on stdout, one TSV line each: state rule key.
events() {
    jq -r 'select(.type=="alert") | [.state, .rule, (.key.dst_host // "-")] | @tsv' "$WORK/out"
}

# Waits (up to $2 s) until stdout holds $1 alert events.
wait_for_events() {
    local i
    for i in $(seq $(($2 * 10))); do
        [ "$(grep -c '"type":"alert"' "$WORK/out" || true)" -ge "$1" ] && return 0
        sleep 0.1
    done
    fail "waited $2 s for $1 alert events; got: $(events)"
}

# The hook runs asynchronously: wait (up to 10 s) for $2 events in file $1.
wait_for_hook() {
    local i
    for i in $(seq 100); do
        [ "$(jq -s length "$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
        sleep 0.1
    done
    fail "--on-alert wrote $(jq -s length "$1" 2>/dev/null) of $2 events: $(cat "$1")"
}

# a. SYN flood, random spoofed sources, for 5 s.
start_monitor "$WORK/hook_syn.jsonl"
flood_start=$(date +%s.%N)
start_generator hping3 -S --flood --rand-source -p 80 "$VICTIM"
sleep 5  # the traffic pattern: the flood lasts 5 s
stop_generator
flood_end=$(date +%s.%N)
# Ends once the rate stayed under the threshold for 2 s (--alert-clear 2):
# a few intervals after the flood.
wait_for_events 2 30
sleep 3 # anything late (a second start would be a flap) has time to show
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "SYN flood run: exit $NETMON_RC: $(cat "$WORK/err")"
got=$(events)
[ "$got" = "$(printf 'start\t%s\t%s\nend\t%s\t%s' "$SYN_RULE" $VICTIM "$SYN_RULE" $VICTIM)" ] ||
    fail "SYN flood: expected one start and one end for $VICTIM, got:
$got"
start=$(jq -c 'select(.type=="alert" and .state=="start")' "$WORK/out")
jq -e '.metric == "pps" and .value > 1000 and .threshold == 1000' <<<"$start" >/dev/null ||
    fail "SYN flood start: $start"
# The start: within a few seconds of the flood (2 s to hold, then the
# interval's end), allowing for a loaded machine.
start_s=$(jq -r '.timestamp | sub("\\.[0-9]+Z$"; "Z") | fromdate' <<<"$start")
delay=$(awk -v a="$start_s" -v b="$flood_start" 'BEGIN { printf "%.1f", a - b }')
awk -v d="$delay" 'BEGIN { exit !(d >= 1 && d <= 6) }' ||
    fail "SYN flood: the start came $delay s after the flood began (expected 1 to 6 s)"
end_s=$(jq -r 'select(.type=="alert" and .state=="end") | .timestamp | sub("\\.[0-9]+Z$"; "Z") | fromdate' "$WORK/out")
awk -v e="$end_s" -v f="$flood_end" 'BEGIN { exit !(e > f - 1) }' ||
    fail "SYN flood: the end ($end_s) came before the flood stopped ($flood_end)"
# --on-alert: both events, each valid JSON, start then end.
wait_for_hook "$WORK/hook_syn.jsonl" 2
[ "$(jq -s -c 'map([.state, .rule, .key.dst_host])' "$WORK/hook_syn.jsonl")" = \
  "$(jq -n -c --arg r "$SYN_RULE" --arg v $VICTIM '[["start", $r, $v], ["end", $r, $v]]')" ] ||
    fail "--on-alert got: $(cat "$WORK/hook_syn.jsonl")"
note "SYN flood: one start ($delay s after the flood began) and one end; --on-alert got both"

# b. DNS amplification: random sources, source port 53, 1200-byte answers,
# ~2000 a second (~20 Mbit/s; the threshold is 100 kbit/s), for 4 s.
start_monitor "$WORK/hook_dns.jsonl"
start_generator hping3 --udp --rand-source -s 53 -k -p 33000 -d 1200 -i u500 "$VICTIM"
sleep 4  # the traffic pattern: 4 s of amplification
stop_generator
wait_for_events 2 30
sleep 3  # a late second start (a flap) would show in this window: an absence, not pollable
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "amplification run: exit $NETMON_RC: $(cat "$WORK/err")"
got=$(events)
[ "$got" = "$(printf 'start\t%s\t%s\nend\t%s\t%s' "$DNS_RULE" $VICTIM "$DNS_RULE" $VICTIM)" ] ||
    fail "amplification: expected one start and one end for $VICTIM, got:
$got"
start=$(jq -c 'select(.type=="alert" and .state=="start")' "$WORK/out")
jq -e '.metric == "bps" and .value > 100000 and .top.destinations[0].name == "10.77.0.1"' \
    <<<"$start" >/dev/null || fail "amplification start: $start"
wait_for_hook "$WORK/hook_dns.jsonl" 2
note "amplification: one start and one end"

# c. A bulk TCP download at 20 Mbit/s for 4 s: the victim receives far more
# than 100 kbit/s, all TCP from port 5201, with one SYN: no rule fires.
start_monitor "$WORK/hook_tcp.jsonl"
# Not through in_tx: $! must be iperf3 itself, so the cleanup can kill it.
ip netns exec "$NS_TX" iperf3 -s -1 -B 10.77.0.2 >"$WORK/iperf_server.out" 2>&1 &
server=$!
BACKGROUND_PIDS+=("$server")
for i in $(seq 100); do
    in_tx ss -ltn 2>/dev/null | grep -q ':5201 ' && break
    sleep 0.1
done
# -R: the server sends, so the victim downloads.
in_rx iperf3 -c 10.77.0.2 -R -t 4 -b 20M >"$WORK/iperf.out" 2>&1 ||
    fail "iperf3 failed: $(cat "$WORK/iperf.out")"
wait "$server" 2>/dev/null || true
sleep 3  # intervals after the download: an alert would show here (absence, not pollable)
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "download run: exit $NETMON_RC: $(cat "$WORK/err")"
got=$(events)
[ -z "$got" ] || fail "the bulk download raised alerts:
$got"
[ ! -s "$WORK/hook_tcp.jsonl" ] || fail "--on-alert ran for the download: $(cat "$WORK/hook_tcp.jsonl")"
# The download really ran at a rate the byte rule would see: at least
# 5 MB of TCP in (20 Mbit/s for 4 s is 10 MB).
tcp_bytes=$(final_json | jq '.protocols.tcp.bytes')
[ "$tcp_bytes" -ge 5000000 ] || fail "the download moved only $tcp_bytes bytes of TCP"
# And every interval listed no active alert.
[ "$(jq -c 'select(.type=="interval") | .alerts.active | length' "$WORK/out" | sort -u)" = 0 ] ||
    fail "intervals listed active alerts during the download"
note "download: $tcp_bytes bytes of TCP, no alert"
# d. The plain text view: each event is one line (folded at 80 columns), and while the alert is
# active each interval's block lists it first, value against threshold.
: >"$WORK/out"
start_netmon attach "$DEV_RX" --interval 1 --alert "$DNS_RULE"
wait_for_xdp "$NS_RX" "$DEV_RX"
start_generator hping3 --udp --rand-source -s 53 -k -p 33000 -d 1200 -i u500 "$VICTIM"
sleep 3  # the traffic pattern: 3 s of amplification
stop_generator
for i in $(seq 300); do
    grep -q '^alert end: ' "$WORK/out" && break
    sleep 0.1
done
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "text run: exit $NETMON_RC: $(cat "$WORK/err")"
[ "$(grep -c '^alert start: ' "$WORK/out")" = 1 ] && [ "$(grep -c '^alert end: ' "$WORK/out")" = 1 ] ||
    fail "text view: expected one start and one end line, got: $(grep '^alert ' "$WORK/out")"
# Lines are folded at 80 columns between their fields: joined back here.
awk '/^    / { sub(/^ +/, ""); line = line "  " $0; next }
     { if (NR > 1) print line; line = $0 } END { print line }' "$WORK/out" >"$WORK/joined"
grep -Eq "^alert start: $DNS_RULE  \[dst host $VICTIM\]  bps [0-9.]+ [kM]bit/s > 100(\.0)? kbit/s  since " \
    "$WORK/joined" || fail "text view start line: $(grep -A2 '^alert start' "$WORK/out")"
# Not `grep -A1 | grep -q`: the first grep's output passes 4 KiB, and a
# write after grep -q has left would fail the pipeline (pipefail).
grep -Eq "^  ! $DNS_RULE  \[dst host $VICTIM\]  bps .* > " <<<"$(grep -A1 '^ALERTS: 1 active$' "$WORK/joined")" ||
    fail "text view: no active alert listed: $(grep -A1 '^ALERTS' "$WORK/out" | head -20)"
note "text view: one start line, one end line, the active alert listed"
echo PASS
