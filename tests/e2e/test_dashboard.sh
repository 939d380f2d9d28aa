#!/usr/bin/env bash
# The dashboard in a real terminal (tmux) at 80x24, 60x20, 120x40 and
# 200x60: every line fits, both ends of every flow show, the per-interface
# rates are on top, each key does what
# it says (the pane captured before and after), a resize reflows, and q,
# Ctrl-C and SIGTERM all leave the terminal as it was (stty -g) with the
# final summary printed on the normal screen.
source "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux missing"; exit $SKIP; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }

TMUX_SOCKET=nmx-dash-$TEST_ID
# exit-empty off: the server outlives each run's session. Otherwise the
# next new-session can reach a server still exiting after kill-session,
# and fails with "server exited unexpectedly" (seen in CI).
echo "set -s exit-empty off" >"$WORK/tmux.conf"
tmx() { tmux -L "$TMUX_SOCKET" -f "$WORK/tmux.conf" "$@"; }
stop_tmux() {
    tmx kill-server 2>/dev/null || true
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCKET"
    cleanup
}
trap stop_tmux EXIT

make_veth_pair
# Steady traffic: pings, and UDP to port 53 for the ports list. Not through
# in_tx: $! must be the process itself (ip execs it) for the cleanup to end it.
ip netns exec "$NS_TX" ping -q -i 0.2 10.77.0.1 >/dev/null 2>&1 &
BACKGROUND_PIDS+=($!)
ip netns exec "$NS_TX" bash -c 'while :; do echo x >/dev/udp/10.77.0.1/53; sleep 0.1; done' \
    >/dev/null 2>&1 &
BACKGROUND_PIDS+=($!)
# A local program (in the monitored namespace) for the Processes list.
ip netns exec "$NS_RX" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    s.sendto(b"p" * 200, ("10.77.0.2", 9)); time.sleep(0.05)' >/dev/null 2>&1 &
LOCAL_SENDER=$!
BACKGROUND_PIDS+=("$LOCAL_SENDER")

# What runs in the pane: the terminal's mode before and after, the exit code.
cat >"$WORK/run.sh" <<SCRIPT
#!/usr/bin/env bash
stty -g >"$WORK/stty.before"
ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --interval 0.5 "\$@" 2>"$WORK/err"
echo \$? >"$WORK/rc"
stty -g >"$WORK/stty.after"
exec sleep 600
SCRIPT
chmod +x "$WORK/run.sh"

capture() { tmx capture-pane -p -t dash; }
# From a captured string, not `capture | grep -q`: a screen passes 4 KiB, and
# tmux writing after grep -q has left would fail the pipeline (pipefail).
screen_has() { grep -qF -- "$1" <<<"$(capture)"; }
wait_for() { # text [seconds]
    local i
    for i in $(seq $((${2:-10} * 10))); do
        screen_has "$1" && return 0
        sleep 0.1
    done
    fail "'$1' never appeared on the screen:
$(capture)"
}
wait_gone() {
    local i
    for i in $(seq 50); do
        screen_has "$1" || return 0
        sleep 0.1
    done
    fail "'$1' is still on the screen:
$(capture)"
}

# Nothing wider than the window, no more lines than it has, and the
# dashboard's top and bottom both visible.
check_fits() { # cols rows
    capture >"$WORK/screen"
    python3 - "$1" "$2" "$WORK/screen" <<'PY' || fail "screen does not fit $1x$2: $(cat "$WORK/screen")"
import sys
cols, rows, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lines = open(path, encoding="utf-8").read().rstrip("\n").split("\n")
assert len(lines) <= rows, f"{len(lines)} lines"
for line in lines:
    assert len(line) <= cols, f"{len(line)} columns: {line!r}"
assert lines[0].startswith("netmon-xdp"), lines[0]
assert "q quit" in lines[-1] or "q quit" in "\n".join(lines[-2:]), lines[-1]
PY
    grep -qE "^$DEV_RX +rx " "$WORK/screen" || fail "no received rates for $DEV_RX: $(cat "$WORK/screen")"
    grep -qE "^$DEV_RX +tx " "$WORK/screen" || fail "no sent rates for $DEV_RX: $(cat "$WORK/screen")"
}

