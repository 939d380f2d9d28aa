#!/usr/bin/env bash
# Replay throughput: `netmon-xdp replay` over a generated capture, next to
# the floor (reading the same capture and test-running the pass-only
# program once per frame). Prints result rows.
# Usage: replay.sh BUILD_DIR FRAMES RUNS
set -euo pipefail
BUILD=$1 FRAMES=$2 RUNS=$3
. "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
S="5 replay"
WHAT="frames/s, $FRAMES frames, 10k flows"

progress "replay: writing a capture of $FRAMES frames"
"$BUILD/bench/bench_capture" write "$WORK/bench.pcap" --frames "$FRAMES" --flows 10000
floor=$("$BUILD/bench/bench_capture" floor "$WORK/bench.pcap" --runs "$RUNS" | cut -f2-4 | tr '\t' ' ')

rates=()
for i in $(seq "$RUNS"); do
    progress "replay: netmon-xdp replay, run $i"
    start=$(date +%s%N)
    if ! "$BUILD/netmon-xdp" replay "$WORK/bench.pcap" --json >"$WORK/out" 2>"$WORK/err"; then
        row "$S" "$WHAT" "frames/s" "-" "$floor" - \
            "PENDING: netmon-xdp replay failed: $(head -c 160 "$WORK/err" | tr '\n\t' '  ')"
        exit 0
    fi
    end=$(date +%s%N)
    counted=$(grep '"type":"final"' "$WORK/out" | tail -1 | jq '.totals.packets')
    rates+=("$(awk -v n="$FRAMES" -v ns=$((end - start)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')")
done
note="counted $counted of $FRAMES"
[ "$counted" = "$FRAMES" ] && note="all counted: $note" || note="NOT ALL COUNTED: $note"
row "$S" "$WHAT" "frames/s" "$(summary "${rates[@]}")" "$floor" - "$note; whole command incl. load"
