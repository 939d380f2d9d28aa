#!/usr/bin/awk -f
# Formats bench/run's ROW lines (see bench_report.h) as one table:
# ratios to the floor and the reference first, then the medians with their
# [min..max], then the note. The measurement column is as wide as the
# section's longest name, so the figures stay in columns.
BEGIN { FS = "\t" }
$1 != "ROW" { next }
{
    sec = $2
    if (!(sec in width)) {
        order[++sections] = sec
        width[sec] = length("measurement")
    }
    if (length($3) > width[sec]) width[sec] = length($3)
    xf = ($5 != "-" && $8 != "-" && $8 + 0 > 0) ? sprintf("%.2f", $5 / $8) : "-"
    xr = ($5 != "-" && $11 != "-" && $11 + 0 > 0) ? sprintf("%.2f", $5 / $11) : "-"
    m = ($5 == "-") ? "-" : ($6 == $7 ? $5 : $5 " [" $6 ".." $7 "]")
    n = ++rows
    row_sec[n] = sec
    row_text[n, 1] = $3; row_text[n, 2] = $4; row_text[n, 3] = xf; row_text[n, 4] = xr
    row_text[n, 5] = m; row_text[n, 6] = $8; row_text[n, 7] = $11; row_text[n, 8] = $14
}
function line(w, a, b, c, d, e, f, g, h) {
    printf "%-" w "s %-9s %8s %7s  %-26s %-10s %-10s %s\n", a, b, c, d, e, f, g, h
}
END {
    # Sections in the order they first appear; a part run twice (part 1's
    # test-run rows come before and after its live rows) prints each time.
    last = ""
    for (n = 1; n <= rows; n++) {
        sec = row_sec[n]
        if (sec != last) {
            if (last != "") print ""
            printf "== %s\n", sec
            line(width[sec], "measurement", "unit", "x floor", "x ref", "netmon median [min..max]",
                 "floor", "ref", "note")
            last = sec
        }
        line(width[sec], row_text[n, 1], row_text[n, 2], row_text[n, 3], row_text[n, 4],
             row_text[n, 5], row_text[n, 6], row_text[n, 7], row_text[n, 8])
    }
}
