#!/usr/bin/env bash
# Process attribution (docs/process.md), live: netmon-xdp in the namespace of
# the local processes, on the veth to a peer namespace with the servers.
# Every flow of iperf3 (TCP, both ways, and an accepted connection), a
# python3 UDP sender, curl, and a python3 client started before netmon-xdp
# carries its process's pid and comm in both directions; top.processes
# holds exactly its flows' bytes; spoofed SYNs to a closed port and
# --no-process have no process. Alert rules `per process` and the
# exfiltration rule name the program (iperf3) and its pid.
source "$(dirname "$0")/lib.sh"
for tool in iperf3 curl python3 hping3; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool missing"; exit $SKIP; }
done

make_veth_pair
LOCAL=10.77.0.1
PEER=10.77.0.2

# Servers in the peer namespace ($NS_TX): none of them is local.
bg_tx() { ip netns exec "$NS_TX" "$@" >/dev/null 2>&1 & BACKGROUND_PIDS+=($!); }
bg_tx iperf3 -s -p 5201
bg_tx iperf3 -s -p 5203
bg_tx python3 -m http.server 8080 --bind "$PEER" --directory "$WORK"
head -c 300000 /dev/urandom >"$WORK/blob"
# UDP echo, and a TCP line echo for the client that predates netmon-xdp.
bg_tx python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("'"$PEER"'", 9999))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(data, peer)'
bg_tx python3 -c '
import socket
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("'"$PEER"'", 7000)); l.listen()
c, _ = l.accept()
while True:
    data = c.recv(4096)
    if not data: break
    c.sendall(data)'
wait_until 30 "the servers" bash -c "ip netns exec $NS_TX ss -ltn | grep -q ':7000' &&
    ip netns exec $NS_TX ss -ltn | grep -q ':8080' && ip netns exec $NS_TX ss -ltn | grep -q ':5203'"

# Started before netmon-xdp: found by the walk of /proc at start.
ip netns exec "$NS_RX" python3 -c '
import socket, time
s = socket.create_connection(("'"$PEER"'", 7000))
while True:
    s.sendall(b"x" * 1000); s.recv(4096); time.sleep(0.1)' &
OLD_PID=$!
BACKGROUND_PIDS+=("$OLD_PID")
wait_until 10 "the early client's connection" bash -c \
    "ip netns exec $NS_RX ss -tnp | grep -q 'pid=$OLD_PID,'"

# Every destination is new (nothing learned): the exfiltration rule fires
# on what this host sends, per program.
start_netmon attach "$DEV_RX" --json --all-flows --interval 1 \
    --alert 'per process bps > 1M' --baseline-warmup 0 \
    --alert 'exfil: outbound and new dst host per process bps > 1M'
wait_for_xdp "$NS_RX" "$DEV_RX"
wait_until 20 "the first interval" grep -q '"type":"interval"' "$WORK/out"

# Each client is started by `ip netns exec` (which execs it) as a
# background job of this shell, so that $! is the client's own pid.
ip netns exec "$NS_RX" iperf3 -c "$PEER" -p 5201 -t 2 >/dev/null & IPERF_PID=$!
wait "$IPERF_PID" || fail "iperf3 -c failed"
ip netns exec "$NS_RX" iperf3 -c "$PEER" -p 5203 -t 2 -R >/dev/null & IPERF_R_PID=$!
wait "$IPERF_R_PID" || fail "iperf3 -c -R failed"
# Accepted here: an iperf3 server in this namespace, its client in the peer's.
ip netns exec "$NS_RX" iperf3 -s -1 -p 5202 >/dev/null & IPERF_S_PID=$!
wait_until 10 "the local iperf3 server" bash -c "ip netns exec $NS_RX ss -ltn | grep -q ':5202'"
ip netns exec "$NS_TX" iperf3 -c "$LOCAL" -p 5202 -t 2 >/dev/null || fail "remote iperf3 failed"
wait "$IPERF_S_PID" || fail "local iperf3 -s failed"
ip netns exec "$NS_RX" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
for i in range(200):
    s.sendto(b"u" * 900, ("'"$PEER"'", 9999)); s.recvfrom(2048)' & UDP_PID=$!
wait "$UDP_PID" || fail "the UDP sender failed"
ip netns exec "$NS_RX" curl -sf -o /dev/null "http://$PEER:8080/blob" & CURL_PID=$!
wait "$CURL_PID" || fail "curl failed"
# Spoofed SYNs to a closed port: no socket here owns them.
ip netns exec "$NS_TX" hping3 -q -S -p 7 --rand-source -c 200 -i u2000 "$LOCAL" \
    >/dev/null 2>&1 || true
sleep 1.5
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "netmon-xdp exited $NETMON_RC: $(cat "$WORK/err")"
FINAL=$(final_json)
[ -n "$FINAL" ] || fail "no final object"
check_conservation "$FINAL"

