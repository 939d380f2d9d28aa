#!/usr/bin/env bash
# The egress fallback for kernels without TCX (forced here with
# NETMON_FORCE_TC_FALLBACK=1): a clsact egress filter. It counts exactly
# what the interface sends; a clean exit removes exactly what it added (and
# nothing of someone else's); after kill -9 the filter stays, and
# `netmon-xdp detach` finds and removes it.
source "$(dirname "$0")/lib.sh"
command -v tc >/dev/null || { echo "SKIP: tc missing"; exit $SKIP; }
make_veth_pair
export NETMON_FORCE_TC_FALLBACK=1

tx_counters() {
    ip -n "$1" -s -j link show dev "$2" | jq -r '.[0].stats64.tx | "\(.packets) \(.bytes)"'
}
egress_filters() { in_rx tc filter show dev "$DEV_RX" egress; }
has_clsact() { in_rx tc qdisc show dev "$DEV_RX" | grep clsact >/dev/null; }

note "counts through the fallback, and a clean exit removes qdisc and filter"
start_netmon attach "$DEV_RX" --json --interval 0.5 --direction egress
for _ in $(seq 100); do egress_filters | grep netmon_egress >/dev/null && break; sleep 0.05; done
egress_filters | grep netmon_egress >/dev/null || fail "no netmon_egress filter: $(egress_filters)"
xdp_attached "$NS_RX" "$DEV_RX" && fail "--direction egress attached XDP"
read -r txp0 txb0 <<<"$(tx_counters "$NS_RX" "$DEV_RX")"
in_rx ping -q -c 10 -i 0.01 -s 1000 10.77.0.2 >/dev/null
sleep 0.3
read -r txp1 txb1 <<<"$(tx_counters "$NS_RX" "$DEV_RX")"
stop_netmon INT
[ "$NETMON_RC" = 0 ] || fail "exit $NETMON_RC: $(cat "$WORK/err")"
grep -q "clsact filter" "$WORK/err" || fail "no notice about the fallback: $(cat "$WORK/err")"
json=$(final_json)
got=$(jq -c '.hooks.egress | [.packets, .bytes]' <<<"$json")
[ "$got" = "[$((txp1 - txp0)),$((txb1 - txb0))]" ] ||
    fail "egress: netmon $got, ip -s link tx [$((txp1 - txp0)),$((txb1 - txb0))]"
[ "$(jq .hooks.ingress.packets <<<"$json")" = 0 ] || fail "ingress counted with --direction egress"
[ -z "$(egress_filters)" ] || fail "filter left after a clean exit: $(egress_filters)"
has_clsact && fail "the clsact qdisc netmon-xdp created was left behind"

note "kill -9 leaves the filter; detach removes only it"
# Someone else's clsact qdisc and filter: they must survive all of this.
in_rx tc qdisc add dev "$DEV_RX" clsact
# (classic BPF "accept all" in cls_bpf: the one classifier we know exists.)
in_rx tc filter add dev "$DEV_RX" egress pref 7 bpf bytecode '1,6 0 0 4294967295,'
start_netmon attach "$DEV_RX" --json --interval 0.5
wait_for_xdp "$NS_RX" "$DEV_RX"
for _ in $(seq 100); do egress_filters | grep netmon_egress >/dev/null && break; sleep 0.05; done
stop_netmon KILL
egress_filters | grep netmon_egress >/dev/null || fail "expected the fallback filter to outlive kill -9"
out=$(in_rx "$NETMON_BIN" detach "$DEV_RX")
note "detach: $out"
grep -q "^removed egress filter 'netmon_egress'" <<<"$out" || fail "detach did not remove it: $out"
egress_filters | grep netmon_egress >/dev/null && fail "netmon_egress still there: $(egress_filters)"
egress_filters | grep "pref 7 bpf" >/dev/null || fail "detach removed someone else's filter"
has_clsact || fail "detach removed someone else's qdisc"
xdp_attached "$NS_RX" "$DEV_RX" && fail "XDP left after kill -9 (it is a bpf_link)"
out=$(in_rx "$NETMON_BIN" detach "$DEV_RX")
[ "$out" = "nothing of netmon-xdp's is attached to $DEV_RX" ] || fail "second detach: $out"
echo "PASS"