start_dashboard() { # cols rows [netmon-xdp options]
    rm -f "$WORK/rc" "$WORK/stty.before" "$WORK/stty.after"
    local cols=$1 rows=$2 args=
    shift 2
    [ $# = 0 ] || args=$(printf ' %q' "$@")
    tmx new-session -d -s dash -x "$cols" -y "$rows" -e LANG=C.UTF-8 -e TERM=tmux-256color "$WORK/run.sh$args"
    wait_for "q quit"
    wait_for "$DEV_RX"
}

# After the run: exit 0, the terminal's mode restored, the alternate screen
# left and the final summary on the normal screen.
check_ended() { # how
    local i
    for i in $(seq 100); do [ -s "$WORK/rc" ] && break; sleep 0.1; done
    [ -s "$WORK/rc" ] || fail "$1: netmon-xdp did not exit"
    [ "$(cat "$WORK/rc")" = 0 ] || fail "$1: exit code $(cat "$WORK/rc"), stderr: $(cat "$WORK/err")"
    [ "$(cat "$WORK/stty.before")" = "$(cat "$WORK/stty.after")" ] ||
        fail "$1: terminal mode not restored: $(cat "$WORK/stty.before") vs $(cat "$WORK/stty.after")"
    tmx capture-pane -p -J -S -300 -t dash >"$WORK/after"
    grep -q "netmon-xdp final summary" "$WORK/after" || fail "$1: no final summary: $(cat "$WORK/after")"
    grep -q "^total: " "$WORK/after" || fail "$1: final summary lacks its total line"
    ! grep -q "q quit  p pause" "$WORK/after" || fail "$1: the dashboard stayed on the screen"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "$1: XDP program left attached"
    tmx kill-session -t dash
    note "$1: terminal restored, final summary printed, detached"
}

# --- 80x24: fits; keys; resize; q -------------------------------------------
start_dashboard 80 24
sleep 1.5
check_fits 80 24
note "80x24 fits, per-interface rx and tx on top"

screen_has "[Src]" || fail "the sources list is not the first: $(capture)"
screen_has "sort 10s" || fail "default sort is not 10 s: $(capture)"
tmx send-keys -t dash Tab
wait_for "[Dst]"
tmx send-keys -t dash 1
wait_for "sort 2s"
tmx send-keys -t dash t
wait_for "sort total"
tmx send-keys -t dash 3
wait_for "sort 40s"
tmx send-keys -t dash b
wait_for "now B/s"
tmx send-keys -t dash b
wait_for "now bit/s"
tmx send-keys -t dash '?'
wait_for "quit: leave the screen"
tmx send-keys -t dash h
wait_gone "quit: leave the screen"
# Ports: numbers, then names from /etc/services.
tmx send-keys -t dash Tab Tab
wait_for "[Ports]"
wait_for "53/udp"
tmx send-keys -t dash n
wait_for "domain/udp"
# Flows filtered by a substring.
tmx send-keys -t dash Left
wait_for "[Flows]"
tmx send-keys -t dash / i c m p Enter
wait_for "/icmp"
wait_for "echo-request"
! screen_has "udp" || fail "the filter let a udp flow through: $(capture)"
tmx send-keys -t dash / z z z Enter
wait_for "(nothing matches /zzz)"
tmx send-keys -t dash Escape
wait_gone "/zzz"
# P: the Processes list names the local sender, its pid and what it sent.
tmx send-keys -t dash P
wait_for "[Procs]"
wait_for "python3 $LOCAL_SENDER tx "
check_fits 80 24
# Pause: the clock in the title stops; counting goes on.
tmx send-keys -t dash p
wait_for "[PAUSED]"
before=$(capture | head -1)
sleep 1.5
[ "$(capture | head -1)" = "$before" ] || fail "the display moved while paused"
tmx send-keys -t dash p
wait_gone "[PAUSED]"
note "keys: Tab, arrows, 1 2 3 t, b, ?, h, n, /, Esc, P, p"

tmx resize-window -t dash -x 100 -y 30
# Redrawn: the sparkline shows only from 100 columns on.
wait_for "last 60 s" 5
check_fits 100 30
note "resize to 100x30 reflows"

tmx send-keys -t dash q
check_ended "q"

# --- 80x24 and 60x20: both ends of every flow; too small; summary in 80 ------
# Every flow row names both of its ends: IPv4 addresses whole, longer ones
# shortened in the middle of each end, never across the arrow.
check_flow_ends() { # cols rows
    capture >"$WORK/screen"
    python3 - "$1" "$2" "$WORK/screen" <<'PY' || fail "flow ends at $1x$2: $(cat "$WORK/screen")"
import re, sys
cols, rows, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lines = open(path, encoding="utf-8").read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("flow ("))
flows = [l for l in lines[start + 1:] if " \u2192 " in l]
assert flows, "no flow rows"
for line in flows:
    m = re.match(r"^(\S+) \u2192 (\S+) [a-z]", line)  # then the protocol
    assert m, f"not both ends: {line!r}"
    for end in m.groups()[:2]:
        if end.startswith("10.77."):
            assert re.match(r"^10\.77\.0\.[12](:[0-9a-z-]+)?$", end), f"cut address {end!r} in {line!r}"
        else:
            assert len(end) >= 6, f"end too short to read: {end!r} in {line!r}"
print(f"{len(flows)} flows, both ends each")
PY
    grep -qE "^10\.77\.0\.2(:[0-9]+)? → 10\.77\.0\.1" "$WORK/screen" ||
        fail "no IPv4 flow with both addresses at $1x$2: $(cat "$WORK/screen")"
}
start_dashboard 80 24
tmx send-keys -t dash Tab Tab
wait_for "[Flows]"
wait_for "10.77.0.1"
check_fits 80 24
check_flow_ends 80 24
grep -qE "^netmon-xdp  attach $DEV_RX native " "$WORK/screen" ||
    fail "the XDP mode in use is not in the title: $(head -1 "$WORK/screen")"
