#!/usr/bin/env bash
# --http end to end: a real Prometheus scrapes netmon-xdp while known
# traffic flows, and its numbers equal netmon-xdp's final JSON and the
# interface's own counters; promtool accepts /metrics; SSE resumes with
# Last-Event-ID; auth, bad addresses, oversize and slow requests and 1000
# connections at once leave the counting exact; replay --http keeps serving,
# and 50,000 sources do not add series.
source "$(dirname "$0")/lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
for tool in prometheus promtool curl python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $SKIP; }
done
HERE=$(cd "$(dirname "$0")" && pwd)
make_veth_pair
ip -n "$NS_RX" link set lo up # the server and Prometheus talk over loopback
PORT=9464
PROM_PORT=9465
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "  $TOKEN  " >"$WORK/token"
chmod 600 "$WORK/token" # a token file open to others is refused
AUTH="Authorization: Bearer $TOKEN"
get() { in_rx curl -sS -m 10 -H "$AUTH" "$@"; }
# The HTTP status, or 000 without an answer. curl's own exit status is left
# out: answering 413 to a body still being sent closes the connection, and
# curl then fails the send (exit 55) after printing the 413, which set -e
# would take for the test failing, silently.
status() { in_rx curl -s -m 10 -o /dev/null -w '%{http_code}' "$@" || true; }
send_mix() {
    in_tx "$SEND_FRAMES" "$DEV_TX" basic --count "$1" \
        --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")"
}

note "refused at start, nothing attached"
expect_usage() { # expected-text args...
    local want=$1 rc=0
    shift
    in_rx "$NETMON_BIN" attach "$DEV_RX" "$@" >/dev/null 2>"$WORK/usage" || rc=$?
    [ "$rc" = 2 ] || fail "'$*': exit $rc, want 2: $(cat "$WORK/usage")"
    grep -q -- "$want" "$WORK/usage" || fail "'$*': message $(cat "$WORK/usage")"
    [ "$(wc -l <"$WORK/usage")" = 1 ] || fail "'$*': more than one line: $(cat "$WORK/usage")"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "'$*' left XDP attached"
}
expect_usage "needs --http-token-file" --http 0.0.0.0:$PORT
expect_usage "needs --http-token-file" --http "[::]:$PORT"
expect_usage "not a numeric IPv4 address" --http 300.1.1.1:$PORT
expect_usage "out of range" --http 70000
: >"$WORK/empty"
chmod 600 "$WORK/empty"
expect_usage "holds no token" --http $PORT --http-token-file "$WORK/empty"
expect_usage "cannot read" --http $PORT --http-token-file "$WORK/nonexistent"
ip netns exec "$NS_RX" python3 -c "import socket,time; s=socket.socket(); s.bind(('127.0.0.1',$PORT)); s.listen(); open('$WORK/held','w'); time.sleep(60)" &
HOLDER=$!
BACKGROUND_PIDS+=("$HOLDER")
for i in $(seq 100); do [ -e "$WORK/held" ] && break; sleep 0.1; done
[ -e "$WORK/held" ] || fail "could not hold port $PORT for the port-in-use check"
expect_usage "Address already in use" --http $PORT
kill "$HOLDER"; wait "$HOLDER" 2>/dev/null || true

note "attach with --http and a real Prometheus scraping every second"
start_netmon attach "$DEV_RX" --direction ingress --mode generic --json --interval 1 \
    --http 127.0.0.1:$PORT --http-token-file "$WORK/token"
wait_for_xdp "$NS_RX" "$DEV_RX" || fail "not attached: $(cat "$WORK/err")"
cat >"$WORK/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: netmon
    authorization:
      credentials_file: $WORK/token
    static_configs:
      - targets: ['127.0.0.1:$PORT']
YML
ip netns exec "$NS_RX" prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address=127.0.0.1:$PROM_PORT >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
BACKGROUND_PIDS+=("$PROM_PID")
read -r rx_packets0 rx_bytes0 <<<"$(rx_counters "$NS_RX" "$DEV_RX")"
sent=$(send_mix 40)
sleep 1.5

note "auth"
[ "$(status http://127.0.0.1:$PORT/metrics)" = 401 ] || fail "no token: not 401"
[ "$(status -H 'Authorization: Bearer wrong' http://127.0.0.1:$PORT/metrics)" = 401 ] ||
    fail "wrong token: not 401"
