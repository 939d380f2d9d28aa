#!/usr/bin/env bash
# The generated bash completion completes subcommands, every option --help
# lists (per subcommand), option values, interface names and files.
# Usage: test_bash_completion.sh BINARY COMPLETION
set -euo pipefail
BIN=$1 COMPLETION=$2
. "$(dirname "$0")/help_options.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
touch "$TMP/capture.pcapng" "$TMP/filter.txt"

# Prints, sorted and space-separated, what completing LINE offers (the word
# under the cursor is the line's last, empty when it ends with a space).
complete_line() {
    bash -c '
        [ -r /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
        . "$1"
        read -ra COMP_WORDS <<<"$2"
        [[ $2 == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE=$2
        COMP_POINT=${#2}
        _netmon_xdp netmon-xdp "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$1" | sort | tr '\n' ' ' | sed 's/ $//'
}

failures=0
check() {
    local line=$1 want=$2 got
    got=$(complete_line "$line")
    if [ "$got" = "$want" ]; then
        echo "ok: '$line' -> $got"
    else
        echo "FAIL: '$line' -> '$got', want '$want'"
        failures=$((failures + 1))
    fi
}

check "netmon-xdp att" "attach"
check "netmon-xdp attach --js" "--json"
check "netmon-xdp -v attach --js" "--json"
check "netmon-xdp attach --mode " "auto generic native"
check "netmon-xdp attach eth0 --direction e" "egress"
check "netmon-xdp attach --interval " ""
check "netmon-xdp replay $TMP/cap" "$TMP/capture.pcapng"
check "netmon-xdp attach --filter-file $TMP/fil" "$TMP/filter.txt"
# Every option that names a file completes files (issue 28).
touch "$TMP/rules.txt" "$TMP/baseline.json" "$TMP/token"
check "netmon-xdp attach --alert-file $TMP/rul" "$TMP/rules.txt"
check "netmon-xdp replay --baseline $TMP/base" "$TMP/baseline.json"
check "netmon-xdp attach --http-token-file $TMP/tok" "$TMP/token"
check "netmon-xdp attach --on-alert-log $TMP/tok" "$TMP/token"
check "netmon-xdp detach " "$(ls /sys/class/net | sort | tr '\n' ' ' | sed 's/ $//')"
check "netmon-xdp attach lo " "$(ls /sys/class/net | sort | tr '\n' ' ' | sed 's/ $//')"

# Every option of every --help completes after its subcommand, and nothing else
# (the top-level options are accepted after a subcommand too).
top=$(help_options "$BIN")
check "netmon-xdp -" "$(sort <<<"$top" | tr '\n' ' ' | sed 's/ $//')"
for sub in $(help_subcommands "$BIN"); do
    check "netmon-xdp $sub -" "$( (help_options "$BIN" "$sub"; echo "$top") | sort -u | tr '\n' ' ' | sed 's/ $//')"
done

[ "$failures" = 0 ] || { echo "$failures completion checks failed"; exit 1; }
