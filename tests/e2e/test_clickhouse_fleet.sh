#!/usr/bin/env bash
# Two hosts, one ClickHouse cluster (docs/clickhouse.md): two clickhouse-server
# (Debian's 18.16) in a two-shard cluster with the Distributed tables of
# `netmon-xdp clickhouse-schema`, two netmon-xdp on two veth pairs, each
# --host-name'd and inserting through its own server. Server 2 is stopped for
# 20 s mid-run while traffic goes on; instance two has a small buffer, so it
# loses rows and must say how many. Then, per host, the sums in ClickHouse
# equal that instance's final JSON totals minus exactly the packets and bytes
# of the rows it reported lost, and the fleet top-sources query of the docs
# puts the busiest generator first.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/clickhouse_lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
for tool in clickhouse-server curl; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing (apt-get install clickhouse-server)"; exit $SKIP; }
done
DOCS=$(cd "$(dirname "$0")/../.." && pwd)/docs/clickhouse.md

make_two_veth_pairs

# The servers live in the receiver namespace, their files in $WORK; they
# stop on any exit, before lib.sh's cleanup removes the namespace.
CH_NS=$NS_RX
trap 'ch_stop_all; cleanup' EXIT
ch_start_pair "$WORK/ch" || fail "clickhouse-server did not start"
"$NETMON_BIN" clickhouse-schema >"$WORK/schema.sql"
for n in 1 2; do
    ch_script $n "$WORK/schema.sql" || fail "the schema did not load on server $n"
done
printf '%s\n' "$CH_PASSWORD" >"$WORK/password"
chmod 600 "$WORK/password"

declare -A PID_OF
start_instance() {
    local name=$1
    shift
    ip netns exec "$NS_RX" "$NETMON_BIN" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    PID_OF[$name]=$!
    BACKGROUND_PIDS+=("$!")
}
common=(--json --interval 0.5 --clickhouse-user netmon --clickhouse-password-file "$WORK/password")
start_instance one attach "$DEV_RX" --host-name edge-1 "${common[@]}" \
    --clickhouse "http://127.0.0.1:$CH_HTTP1/?database=netmon"
start_instance two attach "$DEV_RX2" --host-name edge-2 "${common[@]}" \
    --clickhouse "http://127.0.0.1:$CH_HTTP2/?database=netmon" --clickhouse-buffer-rows 60
wait_for_xdp "$NS_RX" "$DEV_RX"
wait_for_xdp "$NS_RX" "$DEV_RX2"

# One burst a second on each pair: 40 flows from 10.1.0.1 (25 frames each)
# to host one, 15 flows from 10.2.0.1 (7 each) to host two.
send_round() {
    in_tx "$SEND_FRAMES" "$DEV_TX" udp-flows --flows 40 --count 25 --src4 10.1.0.1 \
        --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")" >/dev/null
    in_tx "$SEND_FRAMES" "$DEV_TX2" udp-flows --flows 15 --count 7 --src4 10.2.0.1 \
        --src-mac "$(mac_of "$NS_TX" "$DEV_TX2")" --dst-mac "$(mac_of "$NS_RX" "$DEV_RX2")" >/dev/null
}
for _ in 1 2 3; do send_round; sleep 1; done
note "stopping server 2 for 20 s"
ch_stop 2
for _ in $(seq 1 20); do send_round; sleep 1; done
ch_start 2 || fail "server 2 did not come back"
for _ in 1 2 3 4 5; do send_round; sleep 1; done
for name in one two; do
    kill -INT "${PID_OF[$name]}"
    rc=0
    wait "${PID_OF[$name]}" || rc=$?
    [ "$rc" = 0 ] || fail "$name exited $rc: $(cat "$WORK/$name.err")"
done

