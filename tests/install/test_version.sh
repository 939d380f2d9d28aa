#!/usr/bin/env bash
# --version names the version and the git revision the binary was built from;
# outside a git checkout the revision is "unknown".
# Usage: test_version.sh BINARY SOURCE_DIR
set -euo pipefail
BIN=$1 SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

out=$("$BIN" --version)
[[ $out =~ ^netmon-xdp\ [0-9]+\.[0-9]+\.[0-9]+\ \(git\ ([^\)]+)\)$ ]] ||
    { echo "FAIL: --version printed '$out'"; exit 1; }
revision=${BASH_REMATCH[1]}
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
    # git describe: [TAG-N-g]HASH[-dirty]; HASH must be a commit of this checkout.
    hash=${revision%-dirty}
    hash=${hash##*-g}
    git -C "$SRC" rev-parse -q --verify "$hash^{commit}" >/dev/null ||
        { echo "FAIL: revision '$revision' names no commit of $SRC"; exit 1; }
fi

cmake -DSOURCE_DIR="$TMP" -DOUTPUT="$TMP/revision.h" -P "$SRC/cmake/git_revision.cmake"
grep -qx '#define NETMON_GIT_REVISION "unknown"' "$TMP/revision.h" ||
    { echo "FAIL: outside a checkout: $(cat "$TMP/revision.h")"; exit 1; }
echo "--version: $out"
