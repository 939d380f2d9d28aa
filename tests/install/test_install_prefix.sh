#!/usr/bin/env bash
# `cmake --install BUILD --prefix DIR` puts the binary, the man page and the
# bash completion where a system looks for them, and each of them works there.
# Usage: test_install_prefix.sh BUILD_DIR
set -euo pipefail
BUILD=$1
PREFIX=$(mktemp -d)
trap 'rm -rf "$PREFIX"' EXIT

cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null

BIN=$PREFIX/sbin/netmon-xdp
PAGE=$PREFIX/share/man/man8/netmon-xdp.8
COMPLETION=$PREFIX/share/bash-completion/completions/netmon-xdp
for f in "$BIN" "$PAGE" "$COMPLETION"; do
    [ -s "$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
[ -x "$BIN" ] || { echo "FAIL: $BIN is not executable"; exit 1; }
"$BIN" --version | grep -Eq '^netmon-xdp [0-9]+\.[0-9]+\.[0-9]+ \(git [^)]+\)$' ||
    { echo "FAIL: installed --version: $("$BIN" --version)"; exit 1; }

# man renders the page without a single roff warning.
warnings=$(LC_ALL=C MANWIDTH=100 man --warnings -l "$PAGE" 2>&1 >/dev/null)
[ -z "$warnings" ] || { echo "FAIL: man warns:"; echo "$warnings"; exit 1; }
page=$(LC_ALL=C MANWIDTH=100 man -l "$PAGE" | col -b)
for heading in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS EXAMPLES "EXIT STATUS" FILES "SEE ALSO"; do
    grep -qx "$heading" <<<"$page" || { echo "FAIL: the rendered page has no $heading section"; exit 1; }
done
grep -q '^NETMON-XDP(8)' <<<"$page" || { echo "FAIL: the rendered page has no NETMON-XDP(8) header"; exit 1; }

# The completion is valid bash and registers itself for netmon-xdp.
bash -c '. "$1" && complete -p netmon-xdp' _ "$COMPLETION" | grep -q -- '-F _netmon_xdp netmon-xdp' ||
    { echo "FAIL: $COMPLETION does not register a completion for netmon-xdp"; exit 1; }

echo "installed and working: sbin/netmon-xdp, share/man/man8/netmon-xdp.8, share/bash-completion/completions/netmon-xdp"