# What each instance reported: its final JSON, and its totals line.
declare -A WANT_FLOW WANT_IFACE LOST
for name in one two; do
    final=$(grep '"type":"final"' "$WORK/$name.out" | tail -1)
    [ -n "$final" ] || fail "$name wrote no final report: $(cat "$WORK/$name.err")"
    [ "$(jq .flows.overflow.packets <<<"$final")" = 0 ] || fail "$name: flow table overflow"
    line=$(grep -o 'clickhouse\.inserted_rows=.*' "$WORK/$name.err" | tail -1)
    [ -n "$line" ] || fail "$name printed no clickhouse totals line: $(cat "$WORK/$name.err")"
    note "$name: $(jq -c .totals.packets <<<"$final") packets; $line"
    get() { grep -o "clickhouse\.$1=[0-9]*" <<<"$line" | cut -d= -f2; }
    packets=$(jq .totals.packets <<<"$final")
    bytes=$(jq .totals.bytes <<<"$final")
    WANT_FLOW[$name]="$((packets - $(get lost_flow_packets))) $((bytes - $(get lost_flow_bytes)))"
    WANT_IFACE[$name]="$((packets - $(get lost_interface_packets))) $((bytes - $(get lost_interface_bytes)))"
    LOST[$name]=$(get lost_rows)
done
[ "${LOST[two]}" -gt 0 ] || fail "instance two (60-row buffer, 20 s outage) lost no rows: the test did not test losses"
grep -q "takes rows again" "$WORK/two.err" || fail "instance two never said the server came back: $(cat "$WORK/two.err")"

# The Distributed tables forward rows bound for the other shard in the
# background: wait until every host's sums are what its instance reported.
sums() { # TABLE -> "host packets bytes" lines
    ch_query 1 "SELECT host, sum(packets), sum(bytes) FROM netmon.$1 GROUP BY host ORDER BY host"
}
want() {
    printf 'edge-1\t%s\nedge-2\t%s\n' "${WANT_FLOW[one]// /$'\t'}" "${WANT_FLOW[two]// /$'\t'}"
}
want_iface() {
    printf 'edge-1\t%s\nedge-2\t%s\n' "${WANT_IFACE[one]// /$'\t'}" "${WANT_IFACE[two]// /$'\t'}"
}
settled() { [ "$(sums flows)" = "$(want)" ] && [ "$(sums interface_totals)" = "$(want_iface)" ]; }
note "waiting for the Distributed tables to settle"
deadline=$((SECONDS + 60))
until settled; do
    [ "$SECONDS" -lt "$deadline" ] || fail "after 60 s, flows: $(sums flows | tr '\t\n' ' ');" \
        "want $(want | tr '\t\n' ' '); interface_totals: $(sums interface_totals | tr '\t\n' ' ');" \
        "want $(want_iface | tr '\t\n' ' ')"
    sleep 1
done
note "per host, flows: $(sums flows | tr '\t\n' ' '); interface_totals: $(sums interface_totals | tr '\t\n' ' ')"
# By cityHash64(host), edge-1's rows live on shard 2 (forwarded by server 1,
# which held them while server 2 was down) and edge-2's on shard 1.
for pair in "1 edge-2" "2 edge-1"; do
    read -r n host <<<"$pair"
    [ "$(ch_query $n "SELECT groupUniqArray(host) FROM netmon.flows_local")" = "['$host']" ] ||
        fail "shard $n holds $(ch_query $n "SELECT groupUniqArray(host) FROM netmon.flows_local"), not ['$host']"
done

# The docs' fleet top-sources query, run as written on either server.
query=$(awk '/<!-- query: top-sources -->/ { grab = 1; next }
             grab && /^```sql/ { inside = 1; next }
             inside && /^```/ { exit }
             inside { print }' "$DOCS")
[ -n "$query" ] || fail "no top-sources query in $DOCS"
for n in 1 2; do
    first=$(ch_query $n "$query" | head -1 | cut -f1)
    [ "$first" = 10.1.0.1 ] || fail "top-sources on server $n: first is '$first', not 10.1.0.1: $(ch_query $n "$query")"
done
echo "two hosts, server 2 down 20 s: sums exact per host (host two lost ${LOST[two]} rows, reported); top source 10.1.0.1: PASS"
