#!/usr/bin/env bash
# Every line of the text output fits 80 columns (issue 28): a live --plain
# run on a pipe with its final summary, alerts and --all-flows, and replay's
# text (one summary by default, blocks with --interval). Replay names the
# capture file, not its path, shows TOP PORTS and ALL FLOWS, the alert
# events under --summary-only, and says what it did about local networks.
source "$(dirname "$0")/lib.sh"

# No line of FILE wider than 80 columns (characters, not bytes: "→").
check_width() { # label file
    python3 - "$2" <<'PY' || fail "$1: lines wider than 80 columns"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
wide = [l for l in lines if len(l) > 80]
for l in wide[:5]:
    print(f"{len(l)} columns: {l}")
sys.exit(1 if wide else 0)
PY
    note "$1: $(wc -l <"$2") lines, none wider than 80 columns"
}

# --- attach --plain on a pipe -------------------------------------------------
make_veth_pair
ip netns exec "$NS_TX" ping -q -i 0.05 10.77.0.1 >/dev/null 2>&1 &
BACKGROUND_PIDS+=($!)
ip netns exec "$NS_TX" bash -c 'while :; do echo x >/dev/udp/10.77.0.1/53; sleep 0.05; done' \
    >/dev/null 2>&1 &
BACKGROUND_PIDS+=($!)
ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --plain --interval 0.5 --duration 3 \
    --all-flows --alert 'busy_udp_destination_host: udp per dst host pps > 1' 2>"$WORK/err" |
    cat >"$WORK/plain"
check_width "attach --plain on a pipe" "$WORK/plain"
grep -q "^netmon-xdp final summary  attach on $DEV_RX (XDP native)" "$WORK/plain" ||
    fail "final summary header: $(grep '^netmon-xdp final' "$WORK/plain")"
grep -q "^alert start: busy_udp_destination_host" "$WORK/plain" || fail "no alert start line"
grep -q "^TOP PORTS" "$WORK/plain" || fail "no TOP PORTS"
grep -qE "^53/udp +" "$WORK/plain" || fail "port 53/udp not in TOP PORTS"
grep -qE "^ALL FLOWS \([0-9]+, most bytes first\)" "$WORK/plain" || fail "no ALL FLOWS in the final summary"

# --- replay ---------------------------------------------------------------------
need_shared_pcaps http_espn.pcapng
PCAP=$PCAPS/http_espn.pcapng
"$NETMON_BIN" replay "$PCAP" --all-flows --alert 'busy: pps > 50' >"$WORK/replay" 2>"$WORK/err" ||
    fail "replay failed: $(cat "$WORK/err")"
check_width "replay" "$WORK/replay"
[ "$(grep -c '^netmon-xdp ' "$WORK/replay")" = 1 ] || fail "replay text is not one summary"
grep -q "^netmon-xdp final summary  replay on http_espn.pcapng  " "$WORK/replay" ||
    fail "header names the path: $(head -1 "$WORK/replay")"
# The file's name is wider than the column: a line of its own, then its numbers.
grep -qE "^ +[0-9]+ +[0-9.]+ KiB " <<<"$(grep -A1 -x "http_espn.pcapng" "$WORK/replay")" ||
    fail "INTERFACE column: $(grep -A2 '^INTERFACE' "$WORK/replay")"
! grep -qF "$PCAPS" "$WORK/replay" || fail "the capture's directory is in the text"
grep -q "^TOP PORTS" "$WORK/replay" || fail "replay: no TOP PORTS"
grep -q "^ALL FLOWS" "$WORK/replay" || fail "replay: no ALL FLOWS"
grep -q "^alert start: busy" "$WORK/replay" || fail "replay: no alert start line"
# Without --local-net: a guess, said to be one, and used.
grep -q "^notice: no --local-net given: local networks guessed from the capture" "$WORK/replay" ||
    fail "no local-network guess stated: $(grep -i 'local' "$WORK/replay")"
grep -q "^DIRECTION" "$WORK/replay" || fail "the guess did not give directions"
"$NETMON_BIN" replay --local-net 0.0.0.0/0 "$PCAP" >"$WORK/given"
! grep -q "guessed" "$WORK/given" || fail "guessed although --local-net was given"
"$NETMON_BIN" replay - <"$PCAP" >"$WORK/stdin"
grep -q "^notice: no --local-net given, and standard input is read only once" "$WORK/stdin" ||
    fail "standard input: no plain statement about local networks"
note "replay: one summary, file name only, TOP PORTS, ALL FLOWS, local networks guessed or not"

"$NETMON_BIN" replay "$PCAP" --interval 1 --all-flows >"$WORK/blocks"
check_width "replay --interval 1" "$WORK/blocks"
[ "$(grep -c '^netmon-xdp ' "$WORK/blocks")" -gt 1 ] || fail "--interval gave no blocks"

# --summary-only keeps the alert events: a start and an end leave a trace.
"$NETMON_BIN" replay "$PCAP" --summary-only --interval 1 --alert 'busy: pps > 50' >"$WORK/summary"
check_width "replay --summary-only" "$WORK/summary"
[ "$(grep -c '^netmon-xdp ' "$WORK/summary")" = 1 ] || fail "--summary-only printed blocks"
grep -q "^alert start: busy" "$WORK/summary" || fail "--summary-only hid the alert start"
grep -q "^alert end: busy" "$WORK/summary" || fail "--summary-only hid the alert end"
"$NETMON_BIN" replay "$PCAP" --summary-only --json --alert 'busy: pps > 50' >"$WORK/summary.json"
[ "$(jq -r .type "$WORK/summary.json" | sort | uniq -c | awk '{print $2 "=" $1}' | grep -c final=1)" = 1 ] &&
    [ "$(jq -r 'select(.type=="alert") | .state' "$WORK/summary.json" | head -1)" = start ] ||
    fail "--summary-only --json: $(jq -c .type "$WORK/summary.json" | sort | uniq -c)"
note "--summary-only: alert events and the final summary"
echo "PASS"
