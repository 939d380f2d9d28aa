#!/usr/bin/env bash
# SIGINT, SIGTERM and SIGHUP (a closed terminal): detach, final summary, exit 0. SIGKILL: the kernel
# detaches the program itself (bpf_link), nothing is left on the interface.
source "$(dirname "$0")/lib.sh"
make_veth_pair

for sig in INT TERM HUP; do
    start_netmon attach "$DEV_RX" --json --interval 0.2
    wait_for_xdp "$NS_RX" "$DEV_RX"
    in_tx ping -q -c 3 -i 0.1 10.77.0.1 >/dev/null
    stop_netmon $sig
    [ "$NETMON_RC" = 0 ] || fail "SIG$sig: exit code $NETMON_RC, stderr: $(cat "$WORK/err")"
    json=$(final_json)
    [ -n "$json" ] || fail "SIG$sig: no final summary"
    jq -e '.schema == "netmon-xdp/1" and .protocols.icmp.packets >= 3' <<<"$json" >/dev/null ||
        fail "SIG$sig: final summary lacks the pings: $json"
    check_conservation "$json"
    ! xdp_attached "$NS_RX" "$DEV_RX" || fail "SIG$sig: XDP program left attached"
    note "SIG$sig: final summary printed, detached, exit 0"
done

# Text mode too: the final summary is printed on SIGINT.
start_netmon attach "$DEV_RX" --interval 0.2
wait_for_xdp "$NS_RX" "$DEV_RX"
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "text mode: exit code $NETMON_RC"
grep -qi 'final summary' "$WORK/out" || fail "text mode: no final summary: $(cat "$WORK/out")"

start_netmon attach "$DEV_RX" --interval 0.2
wait_for_xdp "$NS_RX" "$DEV_RX"
stop_netmon KILL
[ "$NETMON_RC" = 137 ] || fail "SIGKILL: expected 137, got $NETMON_RC"
# The link's last reference died with the process; the kernel detaches it.
for i in $(seq 50); do xdp_attached "$NS_RX" "$DEV_RX" || break; sleep 0.1; done
! xdp_attached "$NS_RX" "$DEV_RX" || fail "SIGKILL: XDP program still attached"
note "SIGKILL: kernel detached the program"
echo "PASS"
