#!/usr/bin/env bash
# --filter on both hooks: the TC translation on egress counts exactly the
# frames libpcap matches among what the monitored end sends (tcpdump -Q out,
# filtered offline), the XDP one among what it receives, and the rest as
# filtered out; what tcpdump saw sent is the interface's tx counter. The
# filter reads TCP payload, which the stack keeps in the paged part of
# non-linear skbs (GSO super-packets included). Then the clsact fallback:
# the filter is attached there, removed on exit, and `detach` removes what
# kill -9 left; without --direction, a filter now counts both ways.
source "$(dirname "$0")/lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump missing"; exit $SKIP; }
command -v tshark >/dev/null || { echo "SKIP: tshark missing"; exit $SKIP; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
make_veth_pair
# Static neighbours: the kernels send no ARP of their own (a late probe would
# land after the counters were read); the frame mixes carry ARP anyway.
ip -n "$NS_RX" neigh add 10.77.0.2 lladdr "$(mac_of "$NS_TX" "$DEV_TX")" dev "$DEV_RX" nud permanent
ip -n "$NS_TX" neigh add 10.77.0.1 lladdr "$(mac_of "$NS_RX" "$DEV_RX")" dev "$DEV_TX" nud permanent
FILTER='udp port 5000 or (tcp and tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420) or (vlan and udp)'

# Sum of frame lengths and count of a capture: "packets bytes".
capture_totals() {
    tshark -r "$1" -T fields -e frame.len 2>/dev/null |
        awk '{n++; b += $1} END {printf "%d %d\n", n, b}'
}
tx_counters() {
    ip -n "$NS_RX" -s -j link show dev "$DEV_RX" | jq -r '.[0].stats64.tx | "\(.packets) \(.bytes)"'
}
egress_filters() { in_rx tc filter show dev "$DEV_RX" egress; }

# UDP datagrams from the monitored end: to port 5000 (one too large for the
# MTU: only its first fragment has the port) and to 5001.
send_udp() {
    in_rx python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for size in (10, 100, 1000, 3000, 20):
    s.sendto(b"u" * size, ("10.77.0.2", 5000))
    s.sendto(b"v" * size, ("10.77.0.2", 5001))' || fail "UDP sender failed"
}

# 2 MiB over TCP from the monitored end in writes that each start with
# "GET ": with TSO on veth, the payload sits in page fragments of GSO skbs.
tcp_bulk() {
    in_tx python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.77.0.2", 5080)); s.listen(1); c, _ = s.accept()
while c.recv(1 << 16): pass' &
    local server=$!
    in_rx python3 -c '
import socket, time
for _ in range(100):
    try:
        c = socket.create_connection(("10.77.0.2", 5080)); break
    except OSError: time.sleep(0.05)
for _ in range(64):
    c.sendall(b"GET " + b"x" * 32764)
c.close()' || fail "TCP client failed"
    wait "$server" || fail "TCP server failed"
}

start_dump() { # direction file
    # --immediate-mode: each frame is handed over as it comes, not when the
    # kernel retires a ring block (a busy machine can delay that). -B: a
    # 64 MiB ring, so the 2 MiB of 64 KiB GSO skbs never fill it (the
    # default 2 MiB ring dropped frames).
    ip netns exec "$NS_RX" tcpdump -i "$DEV_RX" -Q "$1" -U --immediate-mode -B 65536 -w "$WORK/$2" \
        2>"$WORK/$2.err" &
    BACKGROUND_PIDS+=("$!")
    DUMPS+=("$!")
    local i
    for i in $(seq 100); do grep -q listening "$WORK/$2.err" && break; sleep 0.05; done
}

note "--direction both --filter: each hook as libpcap, egress as sent"
DUMPS=()
start_dump out out.pcap
start_dump in in.pcap
start_netmon attach "$DEV_RX" --json --interval 30 --direction both --filter "$FILTER"
wait_for_xdp "$NS_RX" "$DEV_RX"
for _ in $(seq 100); do in_rx "$NETMON_BIN" detach "$DEV_RX" | grep netmon_egfilter >/dev/null && break; sleep 0.05; done
in_rx "$NETMON_BIN" detach "$DEV_RX" | grep "netmon_egfilter.*TCX link" >/dev/null ||
    fail "no egress filter on TCX: $(in_rx "$NETMON_BIN" detach "$DEV_RX")"
read -r txp0 txb0 <<<"$(tx_counters)"
read -r rxp0 _ <<<"$(rx_counters "$NS_RX" "$DEV_RX")"
for dir in tx rx; do
    if [ $dir = tx ]; then from=("$NS_TX" "$DEV_TX" 10.77.0.2); to=("$NS_RX" "$DEV_RX" 10.77.0.1)
    else from=("$NS_RX" "$DEV_RX" 10.77.0.1); to=("$NS_TX" "$DEV_TX" 10.77.0.2); fi
    ip netns exec "${from[0]}" "$SEND_FRAMES" "${from[1]}" basic --count 10 --src4 "${from[2]}" \
        --dst4 "${to[2]}" --src-mac "$(mac_of "${from[0]}" "${from[1]}")" \
        --dst-mac "$(mac_of "${to[0]}" "${to[1]}")" >/dev/null || fail "send_frames from ${from[1]} failed"
done
send_udp
in_tx ping -q -c 5 -i 0.01 10.77.0.1 >"$WORK/ping" || fail "ping to the monitored end: $(cat "$WORK/ping")"
in_rx ping -q -c 5 -i 0.01 -s 1400 10.77.0.2 >"$WORK/ping" || fail "ping from the monitored end: $(cat "$WORK/ping")"
tcp_bulk
# tcpdump drops what it has not written when signalled: wait for every
# frame sent and received to be in its capture (written per packet, -U).
# (Received bytes are not compared: veth in native XDP mode counts them
# without the Ethernet header.)
for _ in $(seq 100); do
    sleep 0.2
    read -r txp1 txb1 <<<"$(tx_counters)"
    read -r rxp1 _ <<<"$(rx_counters "$NS_RX" "$DEV_RX")"
    [ "$(capture_totals "$WORK/out.pcap")" = "$((txp1 - txp0)) $((txb1 - txb0))" ] &&
        [ "$(capture_totals "$WORK/in.pcap" | cut -d' ' -f1)" = $((rxp1 - rxp0)) ] && break
done
stop_netmon INT
kill -TERM "${DUMPS[@]}"
wait "${DUMPS[@]}" || true
[ "$NETMON_RC" = 0 ] || fail "exit $NETMON_RC: $(cat "$WORK/err")"
json=$(final_json) || fail "no final JSON: $(cat "$WORK/err")"

tcpdump -r "$WORK/out.pcap" -w "$WORK/out_match.pcap" "$FILTER" 2>/dev/null
tcpdump -r "$WORK/in.pcap" -w "$WORK/in_match.pcap" "$FILTER" 2>/dev/null
read -r out_p out_b <<<"$(capture_totals "$WORK/out.pcap")"
read -r out_mp out_mb <<<"$(capture_totals "$WORK/out_match.pcap")"
read -r in_p in_b <<<"$(capture_totals "$WORK/in.pcap")"
read -r in_mp in_mb <<<"$(capture_totals "$WORK/in_match.pcap")"
note "sent: $out_mp of $out_p frames match; received: $in_mp of $in_p"
note "netmon: $(jq -c '{hooks: (.hooks | map_values({packets, bytes})), filtered_out}' <<<"$json")"
[ "$out_p $out_b" = "$((txp1 - txp0)) $((txb1 - txb0))" ] ||
    fail "tcpdump saw $out_p frames ($out_b bytes) sent, tx counter $((txp1 - txp0)) ($((txb1 - txb0))); tcpdump: $(tr '\n' ' ' <"$WORK/out.pcap.err")"
[ "$in_p" = $((rxp1 - rxp0)) ] ||
    fail "tcpdump saw $in_p frames received, rx counter $((rxp1 - rxp0)); tcpdump: $(tr '\n' ' ' <"$WORK/in.pcap.err")"
# The capture must hold matching TCP payload in GSO skbs, and frames the
# filter rejects each way, or this proved little.
[ "$(tcpdump -r "$WORK/out_match.pcap" 'tcp and greater 2000' 2>/dev/null | wc -l)" -gt 0 ] ||
    fail "no large matching TCP skb was sent"
[ "$out_mp" -gt 0 ] && [ "$out_mp" -lt "$out_p" ] && [ "$in_mp" -gt 0 ] && [ "$in_mp" -lt "$in_p" ] ||
    fail "the traffic does not exercise the filter both ways"
jq -e --argjson op "$out_mp" --argjson ob "$out_mb" --argjson ip "$in_mp" --argjson ib "$in_mb" \
    --argjson fp $((out_p - out_mp + in_p - in_mp)) --argjson fb $((out_b - out_mb + in_b - in_mb)) \
    --arg f "$FILTER" '
    .filter == $f and .direction == "both" and
    .hooks.egress.packets == $op and .hooks.egress.bytes == $ob and
    .hooks.ingress.packets == $ip and .hooks.ingress.bytes == $ib and
    .filtered_out.packets == $fp and .filtered_out.bytes == $fb' <<<"$json" >/dev/null ||
    fail "libpcap: egress $out_mp/$out_mb, ingress $in_mp/$in_mb, filtered out $((out_p - out_mp + in_p - in_mp))/$((out_b - out_mb + in_b - in_mb)); netmon: $(jq -c '{hooks: (.hooks | map_values({packets, bytes})), filtered_out}' <<<"$json")"
check_conservation "$json"

note "clsact fallback: attached, removed on exit"
export NETMON_FORCE_TC_FALLBACK=1
read -r txp0 txb0 <<<"$(tx_counters)"
start_netmon attach "$DEV_RX" --json --interval 30 --direction egress --filter 'udp port 5000'
for _ in $(seq 100); do egress_filters | grep netmon_egfilter >/dev/null && break; sleep 0.05; done
egress_filters | grep netmon_egfilter >/dev/null || fail "no netmon_egfilter filter: $(egress_filters)"
send_udp
sleep 0.3
read -r txp1 txb1 <<<"$(tx_counters)"
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "fallback: exit $NETMON_RC: $(cat "$WORK/err")"
json=$(final_json) || fail "fallback: no final JSON: $(cat "$WORK/err")"
# Five datagrams to port 5000: six frames (one in two fragments, the second
# without ports); everything else sent is filtered out.
jq -e --argjson tp $((txp1 - txp0)) --argjson tb $((txb1 - txb0)) '
    .totals.packets == 5 and .filtered_out.packets == $tp - 5 and
    .totals.bytes + .filtered_out.bytes == $tb and .hooks.ingress.packets == 0' \
    <<<"$json" >/dev/null ||
    fail "fallback: tx $((txp1 - txp0))/$((txb1 - txb0)); netmon: $(jq -c '{totals, filtered_out}' <<<"$json")"
[ -z "$(egress_filters)" ] || fail "filter left after a clean exit: $(egress_filters)"

note "without --direction a filter counts both ways; kill -9 leaves the fallback filter, detach removes it"
start_netmon attach "$DEV_RX" --json --interval 30 --filter 'udp port 5000'
wait_for_xdp "$NS_RX" "$DEV_RX"
for _ in $(seq 100); do egress_filters | grep netmon_egfilter >/dev/null && break; sleep 0.05; done
egress_filters | grep netmon_egfilter >/dev/null || fail "default direction with --filter has no egress filter"
stop_netmon KILL
out=$(in_rx "$NETMON_BIN" detach "$DEV_RX")
grep -q "^removed egress filter 'netmon_egfilter'" <<<"$out" || fail "detach did not remove it: $out"
[ -z "$(egress_filters)" ] || fail "egress filter left after detach: $(egress_filters)"
echo "PASS"
