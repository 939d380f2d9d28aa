#!/usr/bin/env bash
# `replay` on files that are not (whole) captures: one clear error naming the
# file, a non-zero exit, no crash. A capture cut mid-record still reports the
# frames before the cut, then the error.
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }

# A classic pcap (microseconds, Ethernet) of `count` 60-byte frames, 1 ms apart.
write_pcap() { # path count
    python3 - "$1" "$2" <<'PY'
import struct, sys
path, count = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    frame = bytes.fromhex("ffffffffffff020000000001" "0806") + bytes(46)  # ARP-typed
    for i in range(count):
        f.write(struct.pack("<IIII", 1700000000, i * 1000, len(frame), len(frame)) + frame)
PY
}

expect_error() { # expected-exit-code pattern -- command...
    local code=$1 pattern=$2 rc=0
    shift 3
    "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = "$code" ] || fail "'$*': exit $rc, expected $code; stderr: $(cat "$WORK/err")"
    grep -qE "$pattern" "$WORK/err" || fail "'$*': stderr lacks /$pattern/: $(cat "$WORK/err")"
}

expect_error 2 "$WORK/missing.pcap: cannot open: No such file" -- \
    "$NETMON_BIN" replay "$WORK/missing.pcap"
[ ! -s "$WORK/out" ] || fail "missing file: printed a report"

: >"$WORK/empty.pcap"
expect_error 2 "$WORK/empty.pcap: is empty" -- "$NETMON_BIN" replay "$WORK/empty.pcap"

head -c 4096 /dev/urandom >"$WORK/garbage.pcap"
expect_error 2 "$WORK/garbage.pcap: not a readable pcap or pcapng" -- \
    "$NETMON_BIN" replay "$WORK/garbage.pcap"

mkdir "$WORK/dir.pcap"
expect_error 2 "$WORK/dir.pcap: is a directory" -- "$NETMON_BIN" replay "$WORK/dir.pcap"

write_pcap "$WORK/zero.pcap" 0
# Alone, one line naming it (a "holds no frames" warning before it only
# repeated it).
expect_error 2 "nothing to replay: no frames in $WORK/zero.pcap" -- "$NETMON_BIN" replay "$WORK/zero.pcap"
[ "$(wc -l <"$WORK/err")" = 1 ] || fail "zero-frame capture: more than one line: $(cat "$WORK/err")"

# A bad file among good ones is found before anything is replayed.
write_pcap "$WORK/good.pcap" 3
expect_error 2 "$WORK/garbage.pcap: not a readable" -- \
    "$NETMON_BIN" replay "$WORK/good.pcap" "$WORK/garbage.pcap" --json
[ ! -s "$WORK/out" ] || fail "bad second file: the first was replayed anyway"

# An empty capture among good ones is a warning: the others are counted.
"$NETMON_BIN" replay "$WORK/zero.pcap" "$WORK/good.pcap" --json >"$WORK/out" 2>"$WORK/err" ||
    fail "zero-frame file among good ones: exit $?: $(cat "$WORK/err")"
grep -q "zero.pcap: holds no frames" "$WORK/err" || fail "no warning for the empty capture"
[ "$(grep '"type":"final"' "$WORK/out" | jq .totals.packets)" = 3 ] || fail "good file not counted"

# Cut in the middle of the third record: the two whole frames are reported
# (final summary on stdout), then the error names the file, exit 2.
write_pcap "$WORK/cut.pcap" 3
truncate -s -30 "$WORK/cut.pcap"
expect_error 2 "$WORK/cut.pcap: .*after 2 frames" -- "$NETMON_BIN" replay "$WORK/cut.pcap" --json
final=$(grep '"type":"final"' "$WORK/out") || fail "cut capture: no final summary"
[ "$(jq -c '[.totals.packets, .totals.bytes]' <<<"$final")" = "[2,120]" ] ||
    fail "cut capture: expected the 2 frames before the cut: $final"
grep -q "replayed 2 frames from $WORK/cut.pcap" "$WORK/err" || fail "no rate line: $(cat "$WORK/err")"

# An --on-alert-log that cannot take the commands' output (a full disk):
# said once, with the reason; the replay and its alerts go on.
rc=0
"$NETMON_BIN" replay "$WORK/good.pcap" --json --alert 'pps > 0' --on-alert 'echo fired' \
    --on-alert-log /dev/full >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || fail "--on-alert-log /dev/full: exit $rc: $(cat "$WORK/err")"
[ "$(grep -c "cannot write --on-alert-log /dev/full: No space left on device" "$WORK/err")" = 1 ] ||
    fail "--on-alert-log /dev/full: not reported once: $(cat "$WORK/err")"
grep -q '"type":"alert"' "$WORK/out" || fail "--on-alert-log /dev/full: no alert in the stream"

echo "PASS"
