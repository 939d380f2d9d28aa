#!/usr/bin/awk -f
# Formats bench/peers.sh's PEER lines as one table per traffic shape.
BEGIN {
    FS = "\t"
    name["floor"] = "pass-only XDP (floor)"; name["none"] = "no XDP program"
    name["netmon"] = "netmon-xdp"; name["tcpdump"] = "tcpdump -w /dev/null"
    name["pmacctd"] = "pmacctd (memory)"; name["softflowd"] = "softflowd"
    name["scapy"] = "Scapy monitor"
    shape["xdp"] = "XDP generator frames (kernel path)"
    shape["xdp-many"] = "XDP generator frames over many flows (kernel path)"
    shape["socket"] = "sendmmsg() UDP socket frames (stack path)"
}
$1 != "PEER" { next }
{
    if ($2 != last) {
        if (last != "") print ""
        printf "== 6 peers: %s\n", ($2 in shape) ? shape[$2] : $2
        printf "%-22s %10s %10s %8s %9s %8s %8s %8s  %s\n", "tool", "counted", "rx", "missed",
               "ns/frame", "- floor", "tool CPU", "peak RSS", "note"
        last = $2
    }
    printf "%-22s %10s %10s %8s %9s %8s %8s %8s  %s\n", ($3 in name) ? name[$3] : $3, $4, $5,
           $6 == "-" ? "-" : $6 " %", $7, $8, $9 == "-" ? "-" : $9 " s",
           $10 == "-" ? "-" : $10 " MiB", $11
}