tmx resize-window -t dash -x 60 -y 20
# Redrawn: the title on the first row and the keys on the last. Until the
# redraw tmux shows the old 24 rows cut to 20, from the top or the bottom,
# so one of the two is missing.
redrawn() {
    local screen
    screen=$(capture | sed '/^ *$/d')
    [[ $(head -n 1 <<<"$screen") == netmon-xdp* && $(tail -n 1 <<<"$screen") == *"q quit"* ]]
}
wait_until 5 "the redraw at 60x20" redrawn
check_fits 60 20
check_flow_ends 60 20
note "80x24 and 60x20: both ends of every flow shown; the XDP mode in the title"
tmx resize-window -t dash -x 30 -y 10
wait_for "terminal too small (need 40"
tmx resize-window -t dash -x 80 -y 24
wait_for "q quit"
tmx send-keys -t dash q
check_ended "q after resizes"
# After q on 80 columns: the summary wrapped nowhere (-J joined nothing).
# Columns, not bytes (mawk counts bytes): a flow's arrow is 3 bytes, 1 column.
python3 -c 'import sys
wide = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if len(l) > 80]
for l in wide: print(len(l), l)
sys.exit(1 if wide else 0)' "$WORK/after" || fail "final summary wider than 80 columns"
grep -qF "attach on $DEV_RX (XDP native)" "$WORK/after" || fail "no XDP mode in the final summary"
note "below 40x12 the screen says so; the final summary fits 80 columns"

# --- 120x40: fits; Ctrl-C ---------------------------------------------------
start_dashboard 120 40
sleep 1.5
check_fits 120 40
screen_has "peak pps" || fail "120 columns show peak pps: $(capture)"
tmx send-keys -t dash C-c
check_ended "Ctrl-C"

