#!/usr/bin/env bash
# Bad input gets one clear line and a non-zero exit, and leaves nothing
# attached: no privileges, unknown or down interface, another XDP program.
source "$(dirname "$0")/lib.sh"
make_veth_pair
XDP_PASS_OBJ=$NETMON_TEST_BIN_DIR/xdp_pass.bpf.o

expect_error() { # expected-exit-code pattern -- command...
    local code=$1 pattern=$2 rc=0
    shift 3
    "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = "$code" ] || fail "'$*': exit $rc, expected $code; stderr: $(cat "$WORK/err")"
    grep -qiE "$pattern" "$WORK/err" || fail "'$*': stderr lacks /$pattern/: $(cat "$WORK/err")"
    [ "$(wc -l <"$WORK/err")" -le 2 ] || fail "'$*': more than a clear line: $(cat "$WORK/err")"
}

# Not root: no capabilities at all.
if command -v setpriv >/dev/null; then
    expect_error 3 'needs root.*CAP_BPF.*CAP_NET_ADMIN' -- \
        in_rx setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
        "$NETMON_BIN" attach "$DEV_RX"
    # Root without CAP_BPF/CAP_SYS_ADMIN: names what is missing.
    expect_error 3 'missing: CAP_BPF' -- \
        in_rx setpriv --bounding-set=-bpf,-sys_admin --inh-caps=-bpf,-sys_admin \
        "$NETMON_BIN" attach "$DEV_RX"
    # CAP_BPF and CAP_NET_ADMIN without CAP_PERFMON: the verifier would
    # refuse the program; named before anything loads.
    expect_error 3 'missing: CAP_PERFMON\)' -- \
        in_rx setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+bpf,+net_admin \
        --ambient-caps=+bpf,+net_admin "$NETMON_BIN" attach "$DEV_RX"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "attached without privileges"
else
    note "setpriv missing: privilege checks skipped"
fi

expect_error 2 "unknown interface 'nosuchdev0'" -- in_rx "$NETMON_BIN" attach nosuchdev0
# A misspelt subcommand, and an option of another subcommand.
expect_error 2 "unknown subcommand 'atach' \(did you mean attach\?\)" -- "$NETMON_BIN" atach "$DEV_RX"
expect_error 2 "unknown option --summary-only \(an option of replay, not attach\)" -- \
    in_rx "$NETMON_BIN" attach "$DEV_RX" --summary-only
# An empty value where one was given: no file read, no host named.
expect_error 2 "config: needs a file name" -- in_rx "$NETMON_BIN" attach "$DEV_RX" --config ''
expect_error 2 "host-name: needs a name" -- \
    in_rx "$NETMON_BIN" attach "$DEV_RX" --clickhouse http://127.0.0.1:8123/ --host-name ''
# --help to an output that cannot take it.
expect_error 1 "cannot write to standard output: No space left on device" -- \
    bash -c '"$1" attach --help >/dev/full' _ "$NETMON_BIN"
# The schema to an output that cannot take it.
expect_error 1 "clickhouse-schema: cannot write the schema: No space left on device" -- \
    bash -c '"$1" clickhouse-schema >/dev/full' _ "$NETMON_BIN"
# A --baseline that could not be saved at exit is refused before the run.
expect_error 2 "baseline '/proc/nosuchdir/b.json': cannot be saved at exit" -- \
    in_rx "$NETMON_BIN" attach "$DEV_RX" --alert 'pps > 3x baseline' \
    --baseline /proc/nosuchdir/b.json --duration 5
# A terminal type terminfo does not know: text blocks and a notice, where
# ncurses would end the process.
if command -v script >/dev/null; then
    rc=0
    TERM=nosuch-term script -qec "ip netns exec $NS_RX $NETMON_BIN attach $DEV_RX --duration 0.5" \
        /dev/null >"$WORK/out" 2>&1 </dev/null || rc=$?
    [ "$rc" = 0 ] || fail "unknown TERM: exit $rc: $(cat "$WORK/out")"
    grep -q "no terminal description for TERM='nosuch-term'" "$WORK/out" ||
        fail "unknown TERM: no notice: $(cat "$WORK/out")"
    grep -q "netmon-xdp final summary" "$WORK/out" || fail "unknown TERM: no summary: $(cat "$WORK/out")"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "unknown TERM: left attached"
fi
expect_error 2 'at least|required' -- in_rx "$NETMON_BIN" attach
expect_error 2 'mode' -- in_rx "$NETMON_BIN" attach "$DEV_RX" --mode turbo
expect_error 2 'interval' -- in_rx "$NETMON_BIN" attach "$DEV_RX" --interval 0

ip -n "$NS_RX" link set "$DEV_RX" down
expect_error 2 "is down" -- in_rx "$NETMON_BIN" attach "$DEV_RX"
ip -n "$NS_RX" link set "$DEV_RX" up

# Another program already there (attached through netlink): named, left alone.
ip -n "$NS_RX" link set dev "$DEV_RX" xdpgeneric obj "$XDP_PASS_OBJ" sec xdp
expect_error 2 "already has an XDP program 'xdp_pass'.*--force" -- \
    in_rx "$NETMON_BIN" attach "$DEV_RX" --duration 1
ip -n "$NS_RX" -d link show dev "$DEV_RX" | grep -q 'name xdp_pass' ||
    fail "the other program was not left in place"

# With --force it is replaced, and on exit nothing is left attached.
rc=0
in_rx "$NETMON_BIN" attach "$DEV_RX" --force --json --duration 0.5 >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || fail "--force: exit $rc: $(cat "$WORK/err")"
grep -q "replaced the XDP program 'xdp_pass'" "$WORK/err" || fail "--force: no notice: $(cat "$WORK/err")"
! xdp_attached "$NS_RX" "$DEV_RX" || fail "--force: something left attached"

# A running netmon-xdp holds its program through a bpf_link: a second one
# names it and refuses, even with --force, and the first keeps running.
start_netmon attach "$DEV_RX" --json --interval 0.2
wait_for_xdp "$NS_RX" "$DEV_RX"
expect_error 2 "already has an XDP program 'netmon_xdp'" -- in_rx "$NETMON_BIN" attach "$DEV_RX"
expect_error 1 "cannot replace" -- in_rx "$NETMON_BIN" attach "$DEV_RX" --force
kill -0 "$NETMON_PID" || fail "the first instance died"
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "first instance: exit $NETMON_RC"
! xdp_attached "$NS_RX" "$DEV_RX" || fail "left attached"
echo "PASS"
