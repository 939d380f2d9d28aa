#!/usr/bin/env bash
# The command line's rough edges: one-line errors with a hint and a
# suggestion, no libbpf noise, another netmon-xdp named with its pid, the
# filter file read as text, replay's --local-net and --summary-only, and
# the JSON keys jq users need.
source "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PCAP=${NETMON_PCAPS:-$HERE/../../../shared/pcaps}/http_espn.pcapng

one_line_error() { # stderr-file expected-text
    [ "$(wc -l <"$1")" = 1 ] || fail "not one line: $(cat "$1")"
    grep -q "^netmon-xdp: " "$1" || fail "no prefix: $(cat "$1")"
    grep -qF -- "$2" "$1" || fail "expected '$2' in: $(cat "$1")"
}

rc=0; "$NETMON_BIN" attach lo --jsno 2>"$WORK/e" >/dev/null || rc=$?
[ "$rc" = 2 ] || fail "--jsno: exit $rc"
one_line_error "$WORK/e" "unknown option --jsno (did you mean --json?); see 'netmon-xdp attach --help'"

rc=0; "$NETMON_BIN" attach lo --duration -1 2>"$WORK/e" >/dev/null || rc=$?
[ "$rc" = 2 ] || fail "--duration -1: exit $rc"
one_line_error "$WORK/e" "must be a number of seconds above 0, not -1"
! grep -qE '[0-9]{20}' "$WORK/e" || fail "a huge number in: $(cat "$WORK/e")"

rc=0; "$NETMON_BIN" replay 2>"$WORK/e" >/dev/null || rc=$?
[ "$rc" = 2 ] || fail "replay without files: exit $rc"
one_line_error "$WORK/e" "see 'netmon-xdp replay --help'"
note "CLI errors: one line, a hint, a suggestion"

# A binary filter file is refused by name, never echoed.
printf 'tcp\0\001SECRETBYTES' >"$WORK/binary"
rc=0; "$NETMON_BIN" replay "$PCAP" --filter-file "$WORK/binary" 2>"$WORK/e" >/dev/null || rc=$?
[ "$rc" = 2 ] || fail "binary filter file: exit $rc"
one_line_error "$WORK/e" "is not text"
! grep -q SECRETBYTES "$WORK/e" || fail "the binary file was echoed"
# A trailing newline is not part of the filter.
printf 'tcp\n' >"$WORK/filter"
"$NETMON_BIN" replay "$PCAP" --filter-file "$WORK/filter" --json --summary-only >"$WORK/out"
jq -e '.filter == "tcp"' "$WORK/out" >/dev/null || fail "filter kept its newline: $(jq .filter "$WORK/out")"
note "filter file: newline stripped, binary refused"

# Replay: --summary-only prints only the final summary; --local-net fills
# the local host list; JSON has time_unix and proto_name.
"$NETMON_BIN" replay "$PCAP" --interval 1 >"$WORK/all" # text: one summary without --interval
"$NETMON_BIN" replay "$PCAP" --summary-only >"$WORK/summary"
[ "$(grep -c '^netmon-xdp ' "$WORK/summary")" = 1 ] || fail "--summary-only printed more than one block"
grep -q '^netmon-xdp final summary' "$WORK/summary" || fail "--summary-only: no final summary"
[ "$(wc -l <"$WORK/summary")" -lt "$(wc -l <"$WORK/all")" ] || fail "--summary-only is not shorter"
[ "$(jq -s length "$WORK/out")" = 1 ] || fail "--json --summary-only printed more than the final object"
"$NETMON_BIN" replay "$PCAP" --json --summary-only --local-net 0.0.0.0/0 >"$WORK/local"
jq -e '(.top.local_hosts | length) > 0 and .local_nets == ["0.0.0.0/0"]' "$WORK/local" >/dev/null ||
    fail "--local-net: no local hosts: $(jq -c '.top.local_hosts, .local_nets' "$WORK/local")"
jq -e '(.time_unix | type) == "number" and (.time_unix | floor | todate) == (.timestamp | sub("\\.[0-9]+Z$"; "Z"))' \
    "$WORK/local" >/dev/null || fail "time_unix does not match timestamp: $(jq -c '[.time_unix, .timestamp]' "$WORK/local")"
jq -e '[.top.flows[].proto_name] | all(. == "tcp" or . == "udp" or . == "icmp" or . == "arp" or . == "icmpv6")' \
    "$WORK/local" >/dev/null || fail "proto_name missing: $(jq -c '[.top.flows[].proto_name]' "$WORK/local")"
jq -e '.top.ports | length > 0 and (.[0] | has("port") and has("proto_name"))' "$WORK/local" >/dev/null ||
    fail "top.ports missing: $(jq -c '.top.ports' "$WORK/local")"
note "replay: --summary-only, --local-net, time_unix, proto_name, top.ports"

# Another netmon-xdp on the interface: named with its pid, even with --force,
# and no libbpf lines.
make_veth_pair
start_netmon attach "$DEV_RX" --json --interval 0.5
wait_for_xdp "$NS_RX" "$DEV_RX"
for force in "" --force; do
    rc=0
    in_rx "$NETMON_BIN" attach "$DEV_RX" --json --duration 1 $force >/dev/null 2>"$WORK/e2" || rc=$?
    [ "$rc" = "$([ -z "$force" ] && echo 2 || echo 1)" ] ||
        fail "second netmon-xdp $force: exit $rc: $(cat "$WORK/e2")"
    one_line_error "$WORK/e2" "another netmon-xdp monitors it (pid $NETMON_PID (netmon-xdp))"
    ! grep -q "libbpf" "$WORK/e2" || fail "libbpf noise: $(cat "$WORK/e2")"
    ! grep -q -- "use --force" "$WORK/e2" || fail "suggests --force: $(cat "$WORK/e2")"
done
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "the first netmon-xdp failed: $(cat "$WORK/err")"
note "another netmon-xdp: named with its pid, with and without --force"
echo "PASS"
