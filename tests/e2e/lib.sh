# Shared helpers for the end-to-end tests. Each test creates its own network
# namespaces with unique names, a veth pair between them, and removes all of
# it on exit — also when the test fails. Nothing touches other interfaces.
set -euo pipefail

SKIP=77
NETMON_BIN=${NETMON_BIN:-$(pwd)/build/netmon-xdp}
NETMON_TEST_BIN_DIR=${NETMON_TEST_BIN_DIR:-$(dirname "$NETMON_BIN")/tests}
SEND_FRAMES=$NETMON_TEST_BIN_DIR/send_frames

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

# Polls until a command succeeds: wait_until SECONDS WHAT COMMAND...; fails
# naming WHAT when SECONDS pass first. For waits on a condition, instead of
# a fixed sleep that is too short on a loaded machine and too long otherwise.
wait_until() {
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + ${seconds%.*} + 1))
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || fail "waited ${seconds} s for $what"
        sleep 0.05
    done
}

# The real captures (../shared/pcaps beside the repository, or $NETMON_PCAPS).
PCAPS=${NETMON_PCAPS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/../shared/pcaps}
# need_shared_pcaps [FILE]: skip the test when the captures (or FILE among
# them) are absent; under NETMON_REQUIRE_SHARED=1 (tests/run-all under CI)
# fail instead, so that CI cannot pass without comparing against them.
need_shared_pcaps() {
    local what=$PCAPS
    [ -n "${1:-}" ] && what=$PCAPS/$1
    [ -e "$what" ] && return 0
    [ "${NETMON_REQUIRE_SHARED:-0}" = 1 ] &&
        fail "shared captures absent: $what (required: NETMON_REQUIRE_SHARED=1)"
    echo "SKIP: shared captures absent: $what (put them there or set NETMON_PCAPS)"
    exit $SKIP
}

# The corpus cache (tests/support/corpus_cache.py): each shared capture
# replayed and dissected once per build, read by every checker.
export NETMON_BIN
export NETMON_CORPUS_CACHE=${NETMON_CORPUS_CACHE:-${NETMON_BUILD_DIR:-$(dirname "$NETMON_BIN")}/corpus-cache}
corpus_cache() { python3 "$(dirname "${BASH_SOURCE[0]}")/../support/corpus_cache.py" "$@"; }

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespaces, XDP)"; exit $SKIP; }
command -v ip >/dev/null || { echo "SKIP: iproute2 missing"; exit $SKIP; }
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit $SKIP; }
[ -x "$NETMON_BIN" ] || fail "netmon-xdp not built at $NETMON_BIN"

# Unique, short names (interface names are limited to 15 characters).
TEST_ID=$(printf '%04x%02x' $$ $((RANDOM % 256)))
NS_RX=nmx-$TEST_ID-rx
NS_TX=nmx-$TEST_ID-tx
DEV_RX=nx${TEST_ID}r
DEV_TX=nx${TEST_ID}t
WORK=$(mktemp -d)
declare -a BACKGROUND_PIDS=()