# check_port PORT PID COMM: every TCP/UDP flow with PORT on either side has
# the process, in both directions (an ingress and an egress flow).
check_port() {
    local port=$1 pid=$2 comm=$3
    jq -e --argjson port "$port" --argjson pid "$pid" --arg comm "$comm" '
      [.flow_list[] | select((.proto == 6 or .proto == 17) and
                             (.sport == $port or .dport == $port))] as $f |
      ($f | length) >= 2 and
      ($f | map(.src) | unique | length) == 2 and
      ($f | all(.pid == $pid and .comm == $comm and (.cgroup | type) == "string"))' \
        <<<"$FINAL" >/dev/null ||
        fail "port $port: expected pid $pid ($comm) on every flow, both directions: $(jq -c \
            --argjson port "$port" '[.flow_list[] | select(.sport == $port or .dport == $port)
              | {src, sport, dst, dport, packets, pid, comm}]' <<<"$FINAL")"
}
check_port 5201 "$IPERF_PID" iperf3
check_port 5203 "$IPERF_R_PID" iperf3
check_port 5202 "$IPERF_S_PID" iperf3
check_port 9999 "$UDP_PID" python3
check_port 8080 "$CURL_PID" curl
check_port 7000 "$OLD_PID" python3

# The reverse run moved its bulk towards this host: received > sent.
jq -e --argjson pid "$IPERF_R_PID" '.top.processes[] | select(.pid == $pid) |
      .received.bytes > 2 * .sent.bytes' <<<"$FINAL" >/dev/null ||
    fail "iperf3 -R: expected mostly received bytes: $(jq -c .top.processes <<<"$FINAL")"

# top.processes: each process holds exactly its flows' packets and bytes,
# sent plus received is its total, and every attributed flow is listed.
jq -e '
  . as $s |
  ([.flow_list[] | select(.pid != null) | .pid] | unique) as $pids |
  ($pids | length) >= 6 and
  ($pids | all(. as $p | [$s.top.processes[] | select(.pid == $p)] | length == 1)) and
  ($s.top.processes | all(. as $e |
     ([$s.flow_list[] | select(.pid == $e.pid)] | (map(.bytes) | add)) == $e.bytes and
     ([$s.flow_list[] | select(.pid == $e.pid)] | (map(.packets) | add)) == $e.packets and
     $e.sent.bytes + $e.received.bytes == $e.bytes))' <<<"$FINAL" >/dev/null ||
    fail "top.processes differs from the flows: $(jq -c '.top.processes' <<<"$FINAL")"

# Alerts name the program: each iperf3 (the sender, the receiver of -R,
# the local server) starts a `per process` alert with its own pid, the
# exfiltration rule one for the sender at least; the early client
# (80 kbit/s) none.
starts_of() {
    jq -r --arg rule "$1" 'select(.type == "alert" and .state == "start" and .name == $rule)
        | "\(.key.pid) \(.key.comm)"' "$WORK/out" | sort -u
}
PER_PROCESS=$(starts_of 'per process bps > 1M')
for pid in "$IPERF_PID" "$IPERF_R_PID" "$IPERF_S_PID"; do
    grep -qx "$pid iperf3" <<<"$PER_PROCESS" ||
        fail "per process: no alert naming iperf3 pid $pid: $PER_PROCESS"
done
! grep -q "^$OLD_PID " <<<"$PER_PROCESS" || fail "per process: the early client alerted"
EXFIL=$(starts_of exfil)
grep -qx "$IPERF_PID iperf3" <<<"$EXFIL" || fail "exfil: no alert naming iperf3 pid $IPERF_PID: $EXFIL"
! grep -q "^$OLD_PID " <<<"$EXFIL" || fail "exfil: the early client alerted"

# The spoofed SYNs: many sources, no process.
jq -e '[.flow_list[] | select(.proto == 6 and .dport == 7)] as $f |
       ($f | length) >= 100 and ($f | all(.pid == null and .comm == null and .cgroup == null))' \
    <<<"$FINAL" >/dev/null ||
    fail "spoofed SYNs to port 7 must have no process: $(jq -c '[.flow_list[] |
        select(.dport == 7)] | .[:3]' <<<"$FINAL")"
jq -e '.process_attribution.sockets_refused == 0 and .process_attribution.socket_capacity > 0' \
    <<<"$FINAL" >/dev/null || fail "process_attribution: $(jq -c .process_attribution <<<"$FINAL")"

# --no-process with a rule that reads the process: refused before anything
# is attached (it could never match), one line, exit 2.
rc=0
ip netns exec "$NS_RX" "$NETMON_BIN" attach "$DEV_RX" --json --no-process \
    --alert 'process curl pps > 1' >"$WORK/refused.out" 2>"$WORK/refused.err" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$WORK/refused.err")" = 1 ] &&
    grep -q "reads the process.*--no-process turns process attribution off" "$WORK/refused.err" ||
    fail "--no-process with a process rule: exit $rc, $(cat "$WORK/refused.err")"
! xdp_attached "$NS_RX" "$DEV_RX" || fail "the refused run attached XDP"

# --no-process: the same fields, all null, and no list.
start_netmon attach "$DEV_RX" --json --all-flows --interval 1 --no-process
wait_for_xdp "$NS_RX" "$DEV_RX"
wait_until 20 "the first interval" grep -q '"type":"interval"' "$WORK/out"
sleep 0.5
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "netmon-xdp --no-process exited $NETMON_RC: $(cat "$WORK/err")"
FINAL=$(final_json)
jq -e '.process_attribution == null and .top.processes == [] and
       (.flow_list | length) > 0 and (.flow_list | all(.pid == null))' <<<"$FINAL" >/dev/null ||
    fail "--no-process: $(jq -c '{process_attribution, p: .top.processes}' <<<"$FINAL")"
echo PASS
