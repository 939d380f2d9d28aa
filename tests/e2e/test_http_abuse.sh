#!/usr/bin/env bash
# --http under hostile clients (issue 26): a header flood inside a 1 GiB
# memory cgroup leaves the process alive and small; slow clients without a
# token do not delay an authenticated scrape; the SSE stream limit holds
# while streams are open and frees its slots when they close; one address
# cannot take more than its share of connections; a garbage Last-Event-ID
# does not replay the history.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/memory_cgroup.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
HERE=$(cd "$(dirname "$0")" && pwd)
trap 'memory_cgroup_remove; cleanup' EXIT
make_veth_pair
ip -n "$NS_RX" link set lo up
PORT=9474
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$TOKEN" >"$WORK/token"
chmod 600 "$WORK/token"
clients() { in_rx python3 "$HERE/http_clients.py" "$1" 127.0.0.1 $PORT "$TOKEN" "${@:2}"; }
rss_mb() { echo $(($(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/"$NETMON_PID"/status) / 1024)); }

start_netmon attach "$DEV_RX" --direction ingress --mode generic --json --interval 1 \
    --http 127.0.0.1:$PORT --http-token-file "$WORK/token"
wait_for_xdp "$NS_RX" "$DEV_RX" || fail "not attached: $(cat "$WORK/err")"
memory_cgroup_enter "$NETMON_PID" $((1024 * 1024 * 1024))
for i in $(seq 50); do
    [ "$(clients metrics | jq -r '.[0]')" = 200 ] && break
    sleep 0.2
done
[ "$(clients metrics | jq -r '.[0]')" = 200 ] || fail "no /metrics: $(cat "$WORK/err")"

note "header flood: 16 clients sending header lines without end for 8 s, no token"
rss0=$(rss_mb)
clients flood 16 8 >"$WORK/flood" &
FLOOD=$!
BACKGROUND_PIDS+=("$FLOOD")
peak=$rss0
while kill -0 "$FLOOD" 2>/dev/null; do
    kill -0 "$NETMON_PID" 2>/dev/null || break
    rss=$(rss_mb)
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.2
done
wait "$FLOOD" || true
note "flood: $(cat "$WORK/flood"); RSS $rss0 MB before, peak $peak MB"
kill -0 "$NETMON_PID" 2>/dev/null ||
    fail "netmon-xdp died in the flood (OOM kills in its cgroup: $(memory_cgroup_oom_kills)): $(tail -3 "$WORK/err")"
[ "$(memory_cgroup_oom_kills)" = 0 ] || fail "OOM kills in the cgroup: $(memory_cgroup_oom_kills)"
[ "$peak" -lt 200 ] || fail "RSS reached $peak MB in the flood"
jq -e '.hung_up > 16' "$WORK/flood" >/dev/null ||
    fail "the server did not hang up on the flooding clients: $(cat "$WORK/flood")"
[ "$(clients metrics | jq -r '.[0]')" = 200 ] || fail "no /metrics after the flood"

note "16 slow clients (a header byte every 3 s, no token); /metrics asked once a second"
clients slow 16 3 12 >"$WORK/slow"
note "slow: $(jq -c '.answers' "$WORK/slow")"
jq -e '(.answers | length) >= 8 and all(.answers[]; .[0] == "200" and .[1] < 2)' "$WORK/slow" >/dev/null ||
    fail "an authenticated request waited behind slow clients: $(cat "$WORK/slow")"
jq -e 'all(.slow_hung_up[]; . != null)' "$WORK/slow" >/dev/null ||
    fail "slow clients still connected after 12 s: $(jq -c .slow_hung_up "$WORK/slow")"

note "SSE: 20 streams one after another, then 20 at once"
clients streams 20 20 >"$WORK/streams"
note "streams: $(cat "$WORK/streams")"
jq -e '.one_by_one == {"200": 20}' "$WORK/streams" >/dev/null ||
    fail "streams opened one after another were refused: $(cat "$WORK/streams")"
jq -e '.at_once == {"200": 8, "503": 12}' "$WORK/streams" >/dev/null ||
    fail "the limit of 8 streams did not hold: $(cat "$WORK/streams")"
jq -e '.metrics_while_open[0] == "200"' "$WORK/streams" >/dev/null ||
    fail "/metrics not answered while 8 streams were open: $(cat "$WORK/streams")"
# The server has noticed the closed streams once none of its connections is
# open or half-closed (close-wait: the client's FIN not yet acted on).
streams_closed() { [ -z "$(in_rx ss -Htn state established state close-wait "sport = :$PORT")" ]; }
wait_until 10 "the server to close the ended streams" streams_closed
clients streams 0 8 >"$WORK/streams2"
jq -e '.at_once == {"200": 8}' "$WORK/streams2" >/dev/null ||
    fail "after the streams closed, 8 at once were not all served: $(cat "$WORK/streams2")"

note "a garbage Last-Event-ID starts at the latest interval, not the oldest held"
clients sse_garbage_id >"$WORK/garbage"
note "garbage Last-Event-ID: $(cat "$WORK/garbage")"
jq -e '(.fresh | length) == 1 and (.garbage | length) == 1 and .fresh[0][0] > 5 and
       .garbage[0][0] >= .fresh[0][0]' "$WORK/garbage" >/dev/null ||
    fail "a garbage Last-Event-ID replayed old events: $(cat "$WORK/garbage")"

note "one address holds at most 32 connections; others are still served"
clients hold 40 127.0.0.9 >"$WORK/hold" &
HOLD=$!
BACKGROUND_PIDS+=("$HOLD")
sleep 0.5
other=$(clients metrics 127.0.0.10)
wait "$HOLD"
note "hold: $(cat "$WORK/hold"); another address meanwhile: $other"
jq -e '.held == 32 and ([.refused[]] | add) == 8 and (.refused | has("503"))' "$WORK/hold" >/dev/null ||
    fail "per-address limit: $(cat "$WORK/hold")"
[ "$(jq -r '.[0]' <<<"$other")" = 200 ] || fail "another address was not served: $other"

kill -0 "$NETMON_PID" 2>/dev/null || fail "netmon-xdp died: $(tail -3 "$WORK/err")"
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "exit $NETMON_RC: $(cat "$WORK/err")"
echo "PASS"
