#!/usr/bin/env bash
# gen-manpage.sh BINARY TEMPLATE OUTPUT
# Writes netmon-xdp(8): TEMPLATE's hand-written sections, with @VERSION@,
# @SYNOPSIS@, @OPTIONS@ and @COMMANDS@ filled from BINARY's --help and each
# subcommand's --help, so a new option or subcommand appears by itself.
set -euo pipefail
BIN=$1 TEMPLATE=$2 OUT=$3
HERE=$(dirname "$0")

# The full CLI11 form, with types and ranges (cli/help_formatter.h).
parse() { NETMON_HELP_FORMAT=full "$BIN" "$@" --help | awk -f "$HERE/cli11-help.awk"; }

# Roff-escapes a line of help text: backslashes, hyphens, and a leading
# period or apostrophe (which roff would take for a request).
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\\&&/"; }

# One .TP entry per option item of a parsed help on stdin. Fields are joined
# by \037: `read` would merge empty tab-separated fields.
options_roff() {
    awk -F'\t' '
    $1 == "section" { in_options = ($2 == "Options") }
    $1 == "item" && in_options {
        names = $2; gsub(/,/, ", ", names)
        meta = ""
        if ($3 != "") {
            meta = $3; sub(/:.*/, "", meta)
            if ($3 ~ /:FILE/) meta = "FILE"
            if ($4 != "") { meta = $4; gsub(/,/, "|", meta) }
            if ($6 ~ /^\.\.\./) meta = meta " ..."
        }
        extra = ""
        if ($3 ~ / in \[/) { r = $3; sub(/^[^[]*/, "", r); extra = "range " r }
        if ($3 ~ /:POSITIVE/) extra = "positive"
        if ($3 ~ /:FILE/) extra = "an existing file"
        if ($5 != "") extra = extra (extra == "" ? "" : "; ") "default " $5
        notes = $6; sub(/^\.\.\. ?/, "", notes)
        if (notes != "") extra = extra (extra == "" ? "" : "; ") tolower(substr(notes, 1, 1)) substr(notes, 2)
        printf "%s\037%s\037%s\037%s\n", names, meta, $7, extra
    }' | while IFS=$'\037' read -r names meta desc extra; do
        printf '.TP\n\\fB%s\\fR' "$(esc <<<"$names")"
        if [ -n "$meta" ]; then printf ' \\fI%s\\fR' "$(esc <<<"$meta")"; fi
        printf '\n%s\n' "$(esc <<<"$desc")"
        if [ -n "$extra" ]; then printf '(%s)\n' "$(esc <<<"$extra")"; fi
    done
}

# Positional arguments as .TP entries, italic.
positionals_roff() {
    awk -F'\t' '
    $1 == "section" { in_pos = ($2 == "Positionals") }
    $1 == "item" && in_pos { printf "%s\037%s\n", $2 ($6 ~ /^\.\.\./ ? " ..." : ""), $7 }' |
    while IFS=$'\037' read -r name desc; do
        printf '.TP\n\\fI%s\\fR\n%s\n' "$(esc <<<"$name")" "$(esc <<<"$desc")"
    done
}

field() { awk -F'\t' -v kind="$1" '$1 == kind { print $2 }'; }

top=$(parse)
mapfile -t subcommands < <(awk -F'\t' '$1 == "section" { s = $2 } $1 == "item" && s == "Subcommands" { print $2 }' <<<"$top")
[ ${#subcommands[@]} -gt 0 ] || { echo "gen-manpage.sh: no subcommands in $BIN --help" >&2; exit 1; }
version=$("$BIN" --version | head -n1)

synopsis=$(
    for sub in "${subcommands[@]}"; do
        parse "$sub" | field usage | esc | sed 's/^netmon\\-xdp \([^ ]*\)/\\fBnetmon\\-xdp \1\\fR/'
        echo ".br"
    done
    printf '\\fBnetmon-xdp\\fR \\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n'
)
global=$(options_roff <<<"$top")
commands=$(
    for sub in "${subcommands[@]}"; do
        help=$(parse "$sub")
        printf '.SS %s\n' "$sub"
        printf '.B %s\n.PP\n' "$(field usage <<<"$help" | esc)"
        field about <<<"$help" | esc
        positionals_roff <<<"$help"
        options_roff <<<"$help"
        footer=$(field footer <<<"$help")
        if [ -n "$footer" ]; then
            echo ".PP"
            while IFS= read -r line; do printf '%s\n.br\n' "$(esc <<<"$line")"; done <<<"$footer"
        fi
    done
)

tmp=$OUT.tmp
while IFS= read -r line; do
    case $line in
    @SYNOPSIS@) printf '%s\n' "$synopsis" ;;
    @OPTIONS@) printf '%s\n' "$global" ;;
    @COMMANDS@) printf '%s\n' "$commands" ;;
    *) printf '%s\n' "${line//@VERSION@/$version}" ;;
    esac
done <"$TEMPLATE" >"$tmp"
mv "$tmp" "$OUT"
