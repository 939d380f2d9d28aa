#!/usr/bin/env bash
# The flow table: when it is full every frame is still in the totals and the
# overflow is reported; flows idle past --flow-timeout age out with their
# counts kept; the userspace table's bound (--max-active-flows) refuses new
# flows, counted as refused. Conservation holds in every case.
source "$(dirname "$0")/lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
make_veth_pair
# Pinned to one CPU: a veth delivers on the sender's CPU, and --max-flows is
# the size of each CPU's table, so the overflow counts below are exact.
SEND_CPU=$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')
send() { in_tx taskset -c "$SEND_CPU" "$SEND_FRAMES" "$DEV_TX" udp-flows --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" \
    --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")" "$@" >/dev/null; }

# Full: 8 flows per CPU table, 50 flows in one interval.
start_netmon attach "$DEV_RX" --json --interval 30 --max-flows 8
wait_for_xdp "$NS_RX" "$DEV_RX"
send --flows 50
sleep 0.3
stop_netmon INT
json=$(final_json)
check_conservation "$json"
jq -e '.totals.packets == 50 and .protocols.udp.packets == 50 and .flows.active == 8
       and .flows.overflow.packets == 42 and .flows.overflow.bytes == 42 * 60' <<<"$json" >/dev/null ||
    fail "overflow: $(jq -c '{totals, flows}' <<<"$json")"
# The fill says so exactly: the one CPU's table is full, 8 of 8.
cpus=$(jq '.flow_table.tables' <<<"$json")
jq -e '.flow_table == .interfaces[0].flow_table and .flow_table.fill_ratio == 1
       and .flow_table.fullest_table == 8 and .flow_table.entries == 8
       and .flow_table.table_capacity == 8 and .flow_table.capacity == 8 * .flow_table.tables
       and .flow_table.tables >= 1' <<<"$json" >/dev/null ||
    fail "fill of a full table: $(jq -c .flow_table <<<"$json")"
note "full table: 8 flows held, 42 frames in overflow, totals complete, fill 100 %"

# The text summary says so too.
start_netmon attach "$DEV_RX" --interval 30 --max-flows 8
wait_for_xdp "$NS_RX" "$DEV_RX"
send --flows 20
sleep 0.3
stop_netmon INT
grep -q 'flow table full: 12 packets' "$WORK/out" || fail "no overflow line: $(cat "$WORK/out")"
grep -q "^flow table: 100.0% full (fullest of $cpus CPU tables: 8 of 8 flows; 8 in all)$" "$WORK/out" ||
    fail "no fill line: $(cat "$WORK/out")"

# Ageing: 5 flows, silence past the timeout, then 3 other flows.
start_netmon attach "$DEV_RX" --json --interval 0.2 --flow-timeout 1 --all-flows
wait_for_xdp "$NS_RX" "$DEV_RX"
send --flows 5
sleep 2.5 # the traffic pattern: silence past --flow-timeout, so the 5 flows age out
in_tx "$SEND_FRAMES" "$DEV_TX" basic --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" \
    --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")" >/dev/null
sleep 0.3
stop_netmon INT
json=$(final_json)
check_conservation "$json"
jq -e '.flows.aged_out == 5 and .flows.aged_out_traffic.packets == 5 and .flows.active == 8
       and .totals.packets == 14 and (.flow_list | length) == 13
       and ([.flow_list[].packets] | add) == 14' <<<"$json" >/dev/null ||
    fail "ageing: $(jq -c '{totals, flows, n: (.flow_list | length)}' <<<"$json")"
# An interval object in between already showed them aged out.
grep '"type":"interval"' "$WORK/out" | jq -e -s 'map(.flows.aged_out) | max == 5' >/dev/null ||
    fail "no interval reported the aged-out flows"
note "ageing: 5 flows aged out, their counts kept, listed with --all-flows"

# The userspace table full: it holds 5 flows, 30 arrive over two intervals
# (the kernel's per-interval tables have room for all of them).
start_netmon attach "$DEV_RX" --json --interval 0.2 --max-active-flows 5 --all-flows
wait_for_xdp "$NS_RX" "$DEV_RX"
send --flows 30
sleep 0.5
send --flows 30
sleep 0.3
stop_netmon INT
json=$(final_json)
check_conservation "$json"
jq -e '.totals.packets == 60 and .flows.active == 5 and .flows.max_active == 5
       and .flows.active_traffic.packets == 10 and .flows.refused.packets == 50
       and .flows.refused.bytes == 50 * 60 and (.flow_list | length) == 5' <<<"$json" >/dev/null ||
    fail "held flows: $(jq -c '{totals, flows, n: (.flow_list | length)}' <<<"$json")"
jq -e -s '[.[] | .notices[]? | select(contains("flow table full (5 flows)"))] | length == 1' \
    "$WORK/out" >/dev/null || fail "no single notice of the full table: $(grep -o '"notices":[^]]*]' "$WORK/out")"
start_netmon attach "$DEV_RX" --interval 30 --max-active-flows 5
wait_for_xdp "$NS_RX" "$DEV_RX"
send --flows 8
sleep 0.3
stop_netmon INT
grep -q '^! 5 flows held: 3 packets (180 B) refused' "$WORK/out" ||
    fail "no refused line: $(cat "$WORK/out")"
note "5 flows held: 50 frames of new flows refused, in the totals, noticed once"

# A cap the machine could not hold full (~240 GiB of flows) does not bound
# memory: said at start, on stderr and once in the JSON.
available_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
if [ "$available_kb" -lt $((200 * 1024 * 1024)) ]; then
    python3 "$(dirname "$0")/make_sources_pcap.py" "$WORK/few.pcap" 10
    "$NETMON_BIN" replay "$WORK/few.pcap" --json --max-active-flows 1073741824 >"$WORK/out" \
        2>"$WORK/err" || fail "replay failed: $(cat "$WORK/err")"
    grep -q "could take 240.3 GiB when full (--max-active-flows 1073741824, --max-hosts 1048576)" \
        "$WORK/err" || fail "no notice of the caps: $(cat "$WORK/err")"
    jq -s -e '[.[] | .notices[]? | select(contains("240.3 GiB when full"))] | length == 1' \
        "$WORK/out" >/dev/null || fail "the notice is not in the JSON once"
    note "a cap the machine cannot hold full is noticed at start"
fi
echo "PASS"