cleanup() {
    local pid
    for pid in "${BACKGROUND_PIDS[@]:-}"; do
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    done
    ip netns del "$NS_RX" 2>/dev/null || true
    ip netns del "$NS_TX" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

in_rx() { ip netns exec "$NS_RX" "$@"; }
in_tx() { ip netns exec "$NS_TX" "$@"; }

# A veth pair: $DEV_RX in $NS_RX (monitored), $DEV_TX in $NS_TX (sender).
# IPv6 is off on both ends so the kernels send nothing on their own (no
# DAD, router or MLD solicitations): every frame on the wire is ours.
make_veth_pair() {
    ip netns add "$NS_RX"
    ip netns add "$NS_TX"
    ip link add "$DEV_RX" netns "$NS_RX" type veth peer name "$DEV_TX" netns "$NS_TX"
    for ns in "$NS_RX" "$NS_TX"; do
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
    done
    ip -n "$NS_RX" addr add 10.77.0.1/24 dev "$DEV_RX"
    ip -n "$NS_TX" addr add 10.77.0.2/24 dev "$DEV_TX"
    ip -n "$NS_RX" link set "$DEV_RX" up
    ip -n "$NS_TX" link set "$DEV_TX" up
}

# Two veth pairs between the same two namespaces, for two instances that
# report to one collector or server on $NS_RX's loopback (brought up here):
# make_veth_pair's, and $DEV_RX2 in $NS_RX to $DEV_TX2 in $NS_TX, up, with
# no addresses. cleanup removes both with the namespaces.
make_two_veth_pairs() {
    make_veth_pair
    DEV_RX2=${DEV_RX}2
    DEV_TX2=${DEV_TX}2
    ip link add "$DEV_RX2" netns "$NS_RX" type veth peer name "$DEV_TX2" netns "$NS_TX"
    ip -n "$NS_RX" link set "$DEV_RX2" up
    ip -n "$NS_TX" link set "$DEV_TX2" up
    in_rx ip link set lo up
}

mac_of() { ip -n "$1" -j link show dev "$2" | jq -r '.[0].address'; }

# rx packets and bytes of a device, as the kernel counts them: "P B"
rx_counters() {
    ip -n "$1" -s -j link show dev "$2" | jq -r '.[0].stats64.rx | "\(.packets) \(.bytes)"'
}

xdp_attached() { ip -n "$1" -d link show dev "$2" | grep -q 'prog/xdp'; }

wait_for_xdp() {
    local i
    for i in $(seq 100); do
        xdp_attached "$1" "$2" && return 0
        sleep 0.05
    done
    fail "no XDP program appeared on $2"
}

# Starts netmon-xdp in the receiver namespace; sets NETMON_PID.
start_netmon() {
    # Not through in_rx: $! must be netmon-xdp itself (ip execs it), not a
    # subshell, so that signals reach it.
    ip netns exec "$NS_RX" "$NETMON_BIN" "$@" >"$WORK/out" 2>"$WORK/err" &
    NETMON_PID=$!
    BACKGROUND_PIDS+=("$NETMON_PID")
}

# Sends SIGINT and waits; sets NETMON_RC.
stop_netmon() {
    kill -"${1:-INT}" "$NETMON_PID"
    NETMON_RC=0
    wait "$NETMON_PID" || NETMON_RC=$?
}

final_json() { grep '"type":"final"' "$WORK/out" | tail -1; }

# Conservation, on one JSON object: the classes add up to the totals, and
# active + aged-out flows + overflow hold exactly the totals.
check_conservation() {
    local json=$1
    jq -e '
      (.protocols | to_entries | map(.value.packets) | add) == .totals.packets and
      (.protocols | to_entries | map(.value.bytes) | add) == .totals.bytes and
      (.flows.active_traffic.packets + .flows.aged_out_traffic.packets
         + .flows.overflow.packets + .flows.refused.packets) == .totals.packets and
      (.flows.active_traffic.bytes + .flows.aged_out_traffic.bytes
         + .flows.overflow.bytes + .flows.refused.bytes) == .totals.bytes and
      (. as $s | [.hosts.sources, .hosts.destinations] | all(
         .active_traffic.packets + .forgotten_traffic.packets + .overflow.packets
           == $s.totals.packets - $s.flows.overflow.packets and
         .active_traffic.bytes + .forgotten_traffic.bytes + .overflow.bytes
           == $s.totals.bytes - $s.flows.overflow.bytes))' <<<"$json" >/dev/null ||
        fail "conservation broken: $(jq -c '{totals, protocols, flows, hosts}' <<<"$json")"
}

# Captures on loopback of namespace $1 into $2 (pcap filter: the rest);
# returns once the capture sees packets; sets CAPTURE_PID. --immediate-mode:
# without it libpcap hands packets over only when a TPACKET_V3 block is
# retired (its 1 s timeout), so a capture stopped within a second of the
# last packet loses them all -- an empty file when a test runs fast.
start_loopback_capture() {
    local ns=$1 file=$2
    shift 2
    # -B: a replay exports in bursts faster than tcpdump writes on a loaded
    # machine; 64 MiB of kernel buffer holds a whole run's burst.
    ip netns exec "$ns" tcpdump -i lo -U --immediate-mode -B 65536 -w "$file" "$@" \
        2>"$file.log" &
    CAPTURE_FILE=$file
    CAPTURE_PID=$!
    BACKGROUND_PIDS+=("$CAPTURE_PID")
    local i
    for i in $(seq 100); do
        grep -q listening "$file.log" && return 0
        sleep 0.05
    done
    fail "tcpdump did not start: $(cat "$file.log")"
}

# Stops the capture CAPTURE_PID; each packet was written when it came
# (-U --immediate-mode), so nothing waits in a buffer. A capture that lost
# packets cannot stand for what was sent: that fails here, by name, rather
# than as a difference the code under test did not make.
stop_capture() {
    sleep 0.2 # the last datagrams may still be on their way through loopback
    kill -TERM "$CAPTURE_PID"
    wait "$CAPTURE_PID" 2>/dev/null || true
    local dropped
    dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' "$CAPTURE_FILE.log")
    [ "${dropped:-0}" = 0 ] || fail "tcpdump dropped $dropped packets: the capture is incomplete"
}
