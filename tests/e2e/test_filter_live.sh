#!/usr/bin/env bash
# --filter on live traffic: netmon-xdp counts exactly the frames libpcap
# matches (tcpdump, reading a capture of the same frames), and the rest
# as filtered_out. An invalid filter: libpcap's message, exit 2, nothing attached.
source "$(dirname "$0")/lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump missing"; exit $SKIP; }
command -v tshark >/dev/null || { echo "SKIP: tshark missing"; exit $SKIP; }
make_veth_pair
ROUNDS=20

# Sum of frame lengths and count of a capture: "packets bytes".
capture_totals() {
    tshark -r "$1" -T fields -e frame.len 2>/dev/null |
        awk '{n++; b += $1} END {printf "%d %d\n", n, b}'
}

check_filter() {
    local filter=$1
    rm -f "$WORK/tcpdump.err"
    ip netns exec "$NS_RX" tcpdump -i "$DEV_RX" -Q in -U -w "$WORK/all.pcap" 2>"$WORK/tcpdump.err" &
    local dump=$!
    BACKGROUND_PIDS+=("$dump")
    # Ingress only: tcpdump captures what arrives (a filter alone counts both ways).
    start_netmon attach "$DEV_RX" --json --interval 30 --direction ingress --filter "$filter"
    wait_for_xdp "$NS_RX" "$DEV_RX"
    for i in $(seq 100); do grep -q listening "$WORK/tcpdump.err" && break; sleep 0.05; done
    in_tx "$SEND_FRAMES" "$DEV_TX" basic --count $ROUNDS --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" \
        --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")" >/dev/null
    # tcpdump stops at once on a signal, dropping what it has not written
    # yet: wait until its capture (written per packet, -U) holds every frame.
    for i in $(seq 100); do
        [ "$(capture_totals "$WORK/all.pcap" | cut -d' ' -f1)" = $((9 * ROUNDS)) ] && break
        sleep 0.1
    done
    stop_netmon INT
    kill -TERM "$dump"
    wait "$dump" || true
    [ "$NETMON_RC" = 0 ] || fail "'$filter': exit $NETMON_RC: $(cat "$WORK/err")"

    tcpdump -r "$WORK/all.pcap" -w "$WORK/match.pcap" "$filter" 2>/dev/null
    read -r all_p all_b <<<"$(capture_totals "$WORK/all.pcap")"
    read -r want_p want_b <<<"$(capture_totals "$WORK/match.pcap")"
    [ "$all_p" = $((9 * ROUNDS)) ] || fail "tcpdump saw $all_p frames"
    json=$(final_json)
    jq -e --argjson p "$want_p" --argjson b "$want_b" --argjson ap "$all_p" --argjson ab "$all_b" \
        --arg f "$filter" '
        .filter == $f and .totals.packets == $p and .totals.bytes == $b and
        .totals.packets + .filtered_out.packets == $ap and
        .totals.bytes + .filtered_out.bytes == $ab' <<<"$json" >/dev/null ||
        fail "'$filter': libpcap matched $want_p frames ($want_b bytes) of $all_p; netmon: $(jq -c '{totals, filtered_out}' <<<"$json")"
    check_conservation "$json"
    note "'$filter': $want_p of $all_p frames, as libpcap"
}

check_filter 'tcp port 8080 or icmp'
check_filter 'vlan and (udp or tcp)'
check_filter 'ip6 or arp'
check_filter 'greater 100 and not ip proto gre'

rc=0
in_rx "$NETMON_BIN" attach "$DEV_RX" --filter 'tcp prot 80' >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] || fail "invalid filter: exit $rc"
grep -q "syntax error" "$WORK/err" || fail "invalid filter: no libpcap message: $(cat "$WORK/err")"
! xdp_attached "$NS_RX" "$DEV_RX" || fail "invalid filter: something attached"
echo "PASS"
