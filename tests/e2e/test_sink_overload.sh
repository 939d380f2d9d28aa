#!/usr/bin/env bash
# Outputs that fall behind (docs/json.md, "Outputs that fall behind"):
#   a. a burst of 300 frames from 300 sources under 'per src host pps > 0':
#      the JSON stream holds every interval (or says how many it merged),
#      their counts add up to exactly what was sent, and all 300 start
#      events are there;
#   b. stdout a full pipe nobody reads: SIGTERM still ends the run within
#      10 s (5 s promised), exit 0, nothing left attached.
source "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
make_veth_pair
python3 "$HERE/make_sources_pcap.py" "$WORK/sources.pcap" 300

# a. The burst.
start_netmon attach "$DEV_RX" --json --interval 0.1 --alert 'per src host pps > 0'
wait_for_xdp "$NS_RX" "$DEV_RX"
wait_until 10 "the first interval" grep -q '"type":"interval"' "$WORK/out"
sent=$(in_tx python3 "$HERE/send_pcap.py" "$DEV_TX" "$WORK/sources.pcap")
[ "$sent" = 300 ] || fail "sent $sent frames"
for i in $(seq 100); do
    [ "$(grep -c '"state":"start"' "$WORK/out" || true)" -ge 300 ] && break
    sleep 0.1
done
sleep 0.5
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "burst: exit $NETMON_RC: $(cat "$WORK/err")"
starts=$(jq -c 'select(.type=="alert" and .state=="start")' "$WORK/out" | wc -l)
[ "$starts" = 300 ] || fail "burst: $starts start events of 300; stderr: $(cat "$WORK/err")"
# Each object continues the one before: its totals are the previous ones
# plus its own interval, so no interval is missing; merged ones say so.
jq -s -e '[.[] | select(.type=="interval" or .type=="final")] as $o |
    ($o | length) > 1 and ($o[0].totals.packets == $o[0].totals.interval.packets) and
    all(range(1; $o | length);
        $o[.].totals.packets == $o[. - 1].totals.packets + $o[.].totals.interval.packets and
        $o[.].totals.bytes == $o[. - 1].totals.bytes + $o[.].totals.interval.bytes and
        $o[.].merged_intervals >= 1)' "$WORK/out" >/dev/null ||
    fail "burst: an interval is missing from the JSON stream; stderr: $(cat "$WORK/err")"
json=$(final_json)
[ "$(jq -r '.totals.packets' <<<"$json")" = 300 ] || fail "burst: final counted $(jq -c .totals <<<"$json")"
[ "$(jq -s '[.[] | select(.type=="interval" or .type=="final") | .totals.interval.packets] | add' \
    "$WORK/out")" = 300 ] || fail "burst: the intervals do not add up to 300 packets"
[ "$(jq -r '.alert_events_lost' <<<"$json")" = 0 ] || fail "burst: events lost: $json"
check_conservation "$json"
note "burst: 300 start events, every interval present, 300 packets"

# b. SIGTERM while stdout is a full pipe: a FIFO this shell holds open
# (so opening it does not wait for a reader) and never reads.
mkfifo "$WORK/fifo"
exec 3<>"$WORK/fifo"
ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --json --interval 0.05 --top 100 \
    >"$WORK/fifo" 2>"$WORK/err" &
NETMON_PID=$!
BACKGROUND_PIDS+=("$NETMON_PID")
wait_for_xdp "$NS_RX" "$DEV_RX"
in_tx python3 "$HERE/send_pcap.py" "$DEV_TX" "$WORK/sources.pcap" >/dev/null
# The pipe is full and the queue behind it too once the hub says so.
for i in $(seq 300); do
    grep -q 'falling behind' "$WORK/err" && break
    sleep 0.1
done
grep -q 'falling behind' "$WORK/err" || fail "stdout never filled up: $(cat "$WORK/err")"
kill -TERM "$NETMON_PID"
for i in $(seq 100); do
    kill -0 "$NETMON_PID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$NETMON_PID" 2>/dev/null; then
    xdp_attached "$NS_RX" "$DEV_RX" && state="XDP still attached" || state="detached"
    fail "SIGTERM with a full stdout: still running after 10 s ($state)"
fi
rc=0
wait "$NETMON_PID" || rc=$?
exec 3<&-
[ "$rc" = 0 ] || fail "SIGTERM with a full stdout: exit $rc: $(cat "$WORK/err")"
! xdp_attached "$NS_RX" "$DEV_RX" || fail "SIGTERM with a full stdout: XDP left attached"
grep -q 'JSON output did not finish in time' "$WORK/err" ||
    fail "the stuck output was not named: $(cat "$WORK/err")"
note "SIGTERM with a full stdout: ended, detached"
echo "PASS"
