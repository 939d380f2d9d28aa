#!/usr/bin/env bash
# --config: the example /etc/netmon-xdp/netmon-xdp.conf (dist/) loads and
# applies (JSON Lines, interval 10, both directions) on a test veth, an
# option on the command line wins over the file, and a bad file is one line
# and exit 2 with nothing attached. Then the same example as the systemd
# unit runs it: an unprivileged user holding only the unit's capabilities.
source "$(dirname "$0")/lib.sh"
EXAMPLE=$(cd "$(dirname "$0")/../.." && pwd)/dist/netmon-xdp.conf
make_veth_pair

# The example as it is, --interval given on the command line wins over its 10.
start_netmon attach "$DEV_RX" --config "$EXAMPLE" --interval 0.5 --duration 1.2
wait "$NETMON_PID" || fail "netmon-xdp with the example config exited $?: $(cat "$WORK/err")"
final=$(final_json)
[ -n "$final" ] || fail "no JSON final object (the example sets json = true): $(head -3 "$WORK/out")"
[ "$(grep -c '"type":"interval"' "$WORK/out")" -ge 1 ] ||
    fail "no interval object in 1.2 s: --interval 0.5 did not win over the file's 10"
[ "$(jq -r .direction <<<"$final")" = both ] || fail "direction: $(jq -r .direction <<<"$final"), the example says both"

# The file alone sets the interval: with 10 s, a 1.2 s run has no interval object.
start_netmon attach "$DEV_RX" --config "$EXAMPLE" --duration 1.2
wait "$NETMON_PID" || fail "second run exited $?: $(cat "$WORK/err")"
[ "$(grep -c '"type":"interval"' "$WORK/out")" = 0 ] || fail "interval objects although the file says 10 s"

# Bad files: one line naming the file, exit 2, nothing attached.
printf 'interval = 5\nno-such-option = 1\n' >"$WORK/bad.conf"
printf 'interval = "soon"\n' >"$WORK/badvalue.conf"
printf 'json = maybe\n' >"$WORK/badflag.conf"
for f in bad badvalue badflag missing; do
    rc=0
    in_rx "$NETMON_BIN" attach "$DEV_RX" --config "$WORK/$f.conf" >/dev/null 2>"$WORK/$f.err" || rc=$?
    [ "$rc" = 2 ] || fail "$f.conf: exit $rc, not 2: $(cat "$WORK/$f.err")"
    [ "$(wc -l <"$WORK/$f.err")" = 1 ] || fail "$f.conf: not one line: $(cat "$WORK/$f.err")"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "$f.conf: something is left attached"
done
grep -q "no-such-option" "$WORK/bad.err" || fail "unknown key not named: $(cat "$WORK/bad.err")"

# As the unit runs it: not root, only CAP_BPF CAP_PERFMON CAP_NET_ADMIN.
if command -v setpriv >/dev/null; then
    caps=+bpf,+perfmon,+net_admin
    # The unit's user reads only what anyone may: the binary and the config
    # go where it can reach them (a clone may sit in a root-only folder).
    shared=$WORK/for-nobody
    mkdir -m 755 "$shared"
    chmod 711 "$WORK"
    cp "$NETMON_BIN" "$EXAMPLE" "$shared/"
    chmod 755 "$shared/netmon-xdp"
    chmod 644 "$shared/netmon-xdp.conf"
    ip netns exec "$NS_RX" setpriv --reuid=65534 --regid=65534 --clear-groups \
        --inh-caps=$caps --ambient-caps=$caps --bounding-set=-all,$caps \
        "$shared/netmon-xdp" attach "$DEV_RX" --config "$shared/netmon-xdp.conf" --duration 1 \
        >"$WORK/unpriv.out" 2>"$WORK/unpriv.err" ||
        fail "as nobody with the unit's capabilities: exit $?: $(cat "$WORK/unpriv.err")"
    grep -q '"type":"final"' "$WORK/unpriv.out" || fail "unprivileged run wrote no final object"
fi
echo "example config loads and applies, command line wins, bad files refused, runs with the unit's capabilities: PASS"
