#!/usr/bin/env bash
# Overflow means full (issue 24): replaying 65 536 distinct flows within one
# interval with --max-flows 65536 fills a CPU's records exactly, and never
# overflows, whatever each run's random hash seed; five runs print the same
# JSON. Pinned to one CPU, so one CPU's table takes every flow.
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
FLOWS=65536
PCAP=$WORK/flows.pcap
# 65 536 frames, each from its own source, 1 µs apart: all in one interval.
python3 "$(dirname "$0")/make_sources_pcap.py" "$PCAP" $FLOWS --per-second 1000000
CPU=$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')

first=
for run in 1 2 3 4 5; do
    taskset -c "$CPU" "$NETMON_BIN" replay "$PCAP" --json --max-flows $FLOWS >"$WORK/out.$run" \
        2>"$WORK/err.$run" || fail "run $run: exit $?: $(head -c 300 "$WORK/err.$run")"
    json=$(grep '"type":"final"' "$WORK/out.$run" | tail -1)
    jq -e --argjson n $FLOWS '.totals.packets == $n and .flows.overflow.packets == 0
        and .flows.active == $n and .flow_table.fullest_table == $n
        and .flow_table.fill_ratio == 1' <<<"$json" >/dev/null ||
        fail "run $run: $(jq -c '{totals, overflow: .flows.overflow, flow_table}' <<<"$json")"
    grep -q 'flow table full' "$WORK/out.$run" "$WORK/err.$run" &&
        fail "run $run says the flow table was full"
    if [ -z "$first" ]; then
        first=$WORK/out.1
    else
        cmp -s "$first" "$WORK/out.$run" || fail "run $run's output differs from run 1's: $(
            diff <(jq -cS . "$first") <(jq -cS . "$WORK/out.$run") | head -c 600)"
    fi
done
note "5 replays of $FLOWS flows into --max-flows $FLOWS: no overflow, identical JSON"
