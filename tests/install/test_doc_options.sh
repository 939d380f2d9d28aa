#!/usr/bin/env bash
# Every --option the documentation names (README.md, docs/*.md, the built
# man page) is one the binary has, in some subcommand's --help: a renamed or
# removed option cannot linger in the docs. Options of other tools the docs
# mention are listed below, each with the tool.
# Usage: test_doc_options.sh BINARY MANPAGE SOURCE_DIR
set -euo pipefail
BIN=$1 PAGE=$2 SRC=$3
. "$(dirname "$0")/help_options.sh"

# Not netmon-xdp's: what the docs say about other commands.
OTHERS=(
    --build --install --prefix # cmake
    --full                     # .ci/run
    --fix                      # .ci/format-check
    --all                      # .ci/tidy-check
    --seconds                  # demo/run
    --part                     # bench/run
    --token                    # web/dev-server.mjs
    --test                     # node
    --immediate-mode           # tcpdump
    --multiquery               # clickhouse-client
    --now                      # systemctl enable
    --jsno                     # docs/usage.md: the misspelling its error example corrects
)

mapfile -t known < <(
    help_options "$BIN"
    for sub in $(help_subcommands "$BIN"); do help_options "$BIN" "$sub"; done
)
[ "${#known[@]}" -ge 20 ] || { echo "FAIL: only ${#known[@]} options in --help"; exit 1; }
known+=("${OTHERS[@]}")

docs=("$SRC/README.md" "$SRC"/docs/*.md)
rendered=$(LC_ALL=C MANWIDTH=250 man -l "$PAGE" 2>/dev/null | col -bx)
# "--word" not inside a longer word (a-b--c) and not a table rule (---).
named=$({
    cat "${docs[@]}"
    printf '%s\n' "$rendered"
} | grep -oE -- '(^|[^A-Za-z0-9-])--[a-z][a-z0-9-]*' | sed -E 's/^[^-]*//' | sort -u)

unknown=()
while read -r option; do
    grep -qxF -- "$option" <<<"$(printf '%s\n' "${known[@]}")" || unknown+=("$option")
done <<<"$named"
if [ "${#unknown[@]}" -gt 0 ]; then
    for option in "${unknown[@]}"; do
        echo "FAIL: the docs name $option, which netmon-xdp does not have:"
        grep -nE -- "(^|[^A-Za-z0-9-])$option([^a-z0-9-]|$)" "${docs[@]}" | sed "s|^$SRC/|  |" | head -3
        grep -qE -- "(^|[^A-Za-z0-9-])$option([^a-z0-9-]|$)" <<<"$rendered" && echo "  (the man page)"
    done
    exit 1
fi
echo "the docs name $(wc -l <<<"$named") options; each is in netmon-xdp's --help (or another tool's)"
