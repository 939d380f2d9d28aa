#!/usr/bin/env bash
# .ci/include-check passes on the repository, and fails, naming the file,
# the include and the arrow, on a copy where one forbidden include or link
# was added (a test file, a library file, a relative path, a CMake link, a
# table arrow pointing up, a folder with no row). No privileges needed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
check="$repo/.ci/include-check"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

"$check" "$repo" || { echo "FAIL: the repository itself violates its layers"; exit 1; }

# A fresh copy of what the check reads, in $work/tree.
fresh_copy() {
    rm -rf "$work/tree"
    mkdir -p "$work/tree/docs"
    cp -r "$repo/user" "$repo/tests" "$repo/bench" "$repo/fuzz" "$work/tree/"
    cp "$repo/docs/design.md" "$work/tree/docs/"
}

# expect_violation NAME EXPECTED-TEXT: the check must fail (exit 1) and say it.
expect_violation() {
    local name=$1 expected=$2 rc=0
    "$check" "$work/tree" 2>"$work/err" || rc=$?
    if [ "$rc" -ne 1 ]; then
        echo "FAIL: $name: exit $rc, expected 1"; failures=$((failures + 1))
    elif ! grep -qF -- "$expected" "$work/err"; then
        echo "FAIL: $name: no line with: $expected"; cat "$work/err"; failures=$((failures + 1))
    else
        echo "ok: $name: $(head -1 "$work/err")"
    fi
}

# Adds LINE after the first line of FILE (inside the tree copy).
add_line() { sed -i "1a $2" "$work/tree/$1"; }

fresh_copy
"$check" "$work/tree" || { echo "FAIL: the unmodified copy fails"; exit 1; }

fresh_copy
add_line tests/unit/stats/test_tables.cpp '#include "http/http_sink.h"'
expect_violation "test file" \
    'tests/unit/stats/test_tables.cpp:2: #include "http/http_sink.h": stats -> http is not an arrow'

fresh_copy
add_line tests/unit/output/test_view_json.cpp '#include "unit/sinks/test_sink_helpers.h"'
expect_violation "another folder's test helpers" 'output -> sinks is not an arrow'

fresh_copy
add_line user/replay/replay_runner.cpp '#include "http/http_options.h"'
expect_violation "library file" \
    'user/replay/replay_runner.cpp:2: #include "http/http_options.h": replay -> http is not an arrow'

fresh_copy
add_line user/main.cpp '#include <stats/aggregator.h>'
expect_violation "angle brackets" 'main -> stats is not an arrow'

fresh_copy
add_line user/alerts/rule_list.cpp '#include "../stats/aggregator.h"'
expect_violation "relative path" 'user/alerts/rule_list.cpp:2: #include "../stats/aggregator.h": climbs out'

fresh_copy
sed -i 's/target_link_libraries(netmon_alerts PUBLIC /&netmon_stats /' "$work/tree/user/alerts/CMakeLists.txt"
expect_violation "CMake link" 'netmon_alerts links netmon_stats: alerts -> stats is not an arrow'

fresh_copy
sed -i 's/^| `core` | — |$/| `core` | `stats` |/' "$work/tree/docs/design.md"
expect_violation "arrow up the table" 'row core uses stats, which is not an earlier row'

fresh_copy
mkdir "$work/tree/user/newfolder"
expect_violation "folder without a row" 'user/newfolder/ has no row in the layer table'

[ "$failures" -eq 0 ] || { echo "$failures case(s) failed"; exit 1; }
echo "include-check: every case passed"
