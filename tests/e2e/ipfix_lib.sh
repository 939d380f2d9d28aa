# Helpers for the IPFIX end-to-end tests (source after lib.sh): a collector
# on a namespace's loopback, and the netmon-xdp instances that export to it.

# Starts nfcapd on 127.0.0.1:$3 in namespace $1, writing into directory $2;
# returns once it listens; sets NFCAPD_PID.
start_nfcapd() {
    local ns=$1 dir=$2 port=$3
    mkdir -p "$dir"
    # ip netns exec execs the tool: $! is its pid, so the trap can stop it.
    ip netns exec "$ns" nfcapd -w "$dir" -b 127.0.0.1 -p "$port" -t 3600 >"$dir.log" 2>&1 &
    NFCAPD_PID=$!
    BACKGROUND_PIDS+=("$NFCAPD_PID")
    local i
    for i in $(seq 100); do
        ip netns exec "$ns" ss -Hlun "sport = :$port" | grep -q . && return 0
        sleep 0.05
    done
    fail "nfcapd did not start: $(cat "$dir.log")"
}

# Stops nfcapd ($1 namespace, $2 port) once it has read its socket empty:
# it writes its file when it exits.
stop_nfcapd() {
    local ns=$1 port=$2 i
    for i in $(seq 100); do
        [ "$(ip netns exec "$ns" ss -Hlun "sport = :$port" | awk '{ print $2 }')" = 0 ] && break
        sleep 0.05
    done
    sleep 0.1
    kill "$NFCAPD_PID"
    wait "$NFCAPD_PID" 2>/dev/null || true
}

# Starts netmon-xdp in namespace $1 with output files $WORK/$2.out and
# $WORK/$2.err, arguments the rest; sets PID_OF[$2].
declare -A PID_OF=()
start_instance() {
    local ns=$1 name=$2
    shift 2
    ip netns exec "$ns" "$NETMON_BIN" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    PID_OF[$name]=$!
    BACKGROUND_PIDS+=("$!")
}

# Stops instance $1 with SIGINT; fails unless it exits 0.
stop_instance() {
    local rc=0
    kill -INT "${PID_OF[$1]}"
    wait "${PID_OF[$1]}" || rc=$?
    [ "$rc" = 0 ] || fail "$1 exited $rc: $(cat "$WORK/$1.err")"
}

instance_final() { grep '"type":"final"' "$WORK/$1.out" | tail -1; }

# For a replay that exports to 127.0.0.1 of a namespace of the test's own
# while tcpdump captures it: skips the test without tshark, tcpdump or
# python3; creates $NS_RX (lib.sh's cleanup removes it) with loopback up and
# sets NS to it.
ipfix_replay_namespace() {
    local tool
    for tool in tshark tcpdump python3; do
        command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit "$SKIP"; }
    done
    NS=$NS_RX
    ip netns add "$NS"
    in_rx ip link set lo up
}

# Flow records in capture $1 (IPFIX on UDP or TCP port $2), one line each:
# observation domain, source address, packets, frame bytes, end reason.
# tshark decodes them: independent of netmon-xdp's encoder and of nfdump.
ipfix_records() {
    tshark -n -r "$1" -d "udp.port==$2,cflow" -d "tcp.port==$2,cflow" -Y cflow.packets \
        -T fields -E occurrence=a -E aggregator=';' -e cflow.od_id -e cflow.srcaddr \
        -e cflow.packets -e cflow.layer2_octet_delta_count -e cflow.flow_end_reason 2>/dev/null |
        python3 -c '
import sys
for line in sys.stdin:
    od, src, pk, l2, rs = (c.split(";") for c in line.rstrip("\n").split("\t"))
    for i in range(len(pk)):
        print(od[0], src[i] if i < len(src) else "-", pk[i], l2[i], rs[i])
'
}
