#!/usr/bin/env bash
# pmacct's nfacctd decodes the --ipfix stream: a capture of only IP flows
# (http_espn) replayed into it gives its packets and IP bytes exactly, and
# every record has non-zero absolute start and end times, end >= start
# (pmacct #940: collectors misreading uptime-relative times as 0).
source "$(dirname "$0")/lib.sh"
CAPTURE=$PCAPS/http_espn.pcapng
command -v nfacctd >/dev/null || { echo "SKIP: nfacctd (pmacct) missing"; exit $SKIP; }
need_shared_pcaps http_espn.pcapng
NS=$NS_RX
ip netns add "$NS"
in_rx ip link set lo up
PORT=4739
cat >"$WORK/nfacctd.conf" <<CONF
daemonize: false
nfacctd_ip: 127.0.0.1
nfacctd_port: $PORT
plugins: print
print_output: csv
print_output_file: $WORK/flows.csv
print_refresh_time: 1
aggregate: src_host, dst_host, src_port, dst_port, proto, timestamp_start, timestamp_end
CONF
ip netns exec "$NS" nfacctd -f "$WORK/nfacctd.conf" >"$WORK/nfacctd.log" 2>&1 &
NFACCTD_PID=$!
BACKGROUND_PIDS+=("$NFACCTD_PID")
for _ in $(seq 100); do
    in_rx ss -Hlun "sport = :$PORT" | grep -q . && break
    sleep 0.05
done
# Listening is not ready: datagrams that reach nfacctd in its first ~0.1 s
# after the bind are dropped without a word, even once its print plugin has
# logged its cache (measured: replay sent 50 ms after the bind lost all, 100
# ms after kept all). netmon-xdp's replay loads in ~0.15 s, so give it a
# margin of a second.
for _ in $(seq 100); do
    grep -q "cache entries=" "$WORK/nfacctd.log" && break
    sleep 0.05
done
sleep 1
in_rx "$NETMON_BIN" replay "$CAPTURE" --json --all-flows --ipfix 127.0.0.1:$PORT >"$WORK/out" \
    2>"$WORK/err" || fail "replay failed: $(cat "$WORK/err")"
final=$(grep '"type":"final"' "$WORK/out" | tail -1)
want_packets=$(jq .totals.packets <<<"$final")
want_ip_bytes=$(jq '[.flow_list[].ip_bytes] | add' <<<"$final")
# The print plugin writes each refresh (1 s); wait for the last records.
for _ in $(seq 50); do
    [ -s "$WORK/flows.csv" ] && [ "$(awk -F, 'NR > 1 { p += $8 } END { print p + 0 }' \
        "$WORK/flows.csv")" = "$want_packets" ] && break
    sleep 0.2
done
# nfacctd's plugins are its children; stop them with it.
PLUGINS=$(pgrep -P "$NFACCTD_PID" || true)
kill -9 "$NFACCTD_PID" $PLUGINS 2>/dev/null || true
[ -s "$WORK/flows.csv" ] || fail "nfacctd wrote nothing: $(tail -5 "$WORK/nfacctd.log")"
read -r packets bytes bad < <(awk -F, 'NR > 1 {
        p += $8; b += $9
        if ($6 == "" || $7 == "" || $6 ~ /^1970/ || $7 ~ /^1970/ || $7 < $6) bad++
    } END { print p + 0, b + 0, bad + 0 }' "$WORK/flows.csv")
[ "$packets" = "$want_packets" ] || fail "nfacctd: $packets packets, netmon-xdp $want_packets"
[ "$bytes" = "$want_ip_bytes" ] || fail "nfacctd: $bytes bytes, netmon-xdp's IP bytes $want_ip_bytes"
[ "$bad" = 0 ] || fail "$bad records with a zero, 1970 or reversed start/end time"
echo "nfacctd: $packets packets, $bytes IP bytes, times set: PASS"
