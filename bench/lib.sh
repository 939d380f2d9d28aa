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

# veth_pair TAG: a veth pair between two namespaces of its own, named from
# TAG (one letter) and this shell's pid, addressed 10.77.0.1 (receiver) and
# 10.77.0.2 (sender). Sets NS_RX NS_TX DEV_RX DEV_TX RX_MAC TX_MAC. IPv6 is
# off, so the kernels send nothing by themselves: every frame is ours. The
# names are set before anything is created, so a caller's EXIT trap that
# runs veth_pair_remove cleans up also when creation fails half way.
veth_pair() {
    local id ns
    id=$(printf '%04x%02x' $$ $((RANDOM % 256)))
    NS_RX=nm$1-$id-rx NS_TX=nm$1-$id-tx DEV_RX=n$1${id}r DEV_TX=n$1${id}t
    ip netns add "$NS_RX"
    ip netns add "$NS_TX"
    ip link add "$DEV_RX" netns "$NS_RX" type veth peer name "$DEV_TX" netns "$NS_TX"
    for ns in "$NS_RX" "$NS_TX"; do
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1
    done
    ip -n "$NS_RX" addr add 10.77.0.1/24 dev "$DEV_RX"
    ip -n "$NS_TX" addr add 10.77.0.2/24 dev "$DEV_TX"
    ip -n "$NS_RX" link set "$DEV_RX" up
    ip -n "$NS_TX" link set "$DEV_TX" up
    RX_MAC=$(ip -n "$NS_RX" -j link show dev "$DEV_RX" | jq -r '.[0].address')
    TX_MAC=$(ip -n "$NS_TX" -j link show dev "$DEV_TX" | jq -r '.[0].address')
}

# Deleting the namespaces deletes the veth pair in them.
veth_pair_remove() {
    ip netns del "${NS_RX:-}" 2>/dev/null || true
    ip netns del "${NS_TX:-}" 2>/dev/null || true
}

# The tool under measurement runs in the receiver's namespace (NS_RX) in a
# session of its own (setsid): its CPU and memory are summed over the
# session's processes, and kill_tool_sessions stops every session started,
# whatever failed. Output goes to $WORK/out and $WORK/err; sets TOOL.
TOOL=
start_tool() {
    # A background job inherits SIGINT and SIGQUIT ignored: every tool gets
    # the default actions back, as when a user starts it.
    setsid env --default-signal=INT,QUIT ip netns exec "$NS_RX" "$@" \
        >"$WORK/out" 2>"$WORK/err" </dev/null &
    TOOL=$!
    echo "$TOOL" >>"$WORK/sessions"
}
# True while the tool runs (an ended tool stays a zombie until waited for).
tool_alive() {
    local state
    state=$(ps -o stat= -p "$TOOL" 2>/dev/null) || return 1
    [[ $state != Z* ]]
}
# stop_tool [SIGNAL]: the tool's whole session, SIGNAL (INT) first, SIGKILL
# after 10 s.
stop_tool() {
    [ -n "$TOOL" ] || return 0
    kill "-${1:-INT}" -- "-$TOOL" 2>/dev/null || true
    local i
    for i in $(seq 100); do
        tool_alive || break
        sleep 0.1
    done
    kill -KILL -- "-$TOOL" 2>/dev/null || true
    wait "$TOOL" 2>/dev/null || true
    TOOL=
}
# Every session start_tool began, killed: for the script's EXIT trap.
kill_tool_sessions() {
    [ -f "$WORK/sessions" ] || return 0
    local sid
    while read -r sid; do kill -KILL -- "-$sid" 2>/dev/null || true; done <"$WORK/sessions"
}
# "TICKS PEAK_KIB" over the tool's session: CPU (utime + stime, USER_HZ
# ticks) and VmHWM, summed over its processes.
tool_sums() {
    local pid ticks=0 hwm=0 t k
    for pid in $(ps -o pid= -s "$TOOL"); do
        # utime and stime are fields 14 and 15; the name in () may hold spaces.
        t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
        k=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || k=0
        ticks=$((ticks + ${t:-0})) hwm=$((hwm + ${k:-0}))
    done
    echo "$ticks $hwm"
}
tool_ticks() { local s; s=$(tool_sums); echo "${s%% *}"; }
# "cpu_seconds peak_rss_mib" of the tool's session.
tool_usage() {
    tool_sums | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f %.1f\n", $1 / hz, $2 / 1024 }'
}