in_rx curl -s -D - -o /dev/null http://127.0.0.1:$PORT/metrics | grep -qi '^WWW-Authenticate: Bearer' ||
    fail "401 without WWW-Authenticate: Bearer"

note "/metrics passes promtool and is text/plain 0.0.4"
get http://127.0.0.1:$PORT/metrics >"$WORK/metrics"
check=$(promtool check metrics <"$WORK/metrics" 2>&1) || fail "promtool: $check"
[ -z "$check" ] || fail "promtool printed: $check"
get -D - -o /dev/null http://127.0.0.1:$PORT/metrics |
    grep -qi '^Content-Type: text/plain; version=0.0.4; charset=utf-8' || fail "content type"
grep -q '^netmon_build_info{version="[^"]*",revision="[^"]*"} 1$' "$WORK/metrics" || fail "build_info"
grep -q '^netmon_poll_duration_seconds_count [1-9]' "$WORK/metrics" || fail "no poll durations"

note "/api/v1/snapshot is the line --json printed; history; the page"
snap=$(get http://127.0.0.1:$PORT/api/v1/snapshot)
# That interval's line reaches stdout when its interval is printed.
wait_until 5 "the snapshot as a --json line: $snap" grep -qxF "$snap" "$WORK/out"
# Two intervals at least: on a fast machine the test gets here after one.
history_has_two() {
    hist=$(get http://127.0.0.1:$PORT/api/v1/history)
    jq -e '(.points | length) >= 2' <<<"$hist" >/dev/null
}
wait_until 5 "two points in /api/v1/history" history_has_two
jq -e '.interval_s == 1 and (.last_event_id | type) == "number" and
       all(.points[]; has("top") | not) and all(.points[]; has("totals"))' <<<"$hist" >/dev/null ||
    fail "history: $(head -c 300 <<<"$hist")"
page=$(in_rx curl -s -H "$AUTH" -w ' %{http_code}' http://127.0.0.1:$PORT/)
# The embedded page (built with npm), or the one line that says it is missing.
case $page in
"<!doctype html>"*" 200") ;;
"the web page was not built (npm was missing at build time); the API is at /api/v1/ and /metrics
 404") ;;
*) fail "GET /: $(head -c 200 <<<"$page")" ;;
esac

note "SSE: reconnect with Last-Event-ID gets the missed events"
sse=$(in_rx python3 "$HERE/http_clients.py" sse 127.0.0.1 $PORT "$TOKEN")
note "sse: $sse"
jq -e '(.first | length) == 2 and (.resumed | length) == 3 and
       .first[1][0] == .first[0][0] + 1 and
       ([.resumed[][0]] == [.first[1][0] + 1, .first[1][0] + 2, .first[1][0] + 3]) and
       all(.resumed[]; .[1] == "interval")' <<<"$sse" >/dev/null || fail "SSE replay: $sse"

note "oversize and slow requests, 1000 connections; counting goes on"
send_mix 40 >"$WORK/sent_during" &
SENDER=$!
big=$(head -c 100000 /dev/zero | tr '\0' a)
[ "$(status -H "$AUTH" "http://127.0.0.1:$PORT/metrics?$big")" = 414 ] || fail "long URI not 414"
head -c 1000000 /dev/zero >"$WORK/body"
code=$(status -H "$AUTH" --data-binary @"$WORK/body" http://127.0.0.1:$PORT/metrics)
[ "$code" = 413 ] || fail "1 MB body: $code, want 413"
code=$(status -H "$AUTH" -H "X-Big: $big" http://127.0.0.1:$PORT/metrics)
[ "$code" = 431 ] || fail "100 kB header: $code, want 431"
ip netns exec "$NS_RX" python3 "$HERE/http_clients.py" slowloris 127.0.0.1 $PORT "$TOKEN" >"$WORK/slow" &
SLOW=$!
sleep 1
t0=$(date +%s%N)
[ "$(status -H "$AUTH" http://127.0.0.1:$PORT/metrics)" = 200 ] || fail "no answer next to a slowloris"
note "answered next to a slowloris in $((($(date +%s%N) - t0) / 1000000)) ms"
# From 40 addresses, 25 each (under the per-address limit); 1000 is past
# the total of 256, so the rest wait in the listen backlog and are served.
(ulimit -n 4096; in_rx python3 "$HERE/http_clients.py" many 127.0.0.1 $PORT "$TOKEN" 1000 40) >"$WORK/many"
note "1000 connections: $(cat "$WORK/many")"
jq -e '."200" == 1000' "$WORK/many" >/dev/null || fail "1000 connections: $(cat "$WORK/many")"
wait "$SLOW"
note "slowloris: $(cat "$WORK/slow")"
jq -e '.closed and .after_s < 14 and (.reply | startswith("HTTP/1.1 408"))' "$WORK/slow" >/dev/null || fail "slowloris kept: $(cat "$WORK/slow")"
[ "$(status -H "$AUTH" http://127.0.0.1:$PORT/metrics)" = 200 ] || fail "no answer after the storm"
wait "$SENDER" || fail "sender failed during the storm"
sent2=$(send_mix 40)
sleep 3 # one more interval closes, and Prometheus scrapes it

note "Prometheus, the final JSON and ip -s link agree"
read -r rx_packets1 rx_bytes1 <<<"$(rx_counters "$NS_RX" "$DEV_RX")"
query() {
    in_rx promtool query instant "http://127.0.0.1:$PROM_PORT" "$1" | sed -n 's/^{.*} => \([0-9]*\) @.*/\1/p'
}
prom_packets=$(query 'sum(netmon_packets_total{interface="'"$DEV_RX"'"})')
prom_bytes=$(query 'sum(netmon_bytes_total{interface="'"$DEV_RX"'"})')
prom_tcp=$(query 'sum(netmon_packets_total{class="tcp"})')
declare -A prom_direction
for dir in inbound outbound internal other; do
    for unit in packets bytes; do
        prom_direction[$dir.$unit]=$(query 'sum(netmon_direction_'$unit'_total{interface="'"$DEV_RX"'",direction="'$dir'"})')
    done
done
prom_capacity=$(query 'sum(netmon_flow_table_capacity{interface="'"$DEV_RX"'"})')
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "exit $NETMON_RC: $(cat "$WORK/err")"
kill "$PROM_PID"; wait "$PROM_PID" 2>/dev/null || true
json=$(final_json)
rx_packets=$((rx_packets1 - rx_packets0))
rx_bytes=$((rx_bytes1 - rx_bytes0))
note "prometheus: $prom_packets packets, $prom_bytes bytes; final JSON: $(jq -c '.totals | {packets, bytes}' <<<"$json"); ip -s link: $rx_packets, $rx_bytes"
[ -n "$prom_packets" ] || fail "Prometheus has no netmon_packets_total: $(tail -5 "$WORK/prometheus.log")"
[ "$prom_packets" = "$(jq .totals.packets <<<"$json")" ] || fail "packets: Prometheus != JSON"
[ "$prom_bytes" = "$(jq .totals.bytes <<<"$json")" ] || fail "bytes: Prometheus != JSON"
[ "$prom_tcp" = "$(jq .protocols.tcp.packets <<<"$json")" ] || fail "tcp: Prometheus != JSON"
directed=0
for key in "${!prom_direction[@]}"; do
    want=$(jq ".interfaces[0].directions.$key" <<<"$json")
    [ "${prom_direction[$key]}" = "$want" ] ||
        fail "direction $key: Prometheus '${prom_direction[$key]}', JSON $want"
    [ "$want" = "$(jq ".directions.$key" <<<"$json")" ] || fail "direction $key: one interface, yet not the total"
    case $key in *.packets) directed=$((directed + want)) ;; esac
done
[ "$directed" -gt 0 ] || fail "no traffic in any direction: the direction check would prove nothing"
[ "$prom_capacity" = "$(jq .interfaces[0].flow_table.capacity <<<"$json")" ] ||
    fail "flow-table capacity: Prometheus $prom_capacity, JSON $(jq -c .interfaces[0].flow_table <<<"$json")"
[ "$prom_packets" = "$rx_packets" ] || fail "packets: Prometheus != ip -s link"
[ "$prom_bytes" = "$rx_bytes" ] || fail "bytes: Prometheus != ip -s link" # generic XDP: whole frames
expected=$(( $(jq .packets <<<"$sent") + $(jq .packets "$WORK/sent_during") + $(jq .packets <<<"$sent2") ))
[ "$prom_packets" = "$expected" ] || fail "packets: Prometheus $prom_packets, sent $expected"

note "replay --http serves the final state until SIGTERM; 50,000 sources add no series"
python3 "$HERE/make_sources_pcap.py" "$WORK/few.pcap" 5
python3 "$HERE/make_sources_pcap.py" "$WORK/many.pcap" 50000
series_of_replay() { # pcap -> number of series /metrics had at the end
    ip netns exec "$NS_RX" "$NETMON_BIN" replay "$1" --json --http $PORT --local-net 192.0.2.0/24 \
        >"$WORK/replay.out" 2>"$WORK/replay.err" &
    local pid=$! i
    BACKGROUND_PIDS+=("$pid")
    for i in $(seq 300); do
        grep -q "until Ctrl-C or SIGTERM" "$WORK/replay.err" && break
        sleep 0.1
    done
    grep -q "serving its final state on http://127.0.0.1:$PORT/" "$WORK/replay.err" ||
        fail "replay did not say where it serves: $(cat "$WORK/replay.err") $(in_rx ss -tanp)"
    in_rx curl -sS -m 10 http://127.0.0.1:$PORT/api/v1/snapshot >"$WORK/replay.snap"
    jq -e '.type == "final"' "$WORK/replay.snap" >/dev/null || fail "replay: snapshot is not final"
    # To a file, not a pipe: grep -q could exit while curl still writes a
    # large final object, and curl's EPIPE would fail the pipeline.
    in_rx curl -sS -m 10 -N http://127.0.0.1:$PORT/api/v1/stream >"$WORK/replay.stream" ||
        fail "replay: the stream failed"
    grep -q '^event: final' "$WORK/replay.stream" ||
        fail "replay: the stream does not end with the final event"
    in_rx curl -sS -m 10 http://127.0.0.1:$PORT/metrics >"$WORK/replay.metrics"
    grep -vc '^#' "$WORK/replay.metrics"
    kill -TERM "$pid"
    local rc=0
    wait "$pid" || rc=$?
    [ "$rc" = 0 ] || fail "replay --http: exit $rc after SIGTERM: $(cat "$WORK/replay.err")"
}
few=$(series_of_replay "$WORK/few.pcap")
# The final state, served as metrics and as JSON: the same numbers exactly.
metric() { # name labels -> value
    grep -F "$1{$2} " "$WORK/replay.metrics" | sed 's/.* //'
}
iface=$(jq -r '.interfaces[0].name' "$WORK/replay.snap")
for dir in inbound outbound internal other; do
    labels="interface=\"$iface\",direction=\"$dir\""
    for unit in packets bytes; do
        want=$(jq ".interfaces[0].directions.$dir.$unit" "$WORK/replay.snap")
        got=$(metric netmon_direction_${unit}_total "$labels")
        [ "$got" = "$want" ] || fail "replay $dir $unit: metrics '$got', JSON $want"
    done
done
jq -e '.directions.inbound.packets == 5 and .interfaces[0].directions.inbound.packets == 5' \
    "$WORK/replay.snap" >/dev/null || fail "replay: 5 inbound frames expected: $(jq -c .directions "$WORK/replay.snap")"
for pair in capacity:capacity entries:entries fill_ratio:fill_ratio; do
    got=$(metric netmon_flow_table_${pair%%:*} "interface=\"$iface\"")
    jq -e --arg got "$got" '($got | tonumber) == .interfaces[0].flow_table.'"${pair#*:}" \
        "$WORK/replay.snap" >/dev/null ||
        fail "replay flow table ${pair%%:*}: metrics '$got', JSON $(jq -c .interfaces[0].flow_table "$WORK/replay.snap")"
done
jq -e '.interfaces[0].flow_table | .capacity > 0 and .capacity == .tables * .table_capacity' \
    "$WORK/replay.snap" >/dev/null || fail "replay: no flow-table capacity: $(jq -c .flow_table "$WORK/replay.snap")"
note "replay: directions and flow table in /metrics equal the final JSON: $(jq -c .interfaces[0].flow_table "$WORK/replay.snap")"
many=$(series_of_replay "$WORK/many.pcap")
note "series: 5 sources $few, 50000 sources $many"
[ "$few" = "$many" ] || fail "series grew with the sources: $few -> $many"
jq -e '.totals.packets == 50000' <<<"$(grep '"type":"final"' "$WORK/replay.out")" >/dev/null ||
    fail "replay did not count 50000 frames"
echo "PASS"
