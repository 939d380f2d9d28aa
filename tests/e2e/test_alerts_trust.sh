#!/usr/bin/env bash
# Alerts a responder can trust (docs/alerts.md), on replayed crafted
# captures (tests/tools/alert_pcaps.py): an attack with pauses is one start
# and one end per rule and victim (--alert-clear); a compound condition and
# the baseline floor keep small traffic quiet; `new dst host` fires for a
# destination the learning period never saw, on every replay, never for one
# in --known-hosts, and what was learned is restored from --baseline; bad
# rules are one line with the column; the shared SYN scan is one alert.
source "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
python3 "$HERE/../tools/alert_pcaps.py" "$WORK"
T=2023-11-14T22:13 # T0 of the captures; intervals end at T0 + k s

# The three example rules of docs/alerts.md.
RULES=(--alert 'per dst host sources > 500'
       --alert 'dns: udp src port 53 per dst host bps > 100k'
       --alert 'syn per dst host pps > 1000 for 3s')
# capture [options...] -> "count state name key" of the starts and ends
event_counts() {
    local capture=$1
    shift
    "$NETMON_BIN" replay "$capture" --json "$@" 2>"$WORK/err" |
        jq -r 'select(.type=="alert" and .state!="update") | [.state, .name, (.key|tostring)] | @tsv' | sort | uniq -c |
        tr -s ' ' | sed 's/^ //'
}

# 1. Attacks with pauses: one start and one end per rule and victim.
check_attack() { # capture victim rule-name...
    local capture=$1 victim=$2 got want="" name
    shift 2
    got=$(event_counts "$WORK/$capture" "${RULES[@]}")
    for state in end start; do
        for name in "$@"; do
            want+="1 $state	$name	{\"dst_host\":\"$victim\"}"$'\n'
        done
    done
    want=$(sort <<<"${want%$'\n'}")
    [ "$got" = "$want" ] || fail "$capture: expected one start and one end per rule:
--- got
$got
--- expected
$want"
    # The capture's clock: the same events on every replay.
    [ "$(event_counts "$WORK/$capture" "${RULES[@]}")" = "$got" ] ||
        fail "$capture: a second replay differs"
}
check_attack dns_amplification.pcap 10.10.10.10 'per dst host sources > 500' dns
check_attack dns_amp_bursts.pcap 10.10.10.10 'per dst host sources > 500' dns
check_attack syn_flood.pcap 10.10.10.20 'per dst host sources > 500' 'syn per dst host pps > 1000 for 3s'
check_attack syn_flood_pause.pcap 10.10.10.20 'per dst host sources > 500' 'syn per dst host pps > 1000 for 3s'
check_attack benign_mix.pcap none
# The same bursts with --alert-clear 0 (the old default) flap: three starts.
[ "$(event_counts "$WORK/dns_amp_bursts.pcap" --alert-clear 0 --alert 'dns: udp src port 53 per dst host bps > 100k' |
     awk '$2 == "start" { print $1 }')" = 3 ] || fail "--alert-clear 0 on three bursts: not three starts"
note "attacks with pauses: one start and one end per rule and victim (three starts with --alert-clear 0)"

# 2. A compound condition: 100% UDP at 500 pps is no flood.
got=$(event_counts "$WORK/udp_share_low.pcap" --alert 'udp share > 80% and pps > 1000')
[ -z "$got" ] || fail "udp share > 80% and pps > 1000 fired below 1000 pps: $got"
got=$(event_counts "$WORK/udp_share_low.pcap" --alert 'udp share > 80%')
[ "$got" = "$(printf '1 end\tudp share > 80%%\tnull\n1 start\tudp share > 80%%\tnull')" ] ||
    fail "udp share > 80% alone should fire on the same capture: $got"

# 3. A zero baseline never gives a zero threshold: 203.0.113.66 had no
# traffic in the 20 s warm-up, then 250 pps and 2 Mbit/s.
got=$("$NETMON_BIN" replay "$WORK/new_destination.pcap" --json --baseline-warmup 20 \
      --alert 'dst host 203.0.113.66 pps > 3x baseline' \
      --alert 'dst host 203.0.113.66 bps > 3x baseline' 2>"$WORK/err" |
      jq -r 'select(.type=="alert" and .state=="start") | [.metric, .baseline, .threshold] | @tsv')
[ "$got" = "$(printf 'pps\t0\t100\nbps\t0\t1000000')" ] || fail "zero baseline: $got"
got=$(event_counts "$WORK/new_destination.pcap" --baseline-warmup 20 \
      --alert 'dst host 203.0.113.66 pps > 3x baseline and pps > 500')
[ -z "$got" ] || fail "a rule's own floor (and pps > 500) did not hold: $got"

# 4. New destinations: learning period (20 s) to two hosts, then 2 Mbit/s
# to a third for 10 s.
NEW=(--local-net 10.0.0.0/8 --baseline-warmup 20
     --alert 'outbound and new dst host per dst host bps > 1M for 5s')
new_events() {
    "$NETMON_BIN" replay "$WORK/new_destination.pcap" --json "${NEW[@]}" "$@" 2>"$WORK/err" |
        jq -r 'select(.type=="alert") | [.state, (.key|tostring), .since, .value] | @tsv'
}
want=$(printf 'start\t{"dst_host":"203.0.113.66"}\t%s\t2000000\nend\t{"dst_host":"203.0.113.66"}\t%s\t2000000' \
       "$T:40.000Z" "$T:40.000Z")
