#!/usr/bin/env bash
# --on-alert kept apart from the run (docs/alerts.md, "--on-alert"):
#   a. what the command prints goes to stderr, prefixed, or to
#      --on-alert-log: never into the JSON stream on stdout;
#   b. replay with a slow command: every event runs, each cut at
#      --on-alert-timeout, so the run takes about the timeout per event,
#      not the command's duration, and leaves nothing running;
#   c. live, a hanging command is killed at the timeout;
#   d. live, one still running at SIGTERM is killed at exit, and the
#      events it did not deliver are counted in the final object.
source "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
command -v ps >/dev/null || { echo "SKIP: ps missing"; exit $SKIP; }
RULE='per src host pps > 0'
python3 "$HERE/make_sources_pcap.py" "$WORK/three.pcap" 3
python3 "$HERE/make_sources_pcap.py" "$WORK/eight.pcap" 8
# A sleep no other process runs, to find what a command left behind.
SECONDS_ASLEEP=$((40000 + RANDOM))
SLEEP="sleep $SECONDS_ASLEEP"
# A zombie the system's init has yet to reap is not running.
left_running() {
    ps -eo stat=,args= |
        awk -v n="$SECONDS_ASLEEP" '$1 !~ /^Z/ && $2 == "sleep" && $3 == n && NF == 3' | grep -q .
}

# a. Output isolation.
"$NETMON_BIN" replay "$WORK/three.pcap" --json --alert "$RULE" \
    --on-alert 'echo HOOK-OUT; echo HOOK-ERR >&2' >"$WORK/out" 2>"$WORK/err" ||
    fail "replay: $(cat "$WORK/err")"
! grep -q HOOK "$WORK/out" || fail "the command's output is in stdout: $(grep HOOK "$WORK/out" | head -3)"
jq -e . "$WORK/out" >/dev/null || fail "stdout is not JSON Lines"
events=$(grep -c '"type":"alert"' "$WORK/out")
[ "$events" -ge 3 ] || fail "only $events events"
[ "$(grep -c '^netmon-xdp: on-alert: HOOK-OUT$' "$WORK/err")" = "$events" ] ||
    fail "stderr lacks the command's stdout lines: $(cat "$WORK/err")"
[ "$(grep -c '^netmon-xdp: on-alert: HOOK-ERR$' "$WORK/err")" = "$events" ] ||
    fail "stderr lacks the command's stderr lines: $(cat "$WORK/err")"
"$NETMON_BIN" replay "$WORK/three.pcap" --json --alert "$RULE" --on-alert 'echo HOOK-OUT' \
    --on-alert-log "$WORK/hook.log" >"$WORK/out" 2>"$WORK/err" || fail "replay: $(cat "$WORK/err")"
! grep -q HOOK "$WORK/out" "$WORK/err" || fail "--on-alert-log: output went elsewhere"
[ "$(grep -c '^HOOK-OUT$' "$WORK/hook.log")" = "$events" ] || fail "--on-alert-log: $(cat "$WORK/hook.log")"
rc=0
"$NETMON_BIN" replay "$WORK/three.pcap" --alert "$RULE" --on-alert-timeout nan --on-alert true \
    >/dev/null 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] || fail "--on-alert-timeout nan: exit $rc"
note "the command's output: on stderr prefixed, or in the log; stdout stays JSON"

# b. Replay with a command that would take hours: cut at 0.5 s each.
start=$(date +%s)
"$NETMON_BIN" replay "$WORK/eight.pcap" --json --alert "$RULE" --on-alert-timeout 0.5 \
    --on-alert "echo ran >>$WORK/ran; exec $SLEEP" >"$WORK/out" 2>"$WORK/err" ||
    fail "replay: $(cat "$WORK/err")"
took=$(($(date +%s) - start))
events=$(grep -c '"type":"alert"' "$WORK/out")
[ "$events" -ge 8 ] || fail "only $events events"
[ "$(wc -l <"$WORK/ran")" = "$events" ] || fail "$(wc -l <"$WORK/ran") of $events events ran"
[ "$took" -lt 60 ] || fail "replay took $took s for $events events of 0.5 s"
! left_running || fail "replay left the command running"
[ "$(jq -r 'select(.type=="final") | .on_alert_undelivered' "$WORK/out")" = 0 ] ||
    fail "undelivered: $(jq -c 'select(.type=="final") | .on_alert_undelivered' "$WORK/out")"
note "replay: $events slow runs in $took s, each killed at the timeout"

# Attaches with a hanging --on-alert command of the given timeout, sends
# the alerting capture and waits until the command ran ($2: what the case
# is called in failures).
attach_until_command_runs() {
    : >"$WORK/ran-live"
    start_netmon attach "$DEV_RX" --json --interval 0.2 --alert "$RULE" --on-alert-timeout "$1" \
        --on-alert "echo ran >>$WORK/ran-live; exec $SLEEP"
    wait_for_xdp "$NS_RX" "$DEV_RX"
    in_tx python3 "$HERE/send_pcap.py" "$DEV_TX" "$WORK/one.pcap" >/dev/null
    for i in $(seq 100); do [ -s "$WORK/ran-live" ] && break; sleep 0.1; done
    [ -s "$WORK/ran-live" ] || fail "$2: the command never ran"
}

# c. and d. Live.
make_veth_pair
python3 "$HERE/make_sources_pcap.py" "$WORK/one.pcap" 1
attach_until_command_runs 1 live
for i in $(seq 100); do left_running || break; sleep 0.1; done
! left_running || fail "live: the command outlived its 1 s timeout"
grep -q "did not finish within 1.000 s: killed" "$WORK/err" || fail "live: $(cat "$WORK/err")"
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "live: exit $NETMON_RC"
note "live: a hanging command is killed at its timeout"

attach_until_command_runs 600 exit
kill -TERM "$NETMON_PID"
for i in $(seq 100); do kill -0 "$NETMON_PID" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$NETMON_PID" 2>/dev/null || fail "exit: still running 10 s after SIGTERM"
NETMON_RC=0
wait "$NETMON_PID" || NETMON_RC=$?
[ "$NETMON_RC" = 0 ] || fail "exit: exit $NETMON_RC: $(cat "$WORK/err")"
! left_running || fail "exit: the command outlived netmon-xdp"
undelivered=$(final_json | jq -r .on_alert_undelivered)
[ "$undelivered" -ge 1 ] 2>/dev/null || fail "exit: undelivered events not counted: $undelivered"
grep -q "alert event(s) not delivered" "$WORK/err" || fail "exit: stderr: $(cat "$WORK/err")"
! xdp_attached "$NS_RX" "$DEV_RX" || fail "exit: XDP left attached"
note "live: at exit the command is killed and $undelivered undelivered event(s) counted"
echo "PASS"