# --- 200x60: fits; SIGTERM --------------------------------------------------
start_dashboard 200 60
sleep 1.5
check_fits 200 60
pid=$(pgrep -f -- "attach $DEV_RX --interval" | head -1)
[ -n "$pid" ] || fail "cannot find netmon-xdp's pid"
kill -TERM "$pid"
check_ended "SIGTERM"

# --- the header: flow-table fill and overflow; alerts once rules exist -------
# --max-flows 1000: the final summary names the tables the run had.
start_dashboard 80 24 --max-flows 1000 --alert 'busy: pps > 1'
wait_for "ALERTS 1 active: "
check_fits 80 24
capture >"$WORK/screen"
grep -qE "^table [0-9]+\.[0-9]% full, no overflow; flows [0-9]+ active" "$WORK/screen" ||
    fail "no flow-table fill in the header: $(cat "$WORK/screen")"
grep -qE "^ALERTS 1 active: [0-9.]+ k?pps > 1\.00 pps busy" "$WORK/screen" ||
    fail "the alert's value against its threshold is not in the header: $(cat "$WORK/screen")"
tmx send-keys -t dash q
check_ended "q with alerts"
# One table of --max-flows per possible CPU (what libbpf sizes per-CPU maps by).
cpus=$(python3 -c 'import sys
n = 0
for r in open("/sys/devices/system/cpu/possible").read().strip().split(","):
    a, _, b = r.partition("-")
    n += int(b or a) - int(a) + 1
print(n)')
grep -qE "^flow table: [0-9.]+% full \(fullest of $cpus CPU tables: [0-9]+ of 1000 flows; [0-9]+ in all\)$" \
    "$WORK/after" || fail "final summary lacks the flow-table fill: $(grep -i 'flow' "$WORK/after")"
note "header shows flow-table fill and the active alert; 80x24 still fits"

# --- a crash (SIGSEGV, SIGABRT) gives the terminal back too -------------------
for sig in SEGV ABRT; do
    start_dashboard 80 24
    sleep 1
    pid=$(pgrep -f -- "attach $DEV_RX --interval" | head -1)
    [ -n "$pid" ] || fail "cannot find netmon-xdp's pid"
    kill -$sig "$pid"
    for i in $(seq 100); do [ -s "$WORK/rc" ] && break; sleep 0.1; done
    [ -s "$WORK/rc" ] || fail "SIG$sig: netmon-xdp did not die"
    want=$((128 + $(kill -l $sig)))
    [ "$(cat "$WORK/rc")" = "$want" ] || fail "SIG$sig: exit $(cat "$WORK/rc"), want $want"
    [ "$(cat "$WORK/stty.before")" = "$(cat "$WORK/stty.after")" ] ||
        fail "SIG$sig: terminal left in another mode: $(cat "$WORK/stty.before") vs $(cat "$WORK/stty.after")"
    # The alternate screen was left: the normal screen shows, not the dashboard.
    ! screen_has "q quit  p pause" || fail "SIG$sig: the dashboard stayed on the screen"
    # The kernel detaches a bpf_link when its last fd closes, crash or not.
    for i in $(seq 50); do xdp_attached "$NS_RX" "$DEV_RX" || break; sleep 0.1; done
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "SIG$sig: XDP program left attached"
    tmx kill-session -t dash
    note "SIG$sig: terminal mode restored (stty -g), alternate screen left, detached"
done

# --- --plain on a terminal keeps the text blocks ------------------------------
start_plain() {
    rm -f "$WORK/rc"
    tmx new-session -d -s dash -x 120 -y 40 -e LANG=C.UTF-8 "$WORK/run.sh --plain --duration 1.2"
}
start_plain
for i in $(seq 100); do [ -s "$WORK/rc" ] && break; sleep 0.1; done
tmx capture-pane -p -S -300 -t dash >"$WORK/after"
grep -q "^INTERFACE" "$WORK/after" || fail "--plain: no text block: $(cat "$WORK/after")"
! grep -q "q quit" "$WORK/after" || fail "--plain: the dashboard showed"
tmx kill-session -t dash
note "--plain keeps the text blocks on a terminal"
echo "PASS"
