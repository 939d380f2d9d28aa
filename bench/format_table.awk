#!/usr/bin/awk -f
# Formats bench/run's ROW lines (see bench_report.h) as one table:
# ratios to the floor and the reference first, then the medians with their
# [min..max], then the note.
BEGIN { FS = "\t" }
$1 != "ROW" { next }
{
    sec = $2
    if (sec != last) {
        if (last != "") print ""
        printf "== %s\n", sec
        printf "%-44s %-9s %8s %7s  %-26s %-10s %-10s %s\n", "measurement", "unit", "x floor", "x ref",
               "netmon median [min..max]", "floor", "ref", "note"
        last = sec
    }
    xf = ($5 != "-" && $8 != "-" && $8 + 0 > 0) ? sprintf("%.2f", $5 / $8) : "-"
    xr = ($5 != "-" && $11 != "-" && $11 + 0 > 0) ? sprintf("%.2f", $5 / $11) : "-"
    m = ($5 == "-") ? "-" : ($6 == $7 ? $5 : $5 " [" $6 ".." $7 "]")
    printf "%-44s %-9s %8s %7s  %-26s %-10s %-10s %s\n", $3, $4, xf, xr, m, $8, $11, $14
}
