#!/usr/bin/env bash
# Exactness: for every capture in ../shared/pcaps (beside the repository),
# netmon-xdp's replay (final JSON object, --all-flows) has the totals, every
# protocol class and every flow's packets and bytes that tshark's dissection
# gives under netmon-xdp's definitions (tests/e2e/tshark_flows.py). File by
# file; one tshark run per file.
set -euo pipefail
SKIP=77
NETMON_BIN=${NETMON_BIN:-$(pwd)/build/netmon-xdp}
HERE=$(cd "$(dirname "$0")" && pwd)
PCAPS=${NETMON_PCAPS:-$HERE/../../../shared/pcaps}
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (loading BPF)"; exit $SKIP; }
command -v tshark >/dev/null || { echo "SKIP: tshark missing"; exit $SKIP; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit $SKIP; }
if [ ! -d "$PCAPS" ]; then
    # Under CI (tests/run-all sets NETMON_REQUIRE_SHARED=1) absence is a failure.
    [ "${NETMON_REQUIRE_SHARED:-0}" = 1 ] &&
        fail "shared captures absent: $PCAPS (required: NETMON_REQUIRE_SHARED=1)"
    echo "SKIP: shared captures absent: $PCAPS (put them there or set NETMON_PCAPS)"
    exit $SKIP
fi
[ -x "$NETMON_BIN" ] || fail "netmon-xdp not built at $NETMON_BIN"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

checked=0 failed=0
for capture in "$PCAPS"/*; do
    case $capture in *.pcap | *.pcapng | *.cap) ;; *) continue ;; esac
    checked=$((checked + 1))
    # A small kernel table: replay harvests before it can fill, so nothing
    # overflows and the flows stay exact.
    if ! "$NETMON_BIN" replay "$capture" --json --all-flows --max-flows 1024 \
        >"$WORK/out" 2>"$WORK/err"; then
        echo "$capture: netmon-xdp failed: $(cat "$WORK/err")"
        failed=$((failed + 1))
        continue
    fi
    python3 "$HERE/tshark_flows.py" "$capture" "$WORK/out" || failed=$((failed + 1))
done
[ "$checked" -gt 0 ] || { echo "SKIP: no captures in $PCAPS"; exit $SKIP; }
echo "$checked captures compared with tshark, $failed differ"
[ "$failed" = 0 ] || fail "$failed of $checked captures differ from tshark"
echo "PASS"
