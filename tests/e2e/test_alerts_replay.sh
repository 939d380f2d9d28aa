#!/usr/bin/env bash
# Alert rules on replay (docs/alerts.md): crafted captures of a DNS
# amplification, a spoofed SYN flood and a benign mix give exactly the
# expected events, the same on every run (capture clock); baselines learn,
# fire on a 5x step and reload; --on-alert gets every event; bad rules exit
# 2 before anything loads; every shared capture is benign for the issue's
# three rules.
source "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
python3 "$HERE/../tools/alert_pcaps.py" "$WORK"

RULES=(--alert 'per dst host sources > 500'
       --alert 'dns: udp src port 53 per dst host bps > 100k'
       --alert 'syn per dst host pps > 1000 for 2s')
events() { # capture -> one line per event
    "$NETMON_BIN" replay "$1" --json "${RULES[@]}" 2>"$WORK/err" |
        jq -r 'select(.type=="alert") | [.state, .name, (.key|tostring), .timestamp, .since,
               .value, .threshold] | @tsv'
}
expect_events() { # capture expected
    local got
    got=$(events "$1")
    [ "$got" = "$2" ] || fail "$(basename "$1"): events differ
--- got
$got
--- expected
$2"
    # The capture's clock: the same events on every run.
    [ "$(events "$1")" = "$got" ] || fail "$(basename "$1"): a second replay differs"
}

# T0 = 1700000000 = 2023-11-14T22:13:20Z; intervals are T0 + k s.
T=2023-11-14T22:13
expect_events "$WORK/dns_amplification.pcap" "$(printf '%s\n' \
"start	per dst host sources > 500	{\"dst_host\":\"10.10.10.10\"}	$T:24.000Z	$T:23.000Z	601	500" \
"start	dns	{\"dst_host\":\"10.10.10.10\"}	$T:24.000Z	$T:23.000Z	1655280	100000" \
"end	per dst host sources > 500	{\"dst_host\":\"10.10.10.10\"}	$T:33.931Z	$T:23.000Z	1	500" \
"end	dns	{\"dst_host\":\"10.10.10.10\"}	$T:33.931Z	$T:23.000Z	13680	100000")"

# The spoofed flood: 3000 random sources a second also trip the sources rule.
expect_events "$WORK/syn_flood.pcap" "$(printf '%s\n' \
"start	per dst host sources > 500	{\"dst_host\":\"10.10.10.20\"}	$T:23.000Z	$T:22.000Z	3001	500" \
"start	syn per dst host pps > 1000 for 2s	{\"dst_host\":\"10.10.10.20\"}	$T:24.000Z	$T:22.000Z	3000	1000" \
"end	per dst host sources > 500	{\"dst_host\":\"10.10.10.20\"}	$T:32.955Z	$T:22.000Z	1	500" \
"end	syn per dst host pps > 1000 for 2s	{\"dst_host\":\"10.10.10.20\"}	$T:32.955Z	$T:22.000Z	0	1000")"

expect_events "$WORK/benign_mix.pcap" ""

# An event carries explain and the contributors; interval objects list the
# active alerts.
out=$("$NETMON_BIN" replay "$WORK/syn_flood.pcap" --json "${RULES[@]}" 2>/dev/null)
start=$(jq -c 'select(.type=="alert" and .state=="start" and .metric=="pps")' <<<"$out")
[ "$(jq -r '.top.destinations[0].name' <<<"$start")" = 10.10.10.20 ] || fail "top destination: $start"
[ "$(jq -r '.top.ports[0].name' <<<"$start")" = 80/tcp ] || fail "top port: $start"
[ "$(jq -r '.top.sources | length' <<<"$start")" = 5 ] || fail "top sources: $start"
jq -e '.explain | test("^pps = 3000 packets / 1 s, of the flows matching .syn.")' <<<"$start" \
    >/dev/null || fail "explain: $(jq -r .explain <<<"$start")"
[ "$(jq -c 'select(.type=="interval") | .alerts.active | length' <<<"$out" | tr -d '\n')" \
    = 001222222222 ] || fail "active alerts per interval: $(jq -c 'select(.type=="interval") | .alerts.active | length' <<<"$out" | tr -d '\n')"

# Baseline: steady 100 pps through a 10 s warm-up, then 500 pps.
B=$WORK/baseline.json
got=$("$NETMON_BIN" replay "$WORK/rate_step.pcap" --json --alert 'pps > 3x baseline' \
      --baseline-warmup 10 --baseline "$B" 2>/dev/null |
      jq -r 'select(.type=="alert") | [.state, .timestamp, .value, .threshold, .baseline] | @tsv')
[ "$got" = "$(printf 'start\t%s\t500\t300\t100\nend\t%s\t500\t300\t100' "$T:41.000Z" "$T:44.979Z")" ] ||
    fail "baseline step: $got"
[ "$(jq -r '.baselines[0].global.mean' "$B")" = 100 ] || fail "saved baseline: $(cat "$B")"
# The 5x part alone: learning without the saved baseline, alerting with it.
text=$("$NETMON_BIN" replay "$WORK/rate_step_only.pcap" --alert 'pps > 3x baseline' \
       --baseline-warmup 10 --interval 1 2>/dev/null)
