#!/usr/bin/env bash
# Nothing lost at exit: frames keep arriving while netmon-xdp stops, and
# the final report holds every frame its XDP program ran on. The kernel's
# own run count of the program (BPF statistics, read after the exit by a
# tool that keeps the program open) is the reference: it counts exactly
# the frames seen until the detach, whatever arrived after it. Harvesting
# before the detach loses the frames counted between the last flip and
# the detach, and this test fails.
source "$(dirname "$0")/lib.sh"
RUN_COUNT=$NETMON_TEST_BIN_DIR/prog_run_count
[ -x "$RUN_COUNT" ] || fail "prog_run_count not built at $RUN_COUNT"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
make_veth_pair

start_netmon attach "$DEV_RX" --direction ingress --json --interval 0.2
wait_for_xdp "$NS_RX" "$DEV_RX"
prog_id=$(ip -n "$NS_RX" -d -j link show dev "$DEV_RX" | jq -r '.[0].xdp.prog.id')
[[ "$prog_id" =~ ^[0-9]+$ ]] || fail "no XDP program id on $DEV_RX: $prog_id"

# The counter is on (and holds the program) before the first frame.
mkfifo "$WORK/hold"
"$RUN_COUNT" "$prog_id" <"$WORK/hold" >"$WORK/runs" 2>"$WORK/runs.err" &
RUN_COUNT_PID=$!
BACKGROUND_PIDS+=("$RUN_COUNT_PID")
exec 3>"$WORK/hold"
for i in $(seq 100); do
    grep -q ready "$WORK/runs" && break
    kill -0 "$RUN_COUNT_PID" 2>/dev/null || fail "prog_run_count: $(cat "$WORK/runs.err")"
    sleep 0.05
done
grep -q ready "$WORK/runs" || fail "prog_run_count did not start"

# A steady stream, as fast as the sender goes, through the exit.
rx_mac=$(mac_of "$NS_RX" "$DEV_RX")
# Not through in_tx: $! must be the sender itself (ip execs it).
ip netns exec "$NS_TX" "$SEND_FRAMES" "$DEV_TX" basic --count 1000000000 --dst-mac "$rx_mac" \
    >/dev/null 2>&1 &
SENDER_PID=$!
BACKGROUND_PIDS+=("$SENDER_PID")
for i in $(seq 100); do
    [ "$(rx_counters "$NS_RX" "$DEV_RX" | cut -d' ' -f1)" -gt 1000 ] && break
    sleep 0.05
done
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "exit code $NETMON_RC, stderr: $(cat "$WORK/err")"
! xdp_attached "$NS_RX" "$DEV_RX" || fail "XDP program left attached"
# Still sending after the exit: the stream went through it.
kill -0 "$SENDER_PID" 2>/dev/null || fail "the sender stopped before netmon-xdp exited"
sleep 0.1
kill "$SENDER_PID"
wait "$SENDER_PID" 2>/dev/null || true
received=$(rx_counters "$NS_RX" "$DEV_RX" | cut -d' ' -f1)

exec 3>&-
wait "$RUN_COUNT_PID" || fail "prog_run_count: $(cat "$WORK/runs.err")"
runs=$(tail -1 "$WORK/runs")
json=$(final_json)
[ -n "$json" ] || fail "no final summary"
check_conservation "$json"
counted=$(jq -r '.totals.packets' <<<"$json")
note "program ran $runs times, final report counts $counted, $received frames received in all"
[ "$runs" -gt 1000 ] || fail "too few frames to test: $runs"
[ "$received" -gt "$runs" ] || fail "no frame arrived after the detach: $received received, $runs seen"
[ "$counted" = "$runs" ] ||
    fail "final report counts $counted frames, the program saw $runs: $((runs - counted)) lost at exit"
echo "PASS"
