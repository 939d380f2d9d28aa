#!/usr/bin/env bash
# The local networks and the configuration file the documentation shows are
# ones `attach` accepts: every `netmon-xdp attach` example of README.md and
# docs/*.md is run with its --local-net options (a backslash continues the
# line), and the example configurations of docs/service.md and
# dist/netmon-xdp.conf (its commented options switched on) with --config,
# each on an interface that does not exist. What must stop them is that
# interface, the last check before anything loads; a local network past the
# per-host counters' bound (docs/memory.md) or a key attach lacks stops
# them sooner and fails the test, as does any second line of error (the
# configuration turns on exporters that report at exit). Nothing is attached.
# Usage: test_doc_attach_examples.sh BINARY SOURCE_DIR
set -euo pipefail
BIN=$1 SRC=$2
[ "$(id -u)" = 0 ] || { echo "SKIP: attach checks its privileges first: run as root"; exit 77; }
IFACE=nmdocs-none0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0

# Runs attach with the given options; it must refuse only the interface.
expect_interface_refusal() { # WHAT OPTIONS...
    local what=$1 rc=0
    shift
    "$BIN" attach "$IFACE" "$@" >/dev/null 2>"$WORK/err" || rc=$?
    # The one line of a refusal, and only it (no exporter's totals).
    if [ "$rc" != 2 ] || [ "$(wc -l <"$WORK/err")" != 1 ] ||
        ! grep -q "unknown interface '$IFACE'" "$WORK/err"; then
        echo "FAIL: $what: exit $rc, $(head -c 400 "$WORK/err")"
        failures=$((failures + 1))
    fi
}

# Every attach example, continuation lines joined, with its --local-net
# values (NUL-free: one example a line).
examples=$(cat "$SRC/README.md" "$SRC"/docs/*.md | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' |
    grep -E 'netmon-xdp attach [^`]*--local-net' || true)
[ -n "$examples" ] || { echo "FAIL: no attach example with --local-net found in the docs"; exit 1; }
count=0
while IFS= read -r line; do
    mapfile -t nets < <(grep -oE -- '--local-net[ =][^ `]+' <<<"$line" | sed -E 's/^--local-net[ =]//')
    args=()
    for n in "${nets[@]}"; do args+=(--local-net "$n"); done
    expect_interface_refusal "example '$(sed -E 's/^ +//' <<<"$line" | head -c 160)'" "${args[@]}"
    count=$((count + 1))
done <<<"$examples"

# docs/service.md's configuration, with its password file made here.
awk '/^```toml$/ {on = 1; next} /^```$/ {on = 0} on' "$SRC/docs/service.md" >"$WORK/service.toml"
[ -s "$WORK/service.toml" ] || { echo "FAIL: no TOML block in docs/service.md"; exit 1; }
echo secret >"$WORK/password"
sed -i -E "s|^(clickhouse-password-file = ).*|\\1\"$WORK/password\"|" "$WORK/service.toml"
expect_interface_refusal "docs/service.md's configuration" --config "$WORK/service.toml"

# dist/netmon-xdp.conf with every commented option on ('# key = value').
sed -E -n -e 's/^# ([a-z-]+ = .*)/\1/' -e '/^[a-z-]+ = /p' "$SRC/dist/netmon-xdp.conf" |
    sed -E "s|^(clickhouse-password-file = ).*|\\1\"$WORK/password\"|" >"$WORK/dist.toml"
grep -q '^local-net = ' "$WORK/dist.toml" ||
    { echo "FAIL: dist/netmon-xdp.conf has no local-net line to check"; exit 1; }
expect_interface_refusal "dist/netmon-xdp.conf with its options on" --config "$WORK/dist.toml"

[ "$failures" = 0 ] || exit 1
echo "PASS: $count attach examples and 2 configurations are refused only for the interface"
