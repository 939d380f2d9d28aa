#!/usr/bin/env bash
# IPFIX over TCP, and a collector that restarts during the run: the
# exporter reports the lost connection, reconnects (reporting the gap and
# the records missed), and opens the new connection with its templates, so
# the flows after the reconnect decode; tshark decodes the loopback capture
# (the collector here only accepts and reads, as any TCP collector does),
# and the flows begun after the reconnect add up exactly to netmon-xdp's own
# report of them. The options record at exit decodes too, with the records
# the exporter counted as not sent.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ipfix_lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
for tool in tshark tcpdump python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $SKIP; }
done
make_veth_pair
in_rx ip link set lo up
PORT=4739
SRC_MAC=$(mac_of "$NS_TX" "$DEV_TX") DST_MAC=$(mac_of "$NS_RX" "$DEV_RX")

# A TCP collector that reads and keeps what it gets; sets COLLECTOR_PID.
start_collector() {
    ip netns exec "$NS_RX" python3 -c '
import socket, sys, threading
srv = socket.create_server(("127.0.0.1", int(sys.argv[1])), reuse_port=False)
def read(conn):
    with conn, open(sys.argv[2], "ab") as f:
        while data := conn.recv(65536):
            f.write(data)
while True:
    conn, _ = srv.accept()
    threading.Thread(target=read, args=(conn,), daemon=True).start()
' $PORT "$WORK/received" 2>>"$WORK/collector.log" &
    COLLECTOR_PID=$!
    BACKGROUND_PIDS+=("$COLLECTOR_PID")
    local i
    for i in $(seq 100); do
        in_rx ss -Hltn "sport = :$PORT" | grep -q . && return 0
        sleep 0.05
    done
    fail "the collector did not start: $(cat "$WORK/collector.log")"
}
stop_collector() {
    kill "$COLLECTOR_PID"
    wait "$COLLECTOR_PID" 2>/dev/null || true
}
# Flows that end (idle) a second later, so records go out all the time:
# each burst from its own source address.
BURST=0
burst() {
    BURST=$((BURST + 1))
    in_tx "$SEND_FRAMES" "$DEV_TX" udp-flows --flows 3 --count 2 --src4 10.1.$((BURST / 250)).$((BURST % 250 + 1)) \
        --src-mac "$SRC_MAC" --dst-mac "$DST_MAC" >/dev/null
    sleep 0.3
}
# Bursts until netmon-xdp's stderr says $1, for at most $2 seconds.
bursts_until() {
    local deadline=$((SECONDS + $2))
    while ! grep -q "$1" "$WORK/nm.err"; do
        [ $SECONDS -lt $deadline ] || fail "no '$1' within $2 s: $(cat "$WORK/nm.err")"
        burst
    done
}

start_loopback_capture "$NS_RX" "$WORK/export.pcap" tcp port $PORT
start_collector
start_instance "$NS_RX" nm attach "$DEV_RX" --json --interval 0.5 --flow-timeout 1 --all-flows \
    --ipfix tcp://127.0.0.1:$PORT --ipfix-domain 3
wait_for_xdp "$NS_RX" "$DEV_RX"
for _ in $(seq 6); do burst; done
stop_collector
bursts_until "reconnecting with backoff" 15
for _ in $(seq 4); do burst; done # down a while: reconnects are refused
start_collector
bursts_until "connected again" 40
# After the reconnect: flows of their own, which end before the exit.
in_tx "$SEND_FRAMES" "$DEV_TX" udp-flows --flows 20 --count 6 --src4 10.9.0.1 \
    --src-mac "$SRC_MAC" --dst-mac "$DST_MAC" >/dev/null
sleep 2.5 # idle past --flow-timeout, so these flows end before the exit (the pattern itself)
stop_instance nm
stop_capture
stop_collector
note "netmon stderr: $(cat "$WORK/nm.err")"

# The outage was reported once, and the reconnect with the gap.
[ "$(grep -c "reconnecting with backoff" "$WORK/nm.err")" = 1 ] ||
    fail "the lost collector should be reported once: $(cat "$WORK/nm.err")"
grep -Eq "connected again after [0-9.]+ s; [0-9]+ flow records missed meanwhile" "$WORK/nm.err" ||
    fail "no gap in the reconnect message: $(cat "$WORK/nm.err")"
# Two connections (the refused attempts between them get no SYN-ACK); the
# last begins with the templates.
tshark -n -r "$WORK/export.pcap" -Y "tcp.flags.syn == 1 && tcp.flags.ack == 1" -T fields \
    -e tcp.stream >"$WORK/connections" 2>/dev/null
[ "$(wc -l <"$WORK/connections")" = 2 ] ||
    fail "$(wc -l <"$WORK/connections") TCP connections, expected 2"
last=$(tail -1 "$WORK/connections")
first_message=$(tshark -n -r "$WORK/export.pcap" -d tcp.port==$PORT,cflow \
    -Y "tcp.stream == $last && cflow.od_id == 3" -T fields -e cflow.sequence -e cflow.template_id \
    2>/dev/null | head -1)
[[ $first_message == 0$'\t'* ]] && [[ $first_message == *256* ]] ||
    fail "the new connection's first message (sequence, template ids): '$first_message'"

# The flows after the reconnect: exactly as netmon-xdp counted them.
final=$(instance_final nm)
want=$(jq -r '[.flow_list[] | select(.src == "10.9.0.1")] |
    "\(map(.packets) | add) \(map(.bytes) | add)"' <<<"$final")
[ "$want" = "120 7200" ] || fail "netmon-xdp counted '$want' (packets bytes) of the 120 frames sent"
ipfix_records "$WORK/export.pcap" $PORT >"$WORK/records"
got=$(awk '$2 == "10.9.0.1" { p += $3; b += $4; n++ } END { print p + 0, b + 0, n + 0 }' \
    "$WORK/records")
[ "$got" = "120 7200 20" ] || fail "decoded after the reconnect (packets bytes records): '$got'"

# The options record at exit (in the flows' domain; the statistics during
# the run went to domain 0): decoded, with the records not sent.
read -r not_sent records_sent < <(tshark -n -r "$WORK/export.pcap" -d tcp.port==$PORT,cflow \
    -Y "cflow.notsent_flows && cflow.od_id == 3" -T fields -e cflow.notsent_flows -e cflow.flowsexp 2>/dev/null |
    tail -1)
[ -n "$not_sent" ] || fail "tshark decoded no options record"
missed=$(grep -oE "[0-9]+ flow records missed" "$WORK/nm.err" | grep -oE "^[0-9]+")
[ "$not_sent" = "$missed" ] ||
    fail "options record: $not_sent records not sent, stderr says $missed"
note "reconnected; $missed records missed; options record: $records_sent sent, $not_sent not"
echo "TCP collector restart: reconnected, templates first, flows after it exact: PASS"