grep -q "learning: 'pps > 3x baseline' (baseline warm-up, 9 s left)" <<<"$text" ||
    fail "no learning line: $text"
got=$("$NETMON_BIN" replay "$WORK/rate_step_only.pcap" --json --alert 'pps > 3x baseline' \
      --baseline-warmup 10 --baseline "$B" 2>/dev/null | jq -r 'select(.type=="alert") | .state' | head -1)
[ "$got" = start ] || fail "reloaded baseline did not alert: '$got'"

# --on-alert: every event's JSON on stdin; a failing command is reported once.
"$NETMON_BIN" replay "$WORK/dns_amplification.pcap" "${RULES[@]}" \
    --on-alert "cat >> $WORK/hook.jsonl" >/dev/null 2>"$WORK/err"
[ "$(jq -r .state "$WORK/hook.jsonl" | sort | uniq -c | tr -s ' ' | xargs)" = "2 end 2 start" ] ||
    fail "--on-alert got: $(cat "$WORK/hook.jsonl")"
"$NETMON_BIN" replay "$WORK/dns_amplification.pcap" "${RULES[@]}" \
    --on-alert "/nonexistent/hook" >/dev/null 2>"$WORK/err" || fail "a missing hook failed the run"
[ "$(grep -c "on-alert '/nonexistent/hook' failed: command not found" "$WORK/err")" = 1 ] ||
    fail "missing hook: $(cat "$WORK/err")"
grep -q "failed 4 of 4 times" "$WORK/err" || fail "missing hook count: $(cat "$WORK/err")"
start_s=$(date +%s)
"$NETMON_BIN" replay "$WORK/dns_amplification.pcap" "${RULES[@]}" --on-alert "sleep 30" \
    --on-alert-timeout 0.2 >/dev/null 2>"$WORK/err" || fail "a hanging hook failed the run"
grep -q "did not finish within 0.200 s: killed" "$WORK/err" || fail "hanging hook: $(cat "$WORK/err")"
# A held run lasts 30 s or more (the hook's sleep); under that bound, a run
# slowed by a loaded machine (tests run in parallel) still passes.
[ $(( $(date +%s) - start_s )) -lt 30 ] || fail "a hanging hook held the run"
pgrep -f "^sleep 30$" >/dev/null && fail "the hanging hook was left running"

# Bad rules: exit 2, the column and what was expected, nothing replayed.
bad() { # pattern rule
    local rc=0
    "$NETMON_BIN" replay "$WORK/benign_mix.pcap" --alert "$2" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = 2 ] || fail "'$2': exit $rc, expected 2"
    grep -qF -- "$1" "$WORK/err" || fail "'$2': stderr lacks '$1': $(cat "$WORK/err")"
    [ ! -s "$WORK/out" ] || fail "'$2': printed a report"
}
bad "--alert 'udp pps >': at column 10: expected a value" 'udp pps >'
bad "at column 9: expected a key: 'src host', 'dst host', 'dst port', 'src net /N', 'dst net /N' or 'process', got 'src'" 'udp per src port pps > 1'
bad "at column 11: a percentage applies to share only" 'tcp bps > 5%'
bad "at column 1: expected a selector" 'ucp pps > 1'
printf '# rules\nudp pps > 1\n\nudp pps > 1 for\n' >"$WORK/rules"
rc=0; "$NETMON_BIN" replay "$WORK/benign_mix.pcap" --alert-file "$WORK/rules" 2>"$WORK/err" >/dev/null || rc=$?
[ "$rc" = 2 ] && grep -qF "rules line 4: 'udp pps > 1 for': at column 16: expected a duration" "$WORK/err" ||
    fail "--alert-file error: rc $rc, $(cat "$WORK/err")"

# The shared captures: none raises an alert under the issue's three rules
# (their replays come from the corpus cache, tests/support/corpus_cache.py,
# made with these rules).
need_shared_pcaps
captures=()
for f in "$PCAPS"/*.pcap "$PCAPS"/*.pcapng; do
    [ -f "$f" ] && captures+=("$f")
done
[ "${#captures[@]}" -gt 0 ] || fail "no captures in $PCAPS"
mapfile -t replays < <(corpus_cache replay "${captures[@]}")
[ "${#replays[@]}" = "${#captures[@]}" ] || fail "the corpus cache gave ${#replays[@]} replays" \
    "for ${#captures[@]} captures"
n=0
for i in "${!captures[@]}"; do
    replay=${replays[$i]}
    # Refused (link type etc.): test_shared_pcaps covers that.
    [ "$(cat "$replay/rc")" = 0 ] || continue
    if grep -q '"type":"alert"' "$replay/out"; then
        fail "$(basename "${captures[$i]}") raised: $(grep '"type":"alert"' "$replay/out" | head -1)"
    fi
    n=$((n + 1))
done
echo "# $n shared captures replayed, none raised an alert"
echo PASS
