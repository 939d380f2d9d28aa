#!/usr/bin/env bash
# The web dashboard (docs/web.md) in a real browser: headless Debian
# chromium driven by web_page_check.mjs while netmon-xdp --http counts known
# traffic on a veth pair. The figures the page shows equal the final JSON
# and read as 3 significant digits with units; times are local with UTC on
# hover; charts gain a point per interval; a reload keeps the history; tables
# sort; the processes table names a local program with its exact bytes;
# at 390 px nothing is clipped; no request leaves the server; with a
# token the page asks for it first; a firing rule shows in colour at the top,
# as a marker on the charts, and in the log after a reload (when the build
# has --alert). Screenshots go to <build>/test-artifacts/; with
# NETMON_UPDATE_SCREENSHOTS=1 the 1280x800 and 390x844 ones of docs/img too.
source "$(dirname "$0")/lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
command -v node >/dev/null || { echo "SKIP: node missing (.ci/install-deps installs it)"; exit $SKIP; }
[ -x /usr/bin/chromium ] || { echo "SKIP: /usr/bin/chromium missing (Debian package chromium)"; exit $SKIP; }
BUILD_DIR=${NETMON_BUILD_DIR:-$(dirname "$NETMON_BIN")}
MODULES=$BUILD_DIR/web
[ -d "$MODULES/node_modules/playwright-core" ] ||
    { echo "SKIP: the web page was not built (npm missing at configure time)"; exit $SKIP; }
CHECK=$(dirname "$0")/web_page_check.mjs
ARTIFACTS=$BUILD_DIR/test-artifacts
# In this test's own namespace nothing else listens; each run gets its own
# port all the same, so one run's closing sockets never meet the next bind.
PORT=
URL=
use_port() { PORT=$1; URL=http://127.0.0.1:$PORT/; }

# The browser runs in its own process group, so the trap stops chromium too.
BROWSER_PID=
stop_browser() {
    [ -n "$BROWSER_PID" ] && kill -KILL -- "-$BROWSER_PID" 2>/dev/null || true
    BROWSER_PID=
}
trap 'stop_browser; cleanup' EXIT

# Runs the page check in the monitored namespace (where netmon-xdp listens).
check_page() {
    ip netns exec "$NS_RX" setsid node "$CHECK" --modules "$MODULES" --url "$URL" "$@" &
    BROWSER_PID=$!
    local rc=0
    wait "$BROWSER_PID" || rc=$?
    stop_browser
    [ "$rc" = 0 ] || fail "the page check failed (exit $rc); netmon-xdp said: $(cat "$WORK/err")"
}

# Waits until netmon-xdp attached and its server answers.
wait_for_netmon() {
    local i
    for i in $(seq 100); do
        kill -0 "$NETMON_PID" 2>/dev/null || fail "netmon-xdp exited: $(cat "$WORK/err")"
        if xdp_attached "$NS_RX" "$DEV_RX" &&
            in_rx bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; then
            return 0
        fi
        sleep 0.05
    done
    fail "netmon-xdp does not listen on $PORT: $(cat "$WORK/err")"
}

send_burst() {
    in_tx "$SEND_FRAMES" "$DEV_TX" basic --count "$1" \
        --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")" >/dev/null
}

send_traffic() {
    send_burst "$1"
    in_tx ping -q -c 20 -i 0.05 10.77.0.1 >/dev/null
}

make_veth_pair
ip -n "$NS_RX" link set lo up # the server listens on the namespace's 127.0.0.1
# Fixed neighbours: no ARP. A neighbour entry used while stale is probed
# 5 s later, which would put frames into the very interval the page is read
# in, after "no traffic" (flow_table.entries then differs from the final).
ip -n "$NS_RX" neigh replace 10.77.0.2 lladdr "$(mac_of "$NS_TX" "$DEV_TX")" dev "$DEV_RX" nud permanent
ip -n "$NS_TX" neigh replace 10.77.0.1 lladdr "$(mac_of "$NS_RX" "$DEV_RX")" dev "$DEV_TX" nud permanent
# Read whole: grep -q would quit early and the help's next write die of
# SIGPIPE, which pipefail counts as a failure.
ATTACH_HELP=$("$NETMON_BIN" attach --help)
grep -q -- '--http ' <<<"$ATTACH_HELP" || fail "netmon-xdp has no --http"

note "the dashboard"
use_port 8080
start_netmon attach "$DEV_RX" --json --interval 1 --http $PORT
wait_for_netmon
send_traffic 100
# A local program (the processes table): 30 datagrams, then it exits.
ip netns exec "$NS_RX" python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(30): s.sendto(b"w" * 300, ("10.77.0.2", 9))' & SENDER_PID=$!
wait "$SENDER_PID" || fail "the local UDP sender failed"
sleep 1.5 # the next interval holds all of it
check_page --mode dashboard --out "$WORK/shown.json" --artifacts "$ARTIFACTS"
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "exit $NETMON_RC: $(cat "$WORK/err")"
json=$(final_json)
shown=$(cat "$WORK/shown.json")
[ "$(jq .totals.packets <<<"$json")" -ge 900 ] || fail "too little traffic counted: $(jq -c .totals <<<"$json")"

# No traffic after the page read it: what it shows is the final figures, exactly.
for field in totals.packets totals.bytes flows.active flows.aged_out flows.overflow.packets \
    flows.overflow.bytes flows.max_active flows.refused.packets flows.refused.bytes \
    filtered_out.packets filtered_out.bytes flow_table.entries flow_table.capacity; do
    want=$(jq -r ".$field" <<<"$json")
    got=$(jq -r --arg f "$field" '.fields[$f]' <<<"$shown")
    [ "$got" = "$want" ] || fail "$field: page shows $got, final JSON has $want"
    # The title (hover) is the same digits, grouped with narrow no-break spaces.
    title=$(jq -r --arg f "$field" '.title[$f]' <<<"$shown" | sed 's/\xe2\x80\xaf//g')
    [ "$title" = "$want" ] || fail "$field: page title '$title', final JSON has $want"
done
# The fill card: the JSON's exact ratio behind the percentage it shows.
fill=$(jq -r '.fields["flow_table.fill_ratio"]' <<<"$shown")
jq -e --arg got "$fill" '($got | tonumber) == .flow_table.fill_ratio and
    .flow_table.capacity > 0' <<<"$json" >/dev/null ||
    fail "fill: page has '$fill', final JSON $(jq -c .flow_table <<<"$json")"
fill_text=$(jq -r '.text["flow_table.fill_ratio"]' <<<"$shown")
fill_title=$(jq -r '.title["flow_table.fill_ratio"]' <<<"$shown" | sed 's/\xe2\x80\xaf//g')
# "0.1 % of 8.19 k" (the percentage to one decimal), "12 of 8192 flows" on hover.
jq -e --arg text "$fill_text" --arg title "$fill_title" '.flow_table as $t |
    ($text | capture("^(?<pct>[0-9.]+) % of [0-9.]+( [kM])?$")) as $m |
    ($title | capture("^(?<f>[0-9]+) of (?<c>[0-9]+) flows$")) as $h |
    ($h.f | tonumber) == $t.fullest_table and ($h.c | tonumber) == $t.table_capacity and
    (($m.pct | tonumber) - 100 * $t.fill_ratio | fabs) <= 0.05' <<<"$json" >/dev/null ||
    fail "fill '$fill_text' ('$fill_title') does not match $(jq -c .flow_table <<<"$json")"
note "fill card: $fill_text"
want=$(jq -c '[.top.sources[] | {address, packets: (.packets|tostring), bytes: (.bytes|tostring)}] | sort_by(.address)' <<<"$json")
got=$(jq -c '[.sources[] | {address, packets, bytes}] | sort_by(.address)' <<<"$shown")
[ "$got" = "$want" ] || fail "top sources: page $got, final JSON $want"
want=$(jq -c '[.top.processes[] | {program: "\(.comm) \(.pid)", sent_bytes: (.sent.bytes|tostring),
    received_bytes: (.received.bytes|tostring), bytes: (.bytes|tostring)}] | sort_by(.program)' <<<"$json")
