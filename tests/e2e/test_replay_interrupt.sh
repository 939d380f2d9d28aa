#!/usr/bin/env bash
# A replay stopped by SIGINT or SIGTERM ends as a finished one does: the
# final summary of exactly the frames counted so far, one line saying it
# stopped, exit 128 + the signal. The capture here is endless (a writer on
# standard input that never stops), which only a signal can end.
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }

# Endless: IPv4 UDP frames 1 ms apart on the capture's clock, as fast as
# the pipe takes them, until the reader goes away.
endless_capture() {
    python3 -c '
import struct, sys
out = sys.stdout.buffer
out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
eth = bytes.fromhex("020000000002" "020000000001") + b"\x08\x00"
i = 0
try:
    while True:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 0, 0, 64, 17, 0,
                         bytes([10, 0, 0, 1]), bytes([10, 0, 1, i % 200]))
        frame = eth + ip + struct.pack("!HHHH", 1000 + i % 7, 53, 8, 0) + bytes(18)
        t = 1700000000_000 + i
        out.write(struct.pack("<IIII", t // 1000, (t % 1000) * 1000, len(frame), len(frame)) + frame)
        i += 1
except BrokenPipeError:
    pass
'
}

for sig in INT TERM; do
    endless_capture | "$NETMON_BIN" replay - --json --local-net 10.0.1.0/24 >"$WORK/out" 2>"$WORK/err" &
    REPLAY_PID=$!
    BACKGROUND_PIDS+=("$REPLAY_PID") # killed by cleanup if a check fails; the writer then ends on EPIPE
    # A few intervals in: the replay is well under way.
    wait_until 20 "intervals from the endless capture" \
        bash -c "[ \$(grep -c '\"type\":\"interval\"' '$WORK/out') -ge 3 ]"
    kill -"$sig" "$REPLAY_PID"
    rc=0
    wait_until 10 "the replay to end after SIG$sig" bash -c "! kill -0 $REPLAY_PID 2>/dev/null"
    wait "$REPLAY_PID" || rc=$?
    want_rc=$((128 + $(kill -l "$sig")))
    [ "$rc" = "$want_rc" ] || fail "SIG$sig: exit $rc, not $want_rc: $(cat "$WORK/err")"
    line=$(grep "replay stopped by SIG$sig after" "$WORK/err") ||
        fail "SIG$sig: no line saying the replay stopped: $(cat "$WORK/err")"
    frames=$(sed -n "s/.*replay stopped by SIG$sig after \([0-9]*\) frames.*/\1/p" <<<"$line")
    final=$(tail -n 1 "$WORK/out")
    [ "$(jq -r .type <<<"$final")" = final ] || fail "SIG$sig: the last line is not the final summary"
    [ "$(jq .totals.packets <<<"$final")" = "$frames" ] ||
        fail "SIG$sig: the summary has $(jq .totals.packets <<<"$final") packets, the replay counted $frames"
    jq -e --arg l "${line#netmon-xdp: }" '.notices | index($l) != null' <<<"$final" >/dev/null ||
        fail "SIG$sig: the summary does not say the replay stopped: $(jq -c .notices <<<"$final")"
    note "SIG$sig: exit $rc, the final summary holds exactly the $frames frames counted"
done

# A wait for data is interrupted too: a FIFO no writer has opened (the
# open waits), and one this shell holds open and never writes to (the read
# waits). One signal ends each, with the summary.
mkfifo "$WORK/unopened" "$WORK/quiet"
exec 8<>"$WORK/quiet" # a writer that sends nothing
for what in unopened quiet; do
    "$NETMON_BIN" replay "$WORK/$what" --json >"$WORK/out" 2>"$WORK/err" &
    REPLAY_PID=$!
    BACKGROUND_PIDS+=("$REPLAY_PID")
    # Only once it waits in the open or the read: a signal during the load
    # before it would meet the default action (a slow machine takes seconds).
    wait_until 30 "the $what replay to wait for data" \
        bash -c "grep -qE 'wait_for_partner|pipe_read' /proc/$REPLAY_PID/wchan"
    kill -TERM "$REPLAY_PID"
    wait_until 10 "the $what replay to end after one SIGTERM" bash -c "! kill -0 $REPLAY_PID 2>/dev/null"
    rc=0
    wait "$REPLAY_PID" || rc=$?
    [ "$rc" = 143 ] || fail "$what: exit $rc, not 143: $(cat "$WORK/err")"
    grep -q "replay stopped by SIGTERM after 0 frames" "$WORK/err" ||
        fail "$what: no line saying the replay stopped: $(cat "$WORK/err")"
    [ "$(tail -n 1 "$WORK/out" | jq -r .type)" = final ] || fail "$what: no final summary"
    note "$what FIFO: one SIGTERM ended the wait for data, exit 143, with the final summary"
done
exec 8>&-
echo "PASS"
