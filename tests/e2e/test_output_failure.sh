#!/usr/bin/env bash
# Nothing lost silently: when stdout fails (a full disk, a closed stdout, a
# reader that went away) the run says so once on stderr, detaches, and exits
# non-zero; a reader that went away (`| head -1`) ends it quietly with 141,
# as SIGPIPE would, also on the clsact fallback path, whose egress filter
# must not be left behind. The same for replay.
source "$(dirname "$0")/lib.sh"
command -v tc >/dev/null || { echo "SKIP: tc missing"; exit $SKIP; }
[ -w /dev/full ] || { echo "SKIP: no /dev/full"; exit $SKIP; }
make_veth_pair
PCAP=$(dirname "$0")/../../../shared/pcaps/6in4tunnel.pcap
[ -r "$PCAP" ] || PCAP=$WORK/generated.pcap
# A small Ethernet capture of our own when the shared ones are absent.
[ -r "$PCAP" ] || python3 - "$PCAP" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    frame = bytes.fromhex("ffffffffffff020000000001" "0806") + bytes(46)
    for i in range(20):
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(frame), len(frame)) + frame)
PY

egress_filters() { in_rx tc filter show dev "$DEV_RX" egress; }
has_clsact() { in_rx tc qdisc show dev "$DEV_RX" | grep -q clsact; }
nothing_attached() { # context
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "$1: XDP program left attached"
    [ -z "$(egress_filters)" ] || fail "$1: egress filter left: $(egress_filters)"
    ! has_clsact || fail "$1: clsact qdisc left"
}
one_line_matching() { # context pattern
    [ "$(wc -l <"$WORK/err")" = 1 ] || fail "$1: expected one line on stderr: $(cat "$WORK/err")"
    grep -qE "^netmon-xdp: $2" "$WORK/err" || fail "$1: stderr lacks /$2/: $(cat "$WORK/err")"
}

# Runs netmon-xdp with stdout piped into `head -1`; sets RC (netmon-xdp's
# exit code) and keeps head's output in $WORK/head.
run_into_head() {
    set +e
    timeout 20 ip netns exec "$NS_RX" "$NETMON_BIN" "$@" 2>"$WORK/err" | head -1 >"$WORK/head"
    local codes=("${PIPESTATUS[@]}")
    set -e
    RC=${codes[0]}
}

for fallback in 0 1; do
    export NETMON_FORCE_TC_FALLBACK=$fallback
    what="fallback=$fallback"

    note "$what: a full disk: one line, exit 1, detached"
    rc=0
    timeout 20 ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --json --interval 0.2 \
        >/dev/full 2>"$WORK/err" || rc=$?
    [ "$rc" = 1 ] || fail "$what >/dev/full: exit $rc, stderr: $(cat "$WORK/err")"
    grep -v 'clsact filter' "$WORK/err" >"$WORK/err.only" || true
    mv "$WORK/err.only" "$WORK/err"
    one_line_matching "$what >/dev/full" "JSON output: cannot write: No space left on device"
    nothing_attached "$what >/dev/full"

    note "$what: stdout closed: one line, exit 1, detached"
    rc=0
    timeout 20 ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --interval 0.2 \
        >&- 2>"$WORK/err" || rc=$?
    [ "$rc" = 1 ] || fail "$what >&-: exit $rc, stderr: $(cat "$WORK/err")"
    grep -v 'clsact filter' "$WORK/err" >"$WORK/err.only" || true
    mv "$WORK/err.only" "$WORK/err"
    one_line_matching "$what >&-" "text output: cannot write: Bad file descriptor"
    nothing_attached "$what >&-"

    note "$what: | head -1: quiet, exit 141, detached"
    run_into_head attach "$DEV_RX" --json --interval 0.2
    [ "$RC" = 141 ] || fail "$what | head -1: exit $RC, stderr: $(cat "$WORK/err")"
    jq -e '.schema == "netmon-xdp/1"' "$WORK/head" >/dev/null ||
        fail "$what | head -1: not a JSON line: $(cat "$WORK/head")"
    grep -v 'clsact filter' "$WORK/err" >"$WORK/err.only" || true
    [ ! -s "$WORK/err.only" ] || fail "$what | head -1: not quiet: $(cat "$WORK/err.only")"
    nothing_attached "$what | head -1"

    # The issue's case: the next attach must work (nothing of ours in the way).
    start_netmon attach "$DEV_RX" --json --interval 0.2 --duration 0.5
    wait "$NETMON_PID" || fail "$what: the next attach failed: $(cat "$WORK/err")"
    nothing_attached "$what: the next attach"
done
unset NETMON_FORCE_TC_FALLBACK

note "replay: a full disk, a closed stdout, | head -1"
rc=0
"$NETMON_BIN" replay --json "$PCAP" >/dev/full 2>"$WORK/err" || rc=$?
[ "$rc" = 1 ] || fail "replay >/dev/full: exit $rc, stderr: $(cat "$WORK/err")"
one_line_matching "replay >/dev/full" "JSON output: cannot write: No space left on device"
rc=0
"$NETMON_BIN" replay --json "$PCAP" >&- 2>"$WORK/err" || rc=$?
[ "$rc" = 1 ] || fail "replay >&-: exit $rc, stderr: $(cat "$WORK/err")"
one_line_matching "replay >&-" "JSON output: cannot write: Bad file descriptor"
set +e
"$NETMON_BIN" replay --json "$PCAP" 2>"$WORK/err" | head -1 >"$WORK/head"
codes=("${PIPESTATUS[@]}")
set -e
[ "${codes[0]}" = 141 ] || fail "replay | head -1: exit ${codes[0]}, stderr: $(cat "$WORK/err")"
[ ! -s "$WORK/err" ] || fail "replay | head -1: not quiet: $(cat "$WORK/err")"
echo "PASS"