got=$(jq -c '[.processes[] | {program, sent_bytes, received_bytes, bytes}] | sort_by(.program)' <<<"$shown")
[ "$got" = "$want" ] || fail "top processes: page $got, final JSON $want"
jq -e --arg p "python3 $SENDER_PID" '.processes | any(.program == $p and (.sent_bytes | tonumber) >= 30 * 300)' \
    <<<"$shown" >/dev/null || fail "the processes table lacks python3 $SENDER_PID: $(jq -c .processes <<<"$shown")"
note "page figures equal the final JSON: $(jq -c '.fields | {"totals.packets", "totals.bytes"}' <<<"$shown")"

note "with a token"
TOKEN=web-test-$TEST_ID-$RANDOM
printf '%s\n' "$TOKEN" >"$WORK/token"
chmod 600 "$WORK/token" # a token file open to others is refused
use_port 8081
start_netmon attach "$DEV_RX" --json --interval 1 --http $PORT --http-token-file "$WORK/token"
wait_for_netmon
check_page --mode token --token "$TOKEN"
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "exit $NETMON_RC: $(cat "$WORK/err")"

if grep -q -- '--alert ' <<<"$ATTACH_HELP"; then
    note "an alert"
    use_port 8082
    start_netmon attach "$DEV_RX" --json --interval 1 --http $PORT --alert 'web-test: pps > 50'
    wait_for_netmon
    # Before any event, the rule's gauge is already there, at 0.
    metrics_ready() { in_rx curl -sf "http://127.0.0.1:$PORT/metrics" >"$WORK/metrics"; }
    wait_until 5 "no /metrics" metrics_ready
    grep -qx 'netmon_alerts_active{rule="web-test"} 0' "$WORK/metrics" ||
        fail "no netmon_alerts_active series at 0 before the first event: $(grep alert "$WORK/metrics")"
    # A burst every quarter second: every interval is over the threshold,
    # so the alert starts once and stays active while the page is checked.
    ( for i in $(seq 80); do send_burst 20; sleep 0.25; done ) &
    BACKGROUND_PIDS+=("$!")
    shots=()
    [ "${NETMON_UPDATE_SCREENSHOTS:-0}" = 1 ] && shots=(--screenshots "$(dirname "$0")/../../docs/img")
    check_page --mode alert --out "$WORK/alert.json" "${shots[@]}"
    stop_netmon INT
    grep -q '"type":"alert"' "$WORK/out" || fail "the page showed an alert the JSON does not have"
else
    note "SKIPPED the alerts panel: this build has no --alert"
fi
echo "PASS"
