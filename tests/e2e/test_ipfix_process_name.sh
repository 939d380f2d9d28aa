#!/usr/bin/env bash
# IPFIX names the process (docs/ipfix.md): a flow a local python3 sends is
# exported with template 261, whose applicationName (IE 96) tshark decodes
# as "python3"; the ICMP errors that come back (no socket owns them) keep
# template 256 and no name. tshark decodes (cflow.appl_name), independent of
# our encoder; nfdump, which does not store the name, reads the record whole.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ipfix_lib.sh"
for tool in nfcapd nfdump tshark tcpdump python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $SKIP; }
done
make_veth_pair
in_rx ip link set lo up
PORT=4739

start_loopback_capture "$NS_RX" "$WORK/export.pcap" udp port $PORT
start_nfcapd "$NS_RX" "$WORK/nf" $PORT
start_netmon attach "$DEV_RX" --json --interval 1 --ipfix 127.0.0.1:$PORT
wait_for_xdp "$NS_RX" "$DEV_RX"
wait_until 20 "the first interval" grep -q '"type":"interval"' "$WORK/out"

# 20 datagrams to a closed port of the peer: each comes back as an ICMP
# port unreachable, a flow no socket owns. $! is python3 (ip execs it).
ip netns exec "$NS_RX" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.77.0.1", 45678))
for _ in range(20):
    s.sendto(b"n" * 100, ("10.77.0.2", 9999)); time.sleep(0.01)' & SENDER=$!
wait "$SENDER" || fail "the UDP sender failed"
sleep 1.5
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "netmon-xdp exited $NETMON_RC: $(cat "$WORK/err")"
stop_capture
stop_nfcapd "$NS_RX" $PORT
FINAL=$(final_json)
jq -e --argjson pid "$SENDER" '[.flow_list // .top.flows | .[] | select(.sport == 45678)] |
    length >= 1 and all(.comm == "python3")' <<<"$FINAL" >/dev/null ||
    fail "the JSON does not attribute the sender: $(jq -c .top.flows <<<"$FINAL")"

# Every flow record tshark decodes: template, ports, protocol, packets, name.
tshark -n -r "$WORK/export.pcap" -d udp.port==$PORT,cflow -T json 2>/dev/null | python3 -c '
import json, sys
for packet in json.load(sys.stdin):
    cflow = packet["_source"]["layers"].get("cflow", [])
    for message in cflow if isinstance(cflow, list) else [cflow]:
        for key, data_set in message.items():
            if not key.startswith("Set "):
                continue
            for name, flow in data_set.items():
                if name.startswith("Flow ") and "cflow.packets" in flow:
                    print(data_set["cflow.flowset_id"], flow.get("cflow.srcport", "-"),
                          flow.get("cflow.dstport", "-"), flow.get("cflow.protocol", "-"),
                          flow["cflow.packets"], repr(flow.get("cflow.appl_name", "-")))
' >"$WORK/records"
note "records: $(tr '\n' ';' <"$WORK/records")"
grep -qE "^261 45678 9999 17 [0-9]+ 'python3'$" "$WORK/records" ||
    fail "no template-261 record of the sender named python3: $(cat "$WORK/records")"
# Its packets: the 20 datagrams, over however many records.
sent=$(awk '$1 == 261 && $2 == 45678 { n += $5 } END { print n + 0 }' "$WORK/records")
[ "$sent" = 20 ] || fail "the sender's records hold $sent packets, not 20"
# The ICMP errors: plain template 256, no name.
grep -qE "^256 0 0 1 [0-9]+ '-'$" "$WORK/records" ||
    fail "no plain ICMP record (template 256, no name): $(cat "$WORK/records")"
! grep -qE "^261 .* 1 [0-9]+ " "$WORK/records" || fail "an ICMP record carries a name"
# nfdump skips element 96 and reads the rest of the record: the sender's flow, 20 packets.
nf=$(nfdump -R "$WORK/nf" -q -N -o "fmt:%sp %dp %pkt" 'proto udp and src port 45678' |
    awk '{ n += $3 } END { print n + 0 }')
[ "$nf" = 20 ] || fail "nfdump reads $nf packets of the sender's flow, not 20: $(nfdump -R "$WORK/nf" -q -N -o csv)"
echo "PASS"
