#!/usr/bin/env bash
# replay reads each capture once, so what can be read only once works: "-"
# (standard input), /dev/stdin, a pipe from process substitution, a FIFO,
# and tcpdump writing live into `replay -`. Each counts exactly what the
# same capture counts as a regular file. Regular files are still checked
# before the run starts.
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
PCAP=$WORK/mix.pcap
# 50 frames: ARP, IPv4 UDP and TCP to a few ports, 1 ms apart.
python3 - "$PCAP" <<'PY'
import struct, sys
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def ipv4(proto, payload, i):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), i, 0, 64, proto, 0,
                    bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2 + i % 3]))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload
eth = bytes.fromhex("020000000002" "020000000001")
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i in range(50):
        if i % 5 == 0:
            frame = bytes.fromhex("ffffffffffff020000000001" "0806") + bytes(46)
        elif i % 2:
            frame = eth + b"\x08\x00" + ipv4(17, struct.pack("!HHHH", 1000 + i % 4, 53, 8 + 20, 0) + bytes(20), i)
        else:
            frame = eth + b"\x08\x00" + ipv4(6, struct.pack("!HHIIBBHHH", 2000 + i % 4, 80, 0, 0, 0x50, 2, 1024, 0, 0), i)
        f.write(struct.pack("<IIII", 1700000000, i * 1000, len(frame), len(frame)) + frame)
PY

# What a replay counted, without the names of the sources.
counts() { final_json | jq -c '{packets: .totals.packets, bytes: .totals.bytes, protocols, flows: .flows.active}'; }
replay_into() { # label command...
    local label=$1 rc=0
    shift
    timeout 20 "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = 0 ] || fail "$label: exit $rc: $(cat "$WORK/err")"
    got=$(counts)
    [ "$got" = "$expected" ] || fail "$label: counted $got, the file counts $expected"
    note "$label: same counts as the regular file"
}

"$NETMON_BIN" replay --json "$PCAP" >"$WORK/out" 2>"$WORK/err" || fail "regular file: $(cat "$WORK/err")"
expected=$(counts)
[ "$(jq .packets <<<"$expected")" = 50 ] || fail "the regular file counted $expected"

replay_into "cat | replay -" bash -c "cat '$PCAP' | '$NETMON_BIN' replay --json -"
grep -q "standard input" "$WORK/err" || fail "the summary does not name standard input: $(cat "$WORK/err")"
replay_into "cat | replay /dev/stdin" bash -c "cat '$PCAP' | '$NETMON_BIN' replay --json /dev/stdin"
replay_into "replay <(cat)" bash -c "'$NETMON_BIN' replay --json <(cat '$PCAP')"
mkfifo "$WORK/fifo"
(cat "$PCAP" >"$WORK/fifo") &
BACKGROUND_PIDS+=($!)
replay_into "replay FIFO" "$NETMON_BIN" replay --json "$WORK/fifo"
# A pipe and a regular file in one run: the file's frames add to the pipe's.
rc=0
cat "$PCAP" | timeout 20 "$NETMON_BIN" replay --json - "$PCAP" >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || fail "- and a file: exit $rc: $(cat "$WORK/err")"
[ "$(final_json | jq .totals.packets)" = 100 ] || fail "- and a file: $(final_json | jq -c .totals)"

# Errors: one line naming standard input; "-" twice; a bad regular file
# after a pipe is still refused before the pipe is read.
rc=0
echo "not a capture at all" | "$NETMON_BIN" replay - >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] || fail "garbage on stdin: exit $rc"
grep -q "^netmon-xdp: standard input: not a readable pcap or pcapng capture" "$WORK/err" ||
    fail "garbage on stdin: $(cat "$WORK/err")"
rc=0
"$NETMON_BIN" replay - - <"$PCAP" >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] && grep -q "only once" "$WORK/err" || fail "- -: exit $rc: $(cat "$WORK/err")"
echo "not a capture" >"$WORK/bad.pcap"
rc=0
cat "$PCAP" | "$NETMON_BIN" replay --json - "$WORK/bad.pcap" >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] || fail "- then a bad file: exit $rc"
grep -q "bad.pcap: not a readable" "$WORK/err" || fail "- then a bad file: $(cat "$WORK/err")"
[ ! -s "$WORK/out" ] || fail "- then a bad file: the pipe was replayed before the check"

# tcpdump capturing live into `replay -`.
if command -v tcpdump >/dev/null; then
    make_veth_pair
    in_rx bash -c "tcpdump -i '$DEV_RX' -U -w - -c 20 2>'$WORK/tcpdump.log' | \
        '$NETMON_BIN' replay --json -" >"$WORK/out" 2>"$WORK/err" &
    pipeline=$!
    BACKGROUND_PIDS+=($pipeline)
    wait_until 10 "tcpdump to listen" grep -q listening "$WORK/tcpdump.log"
    in_tx ping -q -c 10 -i 0.05 10.77.0.1 >/dev/null || true
    rc=0
    wait "$pipeline" || rc=$?
    [ "$rc" = 0 ] || fail "tcpdump -w - | replay -: exit $rc: $(cat "$WORK/err")"
    [ "$(final_json | jq .totals.packets)" = 20 ] ||
        fail "tcpdump -w - | replay -: $(final_json | jq -c .totals)"
    note "tcpdump -w - | replay -: 20 frames counted"
fi
echo "PASS"
