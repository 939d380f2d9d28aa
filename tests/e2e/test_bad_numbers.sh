#!/usr/bin/env bash
# Every numeric option refuses what is not a finite number in range (nan,
# inf, 1e999): one line, exit 2, nothing attached. A --max-flows whose
# preallocated tables would not fit in half of the available memory is
# refused fast, before anything is allocated, with the figure and a value
# that fits.
source "$(dirname "$0")/lib.sh"
make_veth_pair
PCAP=$WORK/one.pcap
python3 - "$PCAP" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    frame = bytes.fromhex("ffffffffffff020000000001" "0806") + bytes(46)
    f.write(struct.pack("<IIII", 1700000000, 0, len(frame), len(frame)) + frame)
PY

expect_usage_error() { # pattern -- command...
    local pattern=$1 rc=0
    shift 2
    timeout 10 "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = 2 ] || fail "'$*': exit $rc, expected 2; stderr: $(cat "$WORK/err")"
    grep -qE -- "$pattern" "$WORK/err" || fail "'$*': stderr lacks /$pattern/: $(cat "$WORK/err")"
    [ "$(wc -l <"$WORK/err")" -le 2 ] || fail "'$*': more than a clear line: $(cat "$WORK/err")"
    [ ! -s "$WORK/out" ] || fail "'$*': printed a report: $(cat "$WORK/out")"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "'$*': left attached"
}

for value in nan NaN -nan inf -inf infinity 1e999; do
    for option in --interval --flow-timeout --duration; do
        expect_usage_error "$option.*not a finite number" -- \
            ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --json "$option" "$value"
    done
    for option in --interval --flow-timeout; do
        expect_usage_error "$option.*not a finite number" -- \
            "$NETMON_BIN" replay --json "$option" "$value" "$PCAP"
    done
    for option in --top --max-flows --max-hosts --max-active-flows; do
        expect_usage_error "$option" -- ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" "$option" "$value"
    done
    # Options of the alert rules and of IPFIX: NaN silenced update events
    # and skipped the baseline's warm-up.
    for option in --alert-update --alert-clear --baseline-warmup; do
        expect_usage_error "$option.*not a finite number" -- \
            "$NETMON_BIN" replay --alert 'pps > 1' "$option" "$value" "$PCAP"
    done
    expect_usage_error "--ipfix-active-timeout.*not a finite number" -- \
        ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --ipfix 127.0.0.1:4739 \
        --ipfix-active-timeout "$value"
done
note "nan, inf and 1e999 refused by every numeric option"

# A value that is not a number says so, in the words of its kind.
expect_usage_error "--top: must be a whole number between 0 and 1000, not '1.5'" -- \
    "$NETMON_BIN" replay --top 1.5 "$PCAP"
expect_usage_error "--ipfix-domain: must be a whole number between 0 and 4294967295, not '-1'" -- \
    ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --ipfix 127.0.0.1:4739 --ipfix-domain -1
expect_usage_error "--duration: must be below 1e9 seconds" -- \
    ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --duration 99999999999
expect_usage_error "--duration: must be a number of seconds, not 'abc'" -- \
    ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --duration abc

# The userspace flow table's bound: at least one flow, at most 2^30.
for value in 0 1073741825; do
    expect_usage_error "--max-active-flows: must be between 1 and 1073741824, not $value" -- \
        "$NETMON_BIN" replay --json --max-active-flows "$value" "$PCAP"
done

# The documented formula (bench/README.md, "Kernel memory of the flow
# tables"): 2 × CPUs × (N × 96 B of records + ⌈1.25 N / 16⌉ × 64 B of index).
cpus=$(( $(sed -E 's/.*-//' /sys/devices/system/cpu/possible) + 1 ))
huge=$((1 << 26))
need=$((2 * cpus * (huge * 96 + (huge * 5 / 4 + 15) / 16 * 64)))
avail=$(( $(awk '/^MemAvailable:/ {print $2}' /proc/meminfo) * 1024 ))
if [ "$need" -le $((avail / 2)) ]; then
    note "this machine fits $huge flows per CPU: the refusal is not tested here"
else
    start=$(date +%s%N)
    expect_usage_error "--max-flows $huge needs [0-9.]+ GiB of kernel memory .*more than half of the [0-9.]+ [GM]iB available; try --max-flows [0-9]+ or less" -- \
        ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --max-flows "$huge"
    elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$elapsed_ms" -lt 3000 ] || fail "--max-flows $huge took ${elapsed_ms} ms to be refused"
    expect_usage_error "--max-flows $huge needs" -- "$NETMON_BIN" replay --max-flows "$huge" "$PCAP"
    note "--max-flows $huge refused in ${elapsed_ms} ms"
fi
echo "PASS"
