#!/usr/bin/env bash
# Exactness: for every capture in ../shared/pcaps (beside the repository),
# netmon-xdp's replay (final JSON object, --all-flows) has the totals, every
# protocol class and every flow's packets and bytes that tshark's dissection
# gives under netmon-xdp's definitions (tests/e2e/tshark_flows.py). File by
# file. The replay and the dissection come from the corpus cache
# (tests/support/corpus_cache.py, filled once per build by the test
# corpus.fill); what is missing there is made now.
source "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v tshark >/dev/null || { echo "SKIP: tshark missing"; exit $SKIP; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
need_shared_pcaps

captures=()
for capture in "$PCAPS"/*; do
    case $capture in *.pcap | *.pcapng | *.cap) captures+=("$capture") ;; esac
done
[ "${#captures[@]}" -gt 0 ] || fail "no captures in $PCAPS"
mapfile -t replays < <(corpus_cache replay "${captures[@]}")
[ "${#replays[@]}" = "${#captures[@]}" ] || fail "the corpus cache gave ${#replays[@]} replays" \
    "for ${#captures[@]} captures"

failed=0 pairs=()
for i in "${!captures[@]}"; do
    capture=${captures[$i]} replay=${replays[$i]}
    if [ "$(cat "$replay/rc")" != 0 ]; then
        echo "$capture: netmon-xdp failed: $(cat "$replay/err")"
        failed=$((failed + 1))
        continue
    fi
    pairs+=("$capture" "$replay/out")
done
[ "$failed" = 0 ] || fail "netmon-xdp failed on $failed of ${#captures[@]} captures"
python3 "$HERE/tshark_flows.py" "${pairs[@]}" || fail "captures differ from tshark (above)"
echo "PASS"
