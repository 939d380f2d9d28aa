#!/usr/bin/env bash
# A collector that starts after the exporter: netmon-xdp exports over UDP
# from the start, the collector (nfcapd) comes later and gets messages whose
# templates it never saw; the periodic template refresh (10 s over UDP,
# docs/ipfix.md) gives them to it, and the flows after that decode exactly.
# Until the collector starts, a socket that reads nothing holds its port:
# no ICMP unreachable comes back (as from a collector behind a firewall),
# so only the refresh can bring the templates, not the exporter's resend
# after an outage. During the run the exporter's statistics go out every
# refresh too, in observation domain 0 (the flows are in domain 5 here):
# tshark decodes them.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ipfix_lib.sh"
[ -x "$SEND_FRAMES" ] || fail "send_frames not built at $SEND_FRAMES"
for tool in nfcapd nfdump tshark tcpdump python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit $SKIP; }
done
make_veth_pair
in_rx ip link set lo up
PORT=4739
REFRESH=10 # kTemplateRefresh in user/ipfix/collector_session.h
send_flows() {
    in_tx "$SEND_FRAMES" "$DEV_TX" udp-flows --flows "$2" --count "$3" --src4 "$1" \
        --src-mac "$(mac_of "$NS_TX" "$DEV_TX")" --dst-mac "$(mac_of "$NS_RX" "$DEV_RX")" \
        >/dev/null
}

ip netns exec "$NS_RX" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
time.sleep(3600)
' $PORT &
HOLDER_PID=$!
BACKGROUND_PIDS+=("$HOLDER_PID")
for _ in $(seq 100); do
    in_rx ss -Hlun "sport = :$PORT" | grep -q . && break
    sleep 0.05
done
start_loopback_capture "$NS_RX" "$WORK/export.pcap" udp port $PORT
start_instance "$NS_RX" nm attach "$DEV_RX" --json --interval 0.5 --flow-timeout 1 --all-flows \
    --ipfix 127.0.0.1:$PORT --ipfix-domain 5
wait_for_xdp "$NS_RX" "$DEV_RX"
# The first message, with the templates, goes out at the first interval.
STARTED=$(date +%s.%N)
send_flows 10.1.0.1 10 3 # exported while nobody collects
# The collector starts 35 s late (issue: "a collector started 30 s late"),
# midway between two refreshes: it missed the first templates and three
# refreshes. The scenario itself (a collector 35 s late), not a wait for a
# condition; ctest runs other tests meanwhile.
sleep 35
kill "$HOLDER_PID"
wait "$HOLDER_PID" 2>/dev/null || true
start_nfcapd "$NS_RX" "$WORK/nf" $PORT
COLLECTOR_AT=$(date +%s.%N)
send_flows 10.2.0.1 10 3 # exported before the refresh: the collector lacks the templates
# Past the next refresh (refreshes are counted from the templates in the
# first message, after the start): the next message carries the templates
# again, and these flows' records go in it or after it.
# The scenario: flows sent 2 s past the next refresh (a time, not a condition).
sleep "$(awk -v s="$STARTED" -v now="$(date +%s.%N)" -v r=$REFRESH \
    'BEGIN { next_refresh = s + r * (int((now - s) / r) + 1); print next_refresh + 2 - now }')"
send_flows 10.3.0.1 25 4
sleep 2.5 # idle past --flow-timeout: exported before the exit
stop_instance nm
stop_nfcapd "$NS_RX" $PORT
stop_capture

final=$(instance_final nm)
nfdump -R "$WORK/nf" -q -N -o "fmt:%sa|%pkt|%byt" >"$WORK/records"
# The scenario happened: messages came to the collector before templates did.
# One line per message: its time, and its template ids if it has any.
tshark -n -r "$WORK/export.pcap" -d udp.port==$PORT,cflow -T fields -e frame.time_epoch \
    -e cflow.od_id -e cflow.template_id 2>/dev/null >"$WORK/messages"
read -r before first_templates < <(awk -v a="$COLLECTOR_AT" '
    $1 > a && $2 == 5 && $3 ~ /256/ { print n + 0, $1; exit }
    $1 > a && $2 == 5 { n++ }' "$WORK/messages") || true
[ -n "${first_templates:-}" ] || fail "no templates were sent after the collector started"
late=$(awk -v a="$COLLECTOR_AT" -v t="$first_templates" 'BEGIN { printf "%.1f", t - a }')
note "templates again $late s after the collector started, after $before messages it could not decode"
# Refreshes go out at the first interval past due, with or without records.
awk -v l="$late" -v r=$REFRESH 'BEGIN { exit !(l <= r + 2) }' ||
    fail "templates came $late s after the collector started; the refresh is every $REFRESH s"
[ "$before" -gt 0 ] || fail "the collector got templates first: the test did not start it late"
# The flows after the refresh: exactly as netmon-xdp counted them.
want=$(jq -r '[.flow_list[] | select(.src == "10.3.0.1")] |
    "\(map(.packets) | add) \(map(.ip_bytes) | add) \(length)"' <<<"$final")
[ "$want" = "100 4600 25" ] || fail "netmon-xdp counted '$want' of the 100 frames sent"
got=$(awk -F'|' '$1 ~ /10\.3\.0\.1/ { p += $2; b += $3; n++ } END { print p + 0, b + 0, n + 0 }' \
    "$WORK/records")
[ "$got" = "$want" ] || fail "nfdump decoded '$got' (packets, IP bytes, records), netmon-xdp '$want'"
grep -q "10\.1\.0\.1" "$WORK/records" && fail "nfdump shows flows exported before it started"
note "flows exported before the refresh that nfdump decoded anyway:" \
    "$(grep -c "10\.2\.0\.1" "$WORK/records" || true) of 10"
# The statistics in domain 0 have their own sequence: nfdump, which counts
# flow records only, finds none missing.
nfdump -R "$WORK/nf" -I >"$WORK/summary"
[ "$(awk -F': ' '/^Sequence failures:/ { print $2 }' "$WORK/summary")" = 0 ] ||
    fail "nfdump: sequence failures: $(grep -i sequence "$WORK/summary")"
# ... and Wireshark, which counts every record per domain, neither.
tshark -n -r "$WORK/export.pcap" -d udp.port==$PORT,cflow -q -z expert,warn >"$WORK/expert" 2>&1
grep -qiE "malformed|sequence" "$WORK/expert" && fail "tshark warns: $(cat "$WORK/expert")"
# The statistics during the run: domain 0, before the exit's.
tshark -n -r "$WORK/export.pcap" -d udp.port==$PORT,cflow -Y "cflow.od_id == 0" -T fields \
    -e cflow.sequence -e cflow.flowsexp -e cflow.notsent_flows 2>/dev/null >"$WORK/stats"
[ -s "$WORK/stats" ] || fail "no exporter statistics during the run (domain 0)"
awk -F'\t' '$2 == "" || $3 == "" || $2 + 0 == 0 { exit 1 }' "$WORK/stats" ||
    fail "statistics records that do not decode: $(cat "$WORK/stats")"
note "statistics during the run (sequence, records sent, not sent): $(tr '\t\n' ', ' <"$WORK/stats")"
echo "late collector: templates again at the refresh; the flows after it exact ($got): PASS"
