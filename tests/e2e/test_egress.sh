#!/usr/bin/env bash
# Both directions on one end of a veth pair: traffic both ways (raw frame
# mixes from each end, pings each way, a TCP bulk transfer whose GSO
# super-packets leave through the egress hook). Per hook, netmon-xdp reports
# exactly what the monitored interface itself counted: ingress == its rx,
# egress == its tx (ip -s link). Then the directions and the local/remote
# host lists, and that kill -9 leaves nothing attached (TCX link).
source "$(dirname "$0")/lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
make_veth_pair
ROUNDS=20

tx_counters() {
    ip -n "$1" -s -j link show dev "$2" | jq -r '.[0].stats64.tx | "\(.packets) \(.bytes)"'
}

# The monitored end ($DEV_RX, 10.77.0.1) sends 4 MiB to the peer over TCP:
# with TSO on veth, the stack hands the driver GSO skbs larger than the MTU.
tcp_bulk() {
    in_tx python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.77.0.2", 5001)); s.listen(1); c, _ = s.accept()
while c.recv(1 << 16): pass' &
    local server=$!
    in_rx python3 -c '
import socket, time
for _ in range(100):
    try:
        c = socket.create_connection(("10.77.0.2", 5001)); break
    except OSError: time.sleep(0.05)
c.sendall(b"x" * (4 << 20)); c.close()'
    wait "$server"
}

run_traffic() {
    in_tx "$SEND_FRAMES" "$DEV_TX" basic --count $ROUNDS --src4 10.77.0.2 --dst4 10.77.0.1 \
        --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")" >/dev/null
    in_rx "$SEND_FRAMES" "$DEV_RX" basic --count $ROUNDS --src4 10.77.0.1 --dst4 10.77.0.2 \
        --src-mac "$(mac_of "$NS_RX" "$DEV_RX")" --dst-mac "$(mac_of "$NS_TX" "$DEV_TX")" >/dev/null
    in_tx ping -q -c 5 -i 0.01 10.77.0.1 >/dev/null
    in_rx ping -q -c 5 -i 0.01 -s 1400 10.77.0.2 >/dev/null
    tcp_bulk
}

# Fails unless the hook's counts in $json equal the interface counter delta.
expect_hook() {
    local hook=$1 packets=$2 bytes=$3
    local got
    got=$(jq -c ".interfaces[0].hooks.$hook | [.packets, .bytes]" <<<"$json")
    [ "$got" = "[$packets,$bytes]" ] || fail "$hook: netmon $got, ip -s link [$packets,$bytes] ($MODE)"
}

for MODE in generic native; do
    note "--mode $MODE"
    start_netmon attach "$DEV_RX" --json --interval 0.5 --mode $MODE
    wait_for_xdp "$NS_RX" "$DEV_RX"
    sleep 0.2 # the egress link follows the XDP one
    read -r rxp0 rxb0 <<<"$(rx_counters "$NS_RX" "$DEV_RX")"
    read -r txp0 txb0 <<<"$(tx_counters "$NS_RX" "$DEV_RX")"
    run_traffic
    sleep 0.5
    read -r rxp1 rxb1 <<<"$(rx_counters "$NS_RX" "$DEV_RX")"
    read -r txp1 txb1 <<<"$(tx_counters "$NS_RX" "$DEV_RX")"
    stop_netmon INT
    [ "$NETMON_RC" = 0 ] || fail "exit $NETMON_RC: $(cat "$WORK/err")"
    json=$(final_json)
    note "netmon: $(jq -c '{direction, hooks: (.hooks | map_values({packets, bytes}))}' <<<"$json")"
    note "ip -s link: rx $((rxp1 - rxp0)) / $((rxb1 - rxb0)), tx $((txp1 - txp0)) / $((txb1 - txb0))"

    [ "$(jq -r .direction <<<"$json")" = both ] || fail "default direction is not both"
    rx_packets=$((rxp1 - rxp0))
    rx_bytes=$((rxb1 - rxb0))
    # veth in native XDP mode counts rx bytes without the 14-byte Ethernet
    # header (see test_exact_mix.sh); netmon-xdp counts whole frames.
    [ "$MODE" = native ] && rx_bytes=$((rx_bytes + 14 * rx_packets))
    expect_hook ingress "$rx_packets" "$rx_bytes"
    expect_hook egress $((txp1 - txp0)) $((txb1 - txb0))
    # GSO: the bulk transfer must have left as skbs bigger than the MTU, or
    # this run proved nothing about them.
    jq -e '.hooks.egress.bytes / .hooks.egress.packets > 1000' <<<"$json" >/dev/null ||
        note "warning: no large egress skbs seen"
    jq -e '.hooks.ingress.packets + .hooks.egress.packets == .totals.packets and
           .hooks.ingress.bytes + .hooks.egress.bytes == .totals.bytes' <<<"$json" >/dev/null ||
        fail "hooks do not add up to the totals"
    check_conservation "$json"

    # Directions (default local network: 10.77.0.1/32): they partition the
    # flows, the monitored end is the only local host, the peer a remote one.
    jq -e '(.directions | map(.packets) | add) == .totals.packets - .flows.overflow.packets and
           (.directions | map(.bytes) | add) == .totals.bytes - .flows.overflow.bytes' \
        <<<"$json" >/dev/null || fail "directions do not add up: $(jq -c .directions <<<"$json")"
    jq -e '.local_nets == ["10.77.0.1/32"] and .directions.internal.packets == 0 and
           .directions.outbound.bytes > 4194304 and .directions.inbound.packets > 0' \
        <<<"$json" >/dev/null || fail "directions: $(jq -c '{local_nets, directions}' <<<"$json")"
    # One interface: its share of the directions is all of them, both hooks included.
    jq -e '.interfaces[0].directions == .directions' <<<"$json" >/dev/null ||
        fail "per-interface directions: $(jq -c '.interfaces[0].directions' <<<"$json") vs $(jq -c .directions <<<"$json")"
    jq -e '.top.local_hosts[0].address == "10.77.0.1" and
           .top.local_hosts[0].sent.bytes > 4194304 and
           (.top.local_hosts[0].sent.bytes + .top.local_hosts[0].received.bytes) ==
             .top.local_hosts[0].bytes and
           (.top.remote_hosts | map(.address) | index("10.77.0.2")) != null' \
        <<<"$json" >/dev/null || fail "top hosts: $(jq -c '.top | {local_hosts, remote_hosts}' <<<"$json")"
done

# kill -9 with egress attached through TCX: the kernel drops both links.
note "kill -9"
start_netmon attach "$DEV_RX" --json --interval 0.5
wait_for_xdp "$NS_RX" "$DEV_RX"
sleep 0.2
held=$(in_rx "$NETMON_BIN" detach "$DEV_RX")
grep -q "netmon_egress.*TCX link" <<<"$held" || fail "egress not attached through TCX: $held"
stop_netmon KILL
sleep 0.2
xdp_attached "$NS_RX" "$DEV_RX" && fail "XDP program left after kill -9"
[ -z "$(in_rx tc filter show dev "$DEV_RX" egress)" ] || fail "tc egress filter left after kill -9"
left=$(in_rx "$NETMON_BIN" detach "$DEV_RX")
[ "$left" = "nothing of netmon-xdp's is attached to $DEV_RX" ] || fail "left after kill -9: $left"
echo "PASS"
