#!/usr/bin/env bash
# A kernel without a needed feature (simulated with NETMON_PROBE_OVERRIDE,
# which replaces probe results) stops `replay` and `attach` with one line
# naming the feature and its kernel version, a non-zero exit, and nothing
# attached to the interface. The real probes find everything on the test
# kernel, so the same runs without the override succeed.
source "$(dirname "$0")/lib.sh"

# expect_refusal PATTERN -- command...: exit 1, one line on stderr, nothing on stdout.
expect_refusal() {
    local pattern=$1 rc=0
    shift 2
    "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = 1 ] || fail "'$*': exit $rc, expected 1; stderr: $(cat "$WORK/err")"
    [ "$(wc -l <"$WORK/err")" = 1 ] || fail "'$*': not one line on stderr: $(cat "$WORK/err")"
    grep -qE "^netmon-xdp: $pattern" "$WORK/err" || fail "'$*': stderr lacks /$pattern/: $(cat "$WORK/err")"
    [ ! -s "$WORK/out" ] || fail "'$*': printed a report"
}

no_netmon_left() {
    xdp_attached "$NS_RX" "$DEV_RX" && fail "an XDP program was left on $DEV_RX"
    if command -v tc >/dev/null; then
        in_rx tc filter show dev "$DEV_RX" egress | grep -q . && fail "a TC egress filter was left"
    fi
    if command -v bpftool >/dev/null; then
        in_rx bpftool net show dev "$DEV_RX" | grep -q netmon && fail "a netmon program is still linked"
    fi
    return 0
}

# A capture of three ARP frames, 1 ms apart.
python3 - "$WORK/three.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    frame = bytes.fromhex("ffffffffffff020000000001" "0806") + bytes(46)
    for i in range(3):
        f.write(struct.pack("<IIII", 1700000000, i * 1000, len(frame), len(frame)) + frame)
PY

NETMON_PROBE_OVERRIDE=bpf_loop=missing expect_refusal \
    'this kernel lacks the bpf_loop helper \(Linux 5\.17\); netmon-xdp needs Linux 5\.18 or later$' -- \
    "$NETMON_BIN" replay "$WORK/three.pcap" --json
NETMON_PROBE_OVERRIDE=mmapable_array=missing expect_refusal \
    'this kernel lacks mmapable BPF arrays \(BPF_F_MMAPABLE\) \(Linux 5\.5\)' -- \
    "$NETMON_BIN" replay "$WORK/three.pcap"
# Replay links nothing: no BTF or XDP link needed.
NETMON_PROBE_OVERRIDE=btf=missing,xdp_link=missing "$NETMON_BIN" replay "$WORK/three.pcap" --json \
    >"$WORK/out" 2>"$WORK/err" || fail "replay without link features: $(cat "$WORK/err")"
[ "$(jq -r 'select(.type == "final") | .totals.packets' "$WORK/out")" = 3 ] ||
    fail "replay without link features did not count the 3 frames: $(cat "$WORK/out")"

make_veth_pair
NETMON_PROBE_OVERRIDE=xdp_link=missing expect_refusal \
    'this kernel lacks XDP bpf_links \(Linux 5\.9\); netmon-xdp needs Linux 5\.18 or later$' -- \
    ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --plain --duration 5
no_netmon_left
NETMON_PROBE_OVERRIDE=tcx=missing,clsact=missing expect_refusal \
    'this kernel has neither TCX links \(Linux 6\.6\) nor TC BPF classifiers on a clsact qdisc \(Linux 4\.5\), needed to count egress' -- \
    ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --plain --duration 5 --direction both
no_netmon_left
# Ingress only needs no TC: the same kernel runs it.
NETMON_PROBE_OVERRIDE=tcx=missing,clsact=missing ip netns exec "$NS_RX" "$NETMON_BIN" attach \
    "$DEV_RX" --json --duration 0.3 --interval 0.1 --direction ingress >"$WORK/out" 2>"$WORK/err" ||
    fail "ingress-only attach without TC: $(cat "$WORK/err")"
grep -q '"type":"final"' "$WORK/out" || fail "ingress-only attach printed no final report"
no_netmon_left

# A bad override is a usage error, one line.
rc=0
NETMON_PROBE_OVERRIDE=bpf_lop=missing "$NETMON_BIN" replay "$WORK/three.pcap" 2>"$WORK/err" >/dev/null || rc=$?
[ "$rc" = 2 ] || fail "bad override: exit $rc, expected 2: $(cat "$WORK/err")"
grep -q "NETMON_PROBE_OVERRIDE: unknown feature 'bpf_lop'" "$WORK/err" || fail "bad override: $(cat "$WORK/err")"
echo "PASS"
