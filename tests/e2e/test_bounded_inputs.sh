#!/usr/bin/env bash
# Every input is bounded (issue 26, points 8-10): deep nesting in a rule or
# a filter, files that never end (/dev/zero, /dev/urandom, a FIFO), token
# files open to others or too short, an impossible record length in a
# capture, a collector name that does not resolve, a huge invalid filter.
# Each gets one clear line on stderr and its exit code at once: no crash, no
# hang (every run is under `timeout`), nothing attached.
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
make_veth_pair
PORT=9479

# A classic pcap of Ethernet/ARP frames: "caplen:len" per record.
write_pcap() { # path records...
    python3 - "$@" <<'PY'
import struct, sys
path, records = sys.argv[1], sys.argv[2:]
with open(path, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i, r in enumerate(records):
        caplen, length = (int(x, 0) for x in r.split(":"))
        frame = (bytes.fromhex("ffffffffffff020000000001" "0806") + bytes(caplen))[:caplen]
        f.write(struct.pack("<IIII", 1700000000, i * 1000, caplen, length) + frame)
PY
}
repeated() { python3 -c 'import sys; sys.stdout.write(sys.argv[1] * int(sys.argv[2]))' "$@"; }
write_pcap "$WORK/ok.pcap" 60:60 60:60

short() { local s="$*"; echo "${s:0:100}"; } # a command line of 40 KB, for messages

# Runs `netmon-xdp ARGS` (in $NS_RX) under a timeout: exit `code`, stderr
# one line matching `pattern` (extended regex).
expect_line() { # code pattern -- args...
    local code=$1 pattern=$2 rc=0
    shift 3
    timeout 30 ip netns exec "$NS_RX" "$NETMON_BIN" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" != 124 ] || fail "'$(short "$@")': still running after 30 s"
    [ "$rc" = "$code" ] ||
        fail "'$(short "$@")': exit $rc, expected $code: $(head -c 600 "$WORK/err")"
    grep -qE -- "$pattern" "$WORK/err" || fail "stderr lacks /$pattern/: $(head -c 600 "$WORK/err")"
    [ "$(wc -l <"$WORK/err")" = 1 ] || fail "not one line: $(head -c 600 "$WORK/err")"
}
# The same with `attach`, and nothing is left attached.
expect_attach_line() { # code pattern -- args...
    local code=$1 pattern=$2
    shift 3
    expect_line "$code" "$pattern" -- attach "$DEV_RX" "$@"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "'$(short "$@")' left XDP attached"
}

note "deep nesting: a usage error naming the limit, not SIGSEGV"
deep_parens="$(repeated '(' 20000)tcp$(repeated ')' 20000)"
expect_line 2 "^netmon-xdp: --alert '\(+\.\.\. \(40011 bytes\)': at column 1001: the selector has more than 1000 operators, the limit" \
    -- replay "$WORK/ok.pcap" --alert "$deep_parens pps > 1"
# 200,000 'not' do not fit in one argument (128 KiB): from a file.
{ repeated 'not ' 200000; echo 'tcp pps > 1'; } >"$WORK/not.rules"
expect_line 2 "line 1: '(not )+\.\.\. \(800011 bytes\)': at column 4001: the selector has more than 1000 operators" \
    -- replay "$WORK/ok.pcap" --alert-file "$WORK/not.rules"
expect_attach_line 2 "more than 1000 operators" -- --alert "$deep_parens pps > 1"
expect_line 2 "^netmon-xdp: invalid filter: it nests 20000 levels deep, more than the limit of 1000" \
    -- replay "$WORK/ok.pcap" --filter "$deep_parens"
{ repeated 'not ' 200000; echo tcp; } >"$WORK/not.filter"
expect_line 2 "invalid filter: it nests 200000 levels deep, more than the limit of 1000" \
    -- replay "$WORK/ok.pcap" --filter-file "$WORK/not.filter"
expect_attach_line 2 "nests 20000 levels deep" -- --filter "$deep_parens"

note "files that never end, or never start: refused at once"
mkfifo "$WORK/fifo"
for dev in /dev/zero /dev/urandom; do
    expect_line 2 "^netmon-xdp: --filter-file '$dev': a character device, not a regular file$" \
        -- replay "$WORK/ok.pcap" --filter-file "$dev"
done
expect_line 2 "^netmon-xdp: --filter-file '$WORK/fifo': a FIFO, not a regular file$" \
    -- replay "$WORK/ok.pcap" --filter-file "$WORK/fifo"
expect_line 2 "^netmon-xdp: --alert-file '/dev/zero': a character device, not a regular file$" \
    -- replay "$WORK/ok.pcap" --alert-file /dev/zero
expect_line 2 "^netmon-xdp: --alert-file '$WORK/fifo': a FIFO" \
    -- replay "$WORK/ok.pcap" --alert-file "$WORK/fifo"
expect_line 2 "^netmon-xdp: --baseline '/dev/zero': a character device" \
    -- replay "$WORK/ok.pcap" --alert 'pps > 3x baseline' --baseline /dev/zero
for token_file in /dev/zero "$WORK/fifo"; do
    expect_line 2 "^netmon-xdp: --http-token-file '$token_file': a (character device|FIFO), not a regular file$" \
        -- replay "$WORK/ok.pcap" --http $PORT --http-token-file "$token_file"
    expect_attach_line 2 "--http-token-file '$token_file': a" \
        -- --http $PORT --http-token-file "$token_file"
done
head -c $((21 * 1024 * 1024)) /dev/zero | tr '\0' '(' >"$WORK/huge.filter"
expect_line 2 "^netmon-xdp: --filter-file '$WORK/huge.filter': larger than 1 MiB, the most this option reads" \
    -- replay "$WORK/ok.pcap" --filter-file "$WORK/huge.filter"

note "token files: the owner's alone, at least 16 characters"
printf '0123456789abcdef0123\n' >"$WORK/token"
for mode in 644 660 606 666; do
    chmod $mode "$WORK/token"
    expect_line 2 "--http-token-file '$WORK/token': open to group or others \(mode $mode\); a secret must be its owner's alone: chmod 600" \
        -- replay "$WORK/ok.pcap" --http $PORT --http-token-file "$WORK/token"
done
printf 'x\n' >"$WORK/short-token"
chmod 600 "$WORK/short-token"
expect_line 2 "--http-token-file '$WORK/short-token': the token has 1 characters, fewer than 16" \
    -- replay "$WORK/ok.pcap" --http $PORT --http-token-file "$WORK/short-token"
chmod 600 "$WORK/token"
# Taken: replay --http then serves until SIGTERM.
ip -n "$NS_RX" link set lo up
start_netmon replay "$WORK/ok.pcap" --json --http $PORT --http-token-file "$WORK/token"
for i in $(seq 600); do
    [ -n "$(final_json)" ] || ! kill -0 "$NETMON_PID" 2>/dev/null && break
    sleep 0.1
done
kill -0 "$NETMON_PID" 2>/dev/null || fail "a 0600 token file of 20 characters: $(cat "$WORK/err")"
stop_netmon TERM
[ "$(final_json | jq .totals.packets)" = 2 ] || fail "replay with a token: $(cat "$WORK/err")"

note "huge invalid input is quoted shortened"
{ echo 'tcp and )'; repeated 'port 1 ' 140000; } >"$WORK/long.filter" # ~1 MB, under the cap
expect_line 2 "^netmon-xdp: invalid filter 'tcp and \) port 1 .*\.\.\. \(980010 bytes\)': " \
    -- replay "$WORK/ok.pcap" --filter-file "$WORK/long.filter"
[ "$(wc -c <"$WORK/err")" -lt 400 ] || fail "the invalid filter echoed at length: $(wc -c <"$WORK/err") bytes"

note "a record claiming 0xffffffff bytes on the wire is corrupt, not 4 GiB"
write_pcap "$WORK/wire.pcap" 60:60 54:0xffffffff 60:60
rc=0
timeout 30 ip netns exec "$NS_RX" "$NETMON_BIN" replay --json "$WORK/wire.pcap" >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] || fail "corrupt record: exit $rc: $(cat "$WORK/err")"
grep -q "wire.pcap: corrupt record: frame 2 claims 4294967295 bytes on the wire for 54 captured (possible: from the captured length to 1048576); stopped after 1 frame" "$WORK/err" ||
    fail "corrupt record: $(cat "$WORK/err")"
[ "$(final_json | jq -c '[.totals.packets, .totals.bytes]')" = '[1,60]' ] ||
    fail "corrupt record: counted $(final_json | jq -c .totals)"

note "a collector name that does not resolve is named as such"
rc=0
timeout 30 ip netns exec "$NS_RX" "$NETMON_BIN" replay --json "$WORK/ok.pcap" --ipfix no-such-collector.invalid:4739 \
    >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || fail "--ipfix to a bad name: exit $rc: $(cat "$WORK/err")"
grep -q "IPFIX to no-such-collector.invalid:4739: cannot resolve host no-such-collector.invalid: " "$WORK/err" ||
    fail "--ipfix to a bad name: $(cat "$WORK/err")"
! grep -q "No route to host" "$WORK/err" || fail "still 'No route to host': $(cat "$WORK/err")"
echo "PASS"
