#!/usr/bin/env bash
# Every --help (top level and each subcommand) fits 80 columns and names
# values plainly ("SECONDS=1", "FILE"), without CLI11's types and ranges
# ("FLOAT:FLOAT in [0 - 1e+07]"); the generators' full form still has them.
# Usage: test_help_width.sh BINARY
set -euo pipefail
BIN=$1
. "$(dirname "$0")/help_options.sh"

failures=0
check_help() { # label, then the command line
    local label=$1 text
    shift
    text=$("$@")
    local wide
    wide=$(awk 'length($0) > 80 { printf "%d columns: %s\n", length($0), $0 }' <<<"$text")
    if [ -n "$wide" ]; then
        echo "FAIL: $label has lines wider than 80 columns:"
        echo "$wide"
        failures=$((failures + 1))
    fi
    if grep -nE 'FLOAT|UINT|INT in \[| in \[|:POSITIVE|TEXT:' <<<"$text"; then
        echo "FAIL: $label shows CLI11 type noise (lines above)"
        failures=$((failures + 1))
    fi
    echo "ok: $label, $(wc -l <<<"$text") lines"
}

check_help "netmon-xdp --help" "$BIN" --help
for sub in $(help_subcommands "$BIN"); do
    check_help "netmon-xdp $sub --help" "$BIN" "$sub" --help
done

# What users read names the value; what the generators read has the ranges.
attach=$("$BIN" attach --help)
for want in '--interval SECONDS=1' '--alert-file FILE' '--mode {auto,native,generic}=auto' \
    '--http-token-file FILE (needs --http)'; do
    grep -qF -- "$want" <<<"$attach" || { echo "FAIL: attach --help lacks '$want'"; failures=$((failures + 1)); }
done
full=$(NETMON_HELP_FORMAT=full "$BIN" attach --help)
grep -qF 'FLOAT in [0.05 - 3600]' <<<"$full" ||
    { echo "FAIL: the full form lost the range of --interval"; failures=$((failures + 1)); }

[ "$failures" = 0 ] || { echo "$failures help checks failed"; exit 1; }
