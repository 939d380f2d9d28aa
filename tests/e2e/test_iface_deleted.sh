#!/usr/bin/env bash
# An interface deleted while attached: netmon-xdp says so, keeps monitoring
# the others, and exits cleanly (status 4) once none is left.
source "$(dirname "$0")/lib.sh"
make_two_veth_pairs

start_netmon attach "$DEV_RX" "$DEV_RX2" --json --interval 0.2
wait_for_xdp "$NS_RX" "$DEV_RX"
wait_for_xdp "$NS_RX" "$DEV_RX2"
in_tx ping -q -c 2 -i 0.1 10.77.0.1 >/dev/null
ip -n "$NS_RX" link del "$DEV_RX"
wait_until 10 "the notice that $DEV_RX disappeared" grep -q "interface $DEV_RX disappeared" "$WORK/err"
kill -0 "$NETMON_PID" || fail "exited although $DEV_RX2 is still there: $(cat "$WORK/err")"
grep -q "interface $DEV_RX disappeared" "$WORK/err" || fail "no notice: $(cat "$WORK/err")"
ip -n "$NS_RX" link del "$DEV_RX2"
for i in $(seq 50); do kill -0 "$NETMON_PID" 2>/dev/null || break; sleep 0.1; done
NETMON_RC=0
wait "$NETMON_PID" || NETMON_RC=$?
[ "$NETMON_RC" = 4 ] || fail "expected exit 4 once every interface is gone, got $NETMON_RC"
json=$(final_json)
[ -n "$json" ] || fail "no final summary"
jq -e --arg a "$DEV_RX" --arg b "$DEV_RX2" '
    (.interfaces | map({(.name): .gone}) | add) == {($a): true, ($b): true}
    and .protocols.icmp.packets >= 2' <<<"$json" >/dev/null ||
    fail "final summary: $(jq -c '{interfaces: [.interfaces[] | {name, gone}], protocols}' <<<"$json")"
check_conservation "$json"
echo "PASS"
