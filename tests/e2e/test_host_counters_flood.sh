#!/usr/bin/env bash
# Exact under a spoofed flood (issue 24): hping3 -S --flood --rand-source at
# the victim with --max-flows 1024 --filter tcp --direction ingress. The
# flow table overflows, and still
#   a. the victim's received packets (the kernel's per-host counters, and
#      its top.destinations entry) equal totals.packets exactly;
#   b. each event of 'per dst host pps > 1000' for the victim counts exactly
#      the packets the victim received in that interval, and its value is
#      those packets over its interval_s;
#   c. 'per dst host sources > 500' starts for the victim, marked as an
#      estimate with its relative error (the flows saw at most 1024 sources
#      per CPU and interval).
source "$(dirname "$0")/lib.sh"
command -v hping3 >/dev/null || { echo "SKIP: hping3 missing"; exit $SKIP; }
make_veth_pair
VICTIM=10.77.0.1
PPS_RULE='per dst host pps > 1000'
SOURCES_RULE='per dst host sources > 500'

start_netmon attach "$DEV_RX" --json --interval 1 --max-flows 1024 --filter tcp \
    --direction ingress --alert "$PPS_RULE" --alert "$SOURCES_RULE"
wait_for_xdp "$NS_RX" "$DEV_RX"
ip netns exec "$NS_TX" hping3 -S --flood --rand-source -p 80 "$VICTIM" >"$WORK/gen.out" 2>&1 &
GEN_PID=$!
BACKGROUND_PIDS+=("$GEN_PID")
sleep 4 # the flood lasts 4 s
kill -INT "$GEN_PID" 2>/dev/null || true
wait "$GEN_PID" 2>/dev/null || true
sleep 1
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "exit $NETMON_RC: $(cat "$WORK/err")"

final=$(final_json)
[ -n "$final" ] || fail "no final object: $(tail -c 2000 "$WORK/out")"
total=$(jq '.totals.packets' <<<"$final")
overflow=$(jq '.flows.overflow.packets' <<<"$final")
note "totals.packets $total, flow overflow $overflow"
[ "$total" -gt 20000 ] || fail "the flood hardly arrived: $total packets"
[ "$overflow" -gt 0 ] || fail "the flow table did not overflow (the test needs it to)"

# a. The victim's numbers are every frame's.
victim=$(jq -c --arg v "$VICTIM" '.local_host_counters.hosts[] | select(.address == $v)' <<<"$final")
[ -n "$victim" ] || fail "no local_host_counters entry for $VICTIM: $(jq -c .local_host_counters <<<"$final")"
[ "$(jq '.received.packets' <<<"$victim")" = "$total" ] ||
    fail "victim received $(jq '.received.packets' <<<"$victim") packets, totals $total"
[ "$(jq '.received.bytes' <<<"$victim")" = "$(jq '.totals.bytes' <<<"$final")" ] ||
    fail "victim received bytes differ from totals.bytes: $victim"
[ "$(jq '.syn_received' <<<"$victim")" = "$total" ] || fail "every frame was a SYN: $victim"
dest=$(jq --arg v "$VICTIM" '[.top.destinations[] | select(.address == $v) | .packets][0]' <<<"$final")
[ "$dest" = "$total" ] || fail "top.destinations has $dest packets for $VICTIM, totals $total"

# b. Every start/update event of the pps rule: that interval's packets.
n=0
while IFS=$'\t' read -r ts packets value interval_s; do
    got=$(jq -r --arg t "$ts" --arg v "$VICTIM" 'select(.type=="interval" and .timestamp==$t) |
          .local_host_counters.hosts[] | select(.address == $v) | .interval.received.packets' "$WORK/out")
    iv_total=$(jq -r --arg t "$ts" 'select(.type=="interval" and .timestamp==$t) | .totals.interval.packets' "$WORK/out")
    [ -n "$got" ] || fail "no interval object at $ts for an event"
    [ "$packets" = "$got" ] || fail "event at $ts counts $packets packets, the victim received $got"
    [ "$packets" = "$iv_total" ] || fail "event at $ts: $packets packets, the interval's total $iv_total"
    awk -v p="$packets" -v v="$value" -v s="$interval_s" \
        'BEGIN { d = p / s - v; if (d < 0) d = -d; exit !(d <= 0.001 + p * 0.0005 / s / s) }' ||
        fail "event at $ts: value $value is not $packets / $interval_s"
    n=$((n + 1))
done < <(jq -r --arg r "$PPS_RULE" --arg v "$VICTIM" 'select(.type=="alert" and .rule==$r and
          .state != "end" and .key.dst_host==$v) | [.timestamp, .packets, .value, .interval_s] | @tsv' "$WORK/out")
[ "$n" -ge 1 ] || fail "no event of '$PPS_RULE' for $VICTIM: $(grep '"type":"alert"' "$WORK/out" | head -5)"
jq -s -e --arg r "$PPS_RULE" '[.[] | select(.type=="alert" and .rule==$r and .state=="start")] |
      length == 1 and all(.estimate == false and (.explain | contains("per-host counters")))' \
    "$WORK/out" >/dev/null ||
    fail "the pps start does not say it read the per-host counters: $(grep -m1 "\"state\":\"start\"" "$WORK/out")"
note "$n events of '$PPS_RULE' matched their intervals exactly"

# c. Distinct sources: estimated from the kernel's sketch.
start=$(jq -c --arg r "$SOURCES_RULE" --arg v "$VICTIM" 'select(.type=="alert" and .rule==$r and
         .state=="start" and .key.dst_host==$v)' "$WORK/out" | head -1)
[ -n "$start" ] || fail "'$SOURCES_RULE' did not start for $VICTIM"
jq -e '.value > 500 and .estimate == true and .relative_error == 0.13 and
       (.explain | contains("sketch"))' <<<"$start" >/dev/null ||
    fail "sources start: $start"
echo "PASS"
