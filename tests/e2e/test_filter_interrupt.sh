#!/usr/bin/env bash
# A filter of 700 `host` terms keeps libpcap's optimiser busy for many
# seconds. Ctrl-C (SIGINT) or SIGTERM during that compile ends netmon-xdp at
# once (exit 128 + signal, one line), with nothing attached and no compiler
# process left behind.
source "$(dirname "$0")/lib.sh"
make_veth_pair
python3 -c "print(' or '.join('host 10.%d.%d.%d' % (i // 62500, (i // 250) % 250, i % 250 + 1)
                                for i in range(700)))" >"$WORK/filter"
PCAP=$WORK/one.pcap
python3 - "$PCAP" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    frame = bytes.fromhex("ffffffffffff020000000001" "0806") + bytes(46)
    f.write(struct.pack("<IIII", 1700000000, 0, len(frame), len(frame)) + frame)
PY

now_ms() { echo $(($(date +%s%N) / 1000000)); }

interrupt_compile() { # signal expected-rc command...
    local sig=$1 expected=$2 rc=0
    shift 2
    "$@" >"$WORK/out" 2>"$WORK/err" &
    local pid=$!
    BACKGROUND_PIDS+=("$pid")
    sleep 1.5 # well inside the compile
    kill -0 "$pid" 2>/dev/null || fail "$*: ended before the signal: $(cat "$WORK/err")"
    local sent
    sent=$(now_ms)
    kill -"$sig" "$pid"
    wait "$pid" || rc=$?
    local took=$(($(now_ms) - sent))
    [ "$rc" = "$expected" ] || fail "SIG$sig: exit $rc, expected $expected: $(cat "$WORK/err")"
    [ "$took" -lt 1000 ] || fail "SIG$sig: took $took ms to stop"
    grep -qx "netmon-xdp: interrupted by SIG$sig while compiling the filter; nothing was attached" \
        "$WORK/err" || fail "SIG$sig: stderr: $(cut -c1-300 "$WORK/err")"
    [ ! -s "$WORK/out" ] || fail "SIG$sig: printed a report"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "SIG$sig: XDP attached"
    sleep 0.2
    ! pgrep -f -- "--filter-file $WORK/filter" >/dev/null || fail "SIG$sig: a compiler process is left"
    note "SIG$sig during the compile: stopped in $took ms, exit $rc"
}

interrupt_compile INT 130 ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --json \
    --filter-file "$WORK/filter"
interrupt_compile TERM 143 ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --json \
    --filter-file "$WORK/filter"
interrupt_compile INT 130 "$NETMON_BIN" replay --json --filter-file "$WORK/filter" "$PCAP"
echo "PASS"
