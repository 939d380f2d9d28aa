#!/usr/bin/env bash
# The man page lists exactly the options --help lists, per subcommand, and
# exactly its subcommands: the page is generated from --help at build time,
# this checks the rendered page did not drift from the binary.
# Usage: test_manpage_options.sh BINARY MANPAGE
set -euo pipefail
BIN=$1 PAGE=$2
. "$(dirname "$0")/help_options.sh"

expected=$(
    help_options "$BIN" | sed 's/^/(top) /'
    for sub in $(help_subcommands "$BIN"); do
        echo "(command) $sub"
        help_options "$BIN" "$sub" | sed "s/^/$sub /"
    done | sort
)
expected=$(sort <<<"$expected")

# Rendered as a reader sees it: OPTIONS lists the top level, COMMANDS has one
# subsection per subcommand; option entries start at the 7-column indent.
rendered=$(LC_ALL=C MANWIDTH=250 man -l "$PAGE" 2>&1 | col -b)
found=$(awk '
    /^[A-Z]/ { section = $0; scope = (section == "OPTIONS") ? "(top)" : ""; next }
    section == "COMMANDS" && /^   [a-z][-a-z]*$/ { scope = $1; print "(command) " scope; next }
    scope != "" && /^       -/ {
        line = substr($0, 8)
        while (match(line, /^--?[A-Za-z0-9][-A-Za-z0-9]*/)) {
            print scope " " substr(line, 1, RLENGTH)
            line = substr(line, RLENGTH + 1)
            if (substr(line, 1, 2) != ", ") break
            line = substr(line, 3)
        }
    }' <<<"$rendered" | sort)

if [ "$expected" != "$found" ]; then
    echo "man page and --help differ (< only in --help, > only in the man page):"
    diff <(echo "$expected") <(echo "$found") | grep '^[<>]'
    exit 1
fi
echo "man page lists the same $(grep -vc '^(command)' <<<"$expected") options and $(grep -c '^(command)' <<<"$expected") subcommands as --help"
