#!/usr/bin/env bash
# The man page the build makes (build/generated/netmon-xdp.8) renders
# without a roff warning and carries what a reader looks for there, each
# checked against its source of truth: the dashboard keys of
# docs/dashboard.md, the alert grammar of docs/alerts.md, an example for
# every output, every exit status of user/core/error.h, and every option
# that reads or writes a file under FILES.
# Usage: test_manpage_content.sh BINARY MANPAGE SOURCE_DIR
set -euo pipefail
BIN=$1 PAGE=$2 SRC=$3
fail() {
    echo "FAIL: $*"
    exit 1
}
[ -s "$PAGE" ] || fail "the build made no man page at $PAGE"
command -v man >/dev/null || { echo "SKIP: man missing"; exit 77; }

warnings=$(LC_ALL=C MANWIDTH=80 man --warnings -l "$PAGE" 2>&1 >/dev/null)
[ -z "$warnings" ] || fail "man warns: $warnings"
if command -v groff >/dev/null; then
    warnings=$(LC_ALL=C groff -ww -man -Tutf8 -z "$PAGE" 2>&1)
    [ -z "$warnings" ] || fail "groff -ww warns: $warnings"
fi
page=$(LC_ALL=C MANWIDTH=80 man -l "$PAGE" 2>/dev/null | col -bx)

# The lines of one section of the rendered page (headings start in column 1).
section() { awk -v want="$1" '/^[A-Z]/ { on = ($0 == want); next } on' <<<"$page"; }

keys=$(section "DASHBOARD KEYS")
[ -n "$keys" ] || fail "no DASHBOARD KEYS section"
# docs/dashboard.md's key table: | `q` | ... |, several keys a row.
mapfile -t doc_keys < <(sed -n '/^## Keys/,/^## /p' "$SRC/docs/dashboard.md" |
    grep '^| `' | cut -d'|' -f2 | grep -o '`[^`]*`' | tr -d '`' | grep -v -e '→' -e '←' -e '↑' -e '↓')
[ "${#doc_keys[@]}" -ge 8 ] || fail "read only ${#doc_keys[@]} keys from docs/dashboard.md"
for key in "${doc_keys[@]}"; do
    grep -qE "^       (.*[ ,])?$(sed 's/[]\/$*.^[?]/\\&/g' <<<"$key")(,|$| )" <<<"$keys" ||
        fail "DASHBOARD KEYS lacks the key '$key' of docs/dashboard.md"
done

grammar=$(section "ALERT RULES")
[ -n "$grammar" ] || fail "no ALERT RULES section"
# Every rule of the grammar in docs/alerts.md is in the page; the ones that
# list words (keys, metrics, values, durations) say exactly the same.
rules=$(sed -n '/^## Grammar/,/^## /p' "$SRC/docs/alerts.md" | grep -E '^    [A-Z]+ +:=')
[ -n "$rules" ] || fail "no grammar in docs/alerts.md"
while read -r name _ rhs; do
    line=$(grep -E "^ +$name +:= " <<<"$grammar") || fail "ALERT RULES lacks $name"
    case $name in
    KEY | METRIC | VALUE | DURATION)
        [ "$(sed -E 's/^ +[A-Z]+ +:= //' <<<"$line")" = "$rhs" ] ||
            fail "ALERT RULES says '$line', docs/alerts.md '$name := $rhs'"
        ;;
    esac
done <<<"$rules"

# An example for each output: the dashboard (attach alone), text, JSON, the
# HTTP server, IPFIX, alerts and their command, replay.
examples=$(section "EXAMPLES" | grep -E '^       netmon-xdp ')
grep -qE '^       netmon-xdp attach [a-z0-9]+$' <<<"$examples" || fail "no example of the dashboard"
for option in --plain --json --http --http-token-file --ipfix --alert --on-alert; do
    grep -qE -- "$option( |$)" <<<"$examples$(section EXAMPLES)" || fail "no example with $option"
done
grep -q '^       netmon-xdp replay ' <<<"$examples" || fail "no replay example"

status=$(section "EXIT STATUS")
mapfile -t codes < <(grep -oE 'kExit[A-Za-z]+ = [0-9]+' "$SRC/user/core/error.h" | awk '{ print $3 }')
[ "${#codes[@]}" -ge 4 ] || fail "read only ${#codes[@]} exit codes from user/core/error.h"
for code in "${codes[@]}" 141; do
    grep -qE "^       ([0-9]+, )*$code(,| |$)" <<<"$status" || fail "EXIT STATUS lacks $code"
done

files=$(section "FILES")
# The options named *-file, and those whose help says they read or write a
# file ("... file ...": --baseline, --on-alert-log).
mapfile -t file_options < <(for sub in attach replay; do "$BIN" "$sub" --help; done |
    awk '/^  --/ { name = $1 } /^  --[a-z-]+-file / || / [Ff]ile[ (:]/ { print name }' | sort -u)
[ "${#file_options[@]}" -ge 5 ] || fail "only ${#file_options[@]} file options in --help: ${file_options[*]}"
for option in "${file_options[@]}"; do
    grep -q -- "$option" <<<"$files" || fail "FILES does not say what $option reads"
done

# Help text points only at what is installed: no docs/ or README paths.
for sub in "" attach replay detach; do
    # shellcheck disable=SC2086 # no subcommand for the top level
    # (a docs/ path as help names it; the binary's own path may hold "docs/")
    if "$BIN" $sub --help | grep -nE '(^|[ (])docs/|README'; then
        fail "netmon-xdp $sub --help points to files that are not installed"
    fi
done
echo "the man page renders without warnings and has ${#doc_keys[@]} keys, the grammar," \
    "every output's example, ${#codes[@]} exit statuses and ${#file_options[@]} FILE options"
