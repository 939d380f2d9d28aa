#!/usr/bin/env bash
# Host state is bounded: a replay of 3 million distinct sources, each to its
# own destination, one a millisecond (so hosts go idle for 40 s and are
# forgotten), runs to completion inside a 1 GiB memory cgroup with exact
# totals, and its peak RSS stays far below what keeping every host took
# (912 MB before the host tables forgot anyone, 52 MB after). And
# --max-hosts counts the traffic of the hosts it refused.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/memory_cgroup.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
trap 'memory_cgroup_remove; cleanup' EXIT

# Hosts and host traffic: every flow's traffic in exactly one of a host
# table's figures; the figures of the final object, checked.
check_host_figures() {
    jq -e '. as $s | [.hosts.sources, .hosts.destinations][] |
      (.active_traffic.packets + .forgotten_traffic.packets + .overflow.packets)
        == $s.totals.packets - $s.flows.overflow.packets and
      (.active_traffic.bytes + .forgotten_traffic.bytes + .overflow.bytes)
        == $s.totals.bytes - $s.flows.overflow.bytes' <<<"$1" >/dev/null ||
        fail "host figures do not add up: $(jq -c '{totals, flows, hosts}' <<<"$1")"
}

note "--max-hosts 1000: 5,000 sources to 5,000 destinations in 5 s, 4,000 refused by each table"
python3 "$HERE/make_sources_pcap.py" "$WORK/small.pcap" 5000 --distinct-destinations
"$NETMON_BIN" replay "$WORK/small.pcap" --json --max-hosts 1000 >"$WORK/small.out" 2>"$WORK/small.err" ||
    fail "replay --max-hosts: $(cat "$WORK/small.err")"
json=$(tail -n 1 "$WORK/small.out")
check_conservation "$json"
check_host_figures "$json"
jq -e '.type == "final" and .totals.packets == 5000 and .hosts.capacity == 1000 and
       .hosts.sources.active == 1000 and .hosts.sources.forgotten == 0 and
       .hosts.sources.overflow == {"packets": 4000, "bytes": 240000} and
       .hosts.destinations.overflow == {"packets": 4000, "bytes": 240000}' <<<"$json" >/dev/null ||
    fail "--max-hosts: $(jq -c '{totals, hosts}' <<<"$json")"
[ "$(jq -s '[.[].notices[] | select(test("^source host table full \\(1000 hosts\\)"))] | length' \
    "$WORK/small.out")" = 1 ] || fail "no single notice of the full source table: $(jq -c .notices "$WORK/small.out")"
"$NETMON_BIN" replay "$WORK/small.pcap" --max-hosts 1000 --summary-only >"$WORK/small.txt" 2>&1 ||
    fail "text replay: $(cat "$WORK/small.txt")"
# Lines are folded at 80 columns: joined back (continuations are indented 4).
awk '/^    / { sub(/^ +/, ""); line = line " " $0; next }
     { if (NR > 1) print line; line = $0 } END { print line }' "$WORK/small.txt" >"$WORK/small.joined"
grep -q "^! source host table full: 4000 packets (.*) not in any host .* raise --max-hosts" \
    "$WORK/small.joined" || fail "text summary does not say the host table was full: $(cat "$WORK/small.txt")"

note "3,000,000 sources and destinations inside a 1 GiB memory cgroup"
memory_cgroup_create "netmon-hosts-$TEST_ID" $((1 << 30)) ||
    { echo "SKIP: no memory cgroup controller to use"; exit $SKIP; }
N=3000000
python3 "$HERE/make_sources_pcap.py" "$WORK/many.pcap" $N --distinct-destinations
# The kernel flow tables are mapped into the process (RssFile): keep them
# small, so the RSS measured is the userspace state on any CPU count.
rc=0
memory_cgroup_run python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc if rc >= 0 else 128 - rc)' "$WORK/peak_rss_kib" \
    "$NETMON_BIN" replay "$WORK/many.pcap" --json --max-flows 16384 \
    >"$WORK/many.out" 2>"$WORK/many.err" || rc=$?
peak_kib=$(cat "$WORK/peak_rss_kib" 2>/dev/null || echo unknown)
note "peak RSS ${peak_kib} KiB, cgroup peak $(memory_cgroup_peak) B (page cache of the capture included)"
[ "$(memory_cgroup_oom_kills)" = 0 ] || fail "OOM-killed in 1 GiB (exit $rc)"
[ "$rc" = 0 ] || fail "replay exit $rc: $(tail -n 5 "$WORK/many.err")"
# 256 MiB leaves room for allocator and CPU-count differences, and still
# fails the tables that kept every host.
[ "$peak_kib" -lt $((256 * 1024)) ] || fail "peak RSS ${peak_kib} KiB, above 256 MiB"
json=$(tail -n 1 "$WORK/many.out")
check_conservation "$json"
check_host_figures "$json"
jq -e --argjson n $N '.type == "final" and .totals.packets == $n and .totals.bytes == 60 * $n and
       .protocols.udp.packets == $n and .flows.overflow.packets == 0 and
       ([.hosts.sources, .hosts.destinations][] |
         .active + .forgotten == $n and .overflow.packets == 0 and .forgotten > 2900000)' \
    <<<"$json" >/dev/null || fail "3M replay: $(jq -c '{totals, flows, hosts}' <<<"$json")"
# At 1,000 new hosts a second, a table holds those of the last 41 intervals.
most=$(jq -s 'map(.hosts.sources.active, .hosts.destinations.active) | max' "$WORK/many.out")
[ "$most" -le 42000 ] || fail "a host table held $most hosts at once"
echo "PASS: 3M hosts in 1 GiB (peak RSS ${peak_kib} KiB, at most $most hosts held); --max-hosts counted"
