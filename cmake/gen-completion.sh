#!/usr/bin/env bash
# gen-completion.sh BINARY TEMPLATE OUTPUT
# Writes the bash completion: TEMPLATE's logic, with @SUBCOMMANDS@,
# @OPTIONS@ and @OPTION_VALUES@ filled from BINARY's --help and each
# subcommand's --help, so a new option or subcommand completes by itself.
set -euo pipefail
BIN=$1 TEMPLATE=$2 OUT=$3
HERE=$(dirname "$0")

# The full CLI11 form, with types and ranges (cli/help_formatter.h).
parse() { NETMON_HELP_FORMAT=full "$BIN" "$@" --help | awk -f "$HERE/cli11-help.awk"; }

# Every option name of a parsed help on stdin, space-separated.
option_names() {
    awk -F'\t' '$1 == "section" { s = $2 } $1 == "item" && s == "Options" { gsub(/,/, " ", $2); print $2 }' |
        tr '\n' ' ' | sed 's/ $//'
}

# One case branch per option that takes a value: "scope option") kind;;
# kind is "choices a b c", "file", or "value" (free text: nothing to offer).
option_values() {
    awk -F'\t' -v scope="$1" '
    $1 == "section" { s = $2 }
    $1 == "item" && s == "Options" && $3 != "" {
        kind = "value"
        if ($4 != "") { kind = $4; gsub(/,/, " ", kind); kind = "choices " kind }
        else if ($3 ~ /(^|:)FILE/) kind = "file"
        n = split($2, names, ",")
        for (i = 1; i <= n; i++)
            printf "    \"%s %s\") echo \"%s\" ;;\n", scope, names[i], kind
    }'
}

top=$(parse)
mapfile -t subcommands < <(awk -F'\t' '$1 == "section" { s = $2 } $1 == "item" && s == "Subcommands" { print $2 }' <<<"$top")
[ ${#subcommands[@]} -gt 0 ] || { echo "gen-completion.sh: no subcommands in $BIN --help" >&2; exit 1; }

options="    \"\") echo \"$(option_names <<<"$top")\" ;;"
values=$(option_values "" <<<"$top")
for sub in "${subcommands[@]}"; do
    help=$(parse "$sub")
    options+=$'\n'"    $sub) echo \"$(option_names <<<"$help")\" ;;"
    values+=$'\n'"$(option_values "$sub" <<<"$help")"
done

tmp=$OUT.tmp
while IFS= read -r line; do
    case $line in
    *@SUBCOMMANDS@*) printf '%s\n' "${line//@SUBCOMMANDS@/${subcommands[*]}}" ;;
    @OPTIONS@) printf '%s\n' "$options" ;;
    @OPTION_VALUES@) printf '%s\n' "$values" | sed '/^$/d' ;;
    *) printf '%s\n' "$line" ;;
    esac
done <"$TEMPLATE" >"$tmp"
mv "$tmp" "$OUT"
