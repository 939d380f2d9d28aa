# Shell helpers of the benchmarks: result rows in the format the C++ tools
# print (see bench_report.h), and summaries of repeated runs.

progress() { echo "  $*" >&2; }

# "median min max" of the numbers given as arguments.
summary() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%s %s %s\n", m, v[1], v[NR] }'
}

# fmt3 "median min max": tab-separated, rounded like the C++ rows.
fmt3() {
    awk -v s="$1" '
        function f(x) { if (x >= 100) return sprintf("%.0f", x); if (x >= 10) return sprintf("%.1f", x); return sprintf("%.2f", x) }
        BEGIN { if (s == "-") { printf "-\t-\t-"; exit }
                split(s, a, " "); printf "%s\t%s\t%s", f(a[1]), f(a[2]), f(a[3]) }'
}

# row SECTION WHAT UNIT "MEASURED" "FLOOR" "REFERENCE" NOTE; "-" for none.
row() {
    printf 'ROW\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$(fmt3 "$4")" "$(fmt3 "$5")" \
        "$(fmt3 "$6")" "$7"
}