for run in 1 2 3; do
    got=$(new_events)
    [ "$got" = "$want" ] || fail "new dst host, replay $run:
--- got
$got
--- expected
$want"
done
printf '# hosts we talk to\n192.0.2.200\n203.0.113.66 # the partner\n' >"$WORK/known"
[ -z "$(new_events --known-hosts "$WORK/known")" ] || fail "a host in --known-hosts raised"
printf '203.0.113.0/24\n' >"$WORK/known_net"
[ -z "$(new_events --known-hosts "$WORK/known_net")" ] || fail "a CIDR in --known-hosts raised"
# The learning period is text too: the rule says it is learning.
text=$("$NETMON_BIN" replay "$WORK/new_destination.pcap" "${NEW[@]}" --interval 1 2>/dev/null)
# (a line wider than 80 columns goes on, indented, on the next: joined here)
grep -q "learning: 'outbound and new dst host.*19 s left" <<<"$(sed -z 's/\n    / /g' <<<"$text")" ||
    fail "no learning line for a 'new' rule"
# What was learned is saved and restored: a run of the last 10 s alone
# learns for 20 s (silent) without it, and knows the two hosts at once with it.
B=$WORK/baseline.json
new_events --baseline "$B" >/dev/null
jq -e '.known_hosts.learned_s == 20 and (.known_hosts.addresses | index("192.0.2.101")) and
       (.known_hosts.addresses | index("203.0.113.66") | not)' "$B" >/dev/null ||
    fail "saved known hosts: $(jq -c .known_hosts "$B")"
only() {
    "$NETMON_BIN" replay "$WORK/new_destination_only.pcap" --json "${NEW[@]}" "$@" 2>/dev/null |
        jq -r 'select(.type=="alert" and .state=="start") | [.key.dst_host, .since] | @tsv'
}
[ -z "$(only)" ] || fail "the last 10 s alone raised while learning: $(only)"
got=$(only --baseline "$B")
[ "$got" = "$(printf '203.0.113.66\t%s' "$T:20.000Z")" ] || fail "restored known hosts: '$got'"
printf '10.0.0.1\n10.0.0.0/33\n' >"$WORK/bad_known"
rc=0; "$NETMON_BIN" replay "$WORK/new_destination.pcap" "${NEW[@]}" --known-hosts "$WORK/bad_known" \
    >/dev/null 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] && grep -q "line 2: '10.0.0.0/33' is not an address or CIDR" "$WORK/err" ||
    fail "bad --known-hosts: rc $rc, $(cat "$WORK/err")"
# Options that only serve rules: refused when nothing would use them.
rc=0; "$NETMON_BIN" replay "$WORK/new_destination.pcap" --alert 'per dst host pps > 1000' \
    --known-hosts "$WORK/known" >/dev/null 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] && grep -q "no rule uses 'new \[src|dst\] host'" "$WORK/err" ||
    fail "--known-hosts without a new rule: rc $rc, $(cat "$WORK/err")"
for opt in --known-hosts --baseline --on-alert; do
    rc=0; "$NETMON_BIN" replay "$WORK/new_destination.pcap" "$opt" "$WORK/known" \
        >/dev/null 2>"$WORK/err" || rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l <"$WORK/err")" = 1 ] &&
        grep -q -- "$opt serves alert rules, and there are none" "$WORK/err" ||
        fail "$opt without rules: rc $rc, $(cat "$WORK/err")"
done
note "new dst host: the third host only, on every replay; not when known; restored from --baseline; --known-hosts, --baseline, --on-alert refused without a rule to serve"

# 5. Bad rules: exit 2, one line, the column.
bad() { # pattern rule
    local rc=0
    "$NETMON_BIN" replay "$WORK/benign_mix.pcap" --alert "$2" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = 2 ] || fail "'$2': exit $rc, expected 2"
    [ "$(wc -l <"$WORK/err")" = 1 ] || fail "'$2': not one line: $(cat "$WORK/err")"
    grep -qF -- "$1" "$WORK/err" || fail "'$2': stderr lacks '$1': $(cat "$WORK/err")"
}
bad "at column 16: expected a metric" 'udp pps > 1 and'
bad "at column 17: expected a duration such as 500ms, 3s, 2m or 1h" 'udp pps > 1 for 5x'
bad "at column 13: expected a prefix length such as /24" 'per dst net 24 pps > 1'
bad "at column 9: expected 'host' after 'new'" 'new dst pps > 1'
bad "at column 5: expected '>' or '<'" 'pps = 1'

# 6. The shared corpus's one hostile capture, a SYN port scan (synscan.pcapng,
# 163 new flows a second from one source): the scan recipe raises one start
# and one end. (Its rate is far under the three example rules' thresholds,
# which test_alerts_replay.sh shows raise nothing on any shared capture.)
need_shared_pcaps synscan.pcapng
got=$(event_counts "$PCAPS/synscan.pcapng" --alert 'scan: syn per src host flows > 100')
[ "$got" = "$(printf '1 end\tscan\t{"src_host":"172.16.0.8"}\n1 start\tscan\t{"src_host":"172.16.0.8"}')" ] ||
    fail "synscan.pcapng: $got"
echo PASS
