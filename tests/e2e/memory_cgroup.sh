# A memory cgroup of the test's own, for running a command under a memory
# limit and reading its peak. cgroup v2 when its root offers the memory
# controller; otherwise the v1 memory hierarchy (hybrid hosts mount memory
# there). Source after lib.sh; the caller removes the group (also on failure)
# with memory_cgroup_remove from its cleanup. memory_cgroup_create or
# memory_cgroup_enter, once per test.

MEMCG=""
MEMCG_VERSION=""

# memory_cgroup_create NAME LIMIT_BYTES: sets MEMCG, or returns 1 (no
# memory controller the test can use).
memory_cgroup_create() {
    local name=$1 limit=$2
    if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
        MEMCG=/sys/fs/cgroup/$name
        MEMCG_VERSION=2
        # Children get memory.max only where the parent delegates the controller.
        grep -qw memory /sys/fs/cgroup/cgroup.subtree_control ||
            echo +memory >/sys/fs/cgroup/cgroup.subtree_control
        mkdir "$MEMCG" || return 1
        echo "$limit" >"$MEMCG/memory.max"
        echo 0 >"$MEMCG/memory.swap.max" 2>/dev/null || true
    elif [ -w /sys/fs/cgroup/memory/cgroup.procs ]; then
        MEMCG=/sys/fs/cgroup/memory/$name
        MEMCG_VERSION=1
        mkdir "$MEMCG" || return 1
        echo "$limit" >"$MEMCG/memory.limit_in_bytes"
    else
        return 1
    fi
}

# memory_cgroup_enter PID LIMIT_BYTES: a group of the test's own for a
# process already running; skips the test where no memory controller is usable.
memory_cgroup_enter() {
    memory_cgroup_create "netmon-test-$TEST_ID" "$2" ||
        { echo "SKIP: no memory cgroup controller"; exit "$SKIP"; }
    echo "$1" >"$MEMCG/cgroup.procs"
}

# memory_cgroup_run CMD...: runs CMD inside the group, returns its status.
memory_cgroup_run() {
    bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$MEMCG" "$@"
}

# The group's peak memory in bytes (its processes' memory, page cache included).
memory_cgroup_peak() {
    if [ "$MEMCG_VERSION" = 2 ]; then
        cat "$MEMCG/memory.peak"
    else
        cat "$MEMCG/memory.max_usage_in_bytes"
    fi
}

# How many times the kernel's OOM killer acted in the group.
memory_cgroup_oom_kills() {
    if [ "$MEMCG_VERSION" = 2 ]; then
        awk '$1 == "oom_kill" { print $2 }' "$MEMCG/memory.events"
    else
        awk '$1 == "oom_kill" { print $2 }' "$MEMCG/memory.oom_control"
    fi
}

# Removes the group once its processes are gone; safe to call twice.
memory_cgroup_remove() {
    [ -n "$MEMCG" ] && [ -d "$MEMCG" ] || return 0
    local pid
    for pid in $(cat "$MEMCG/cgroup.procs" 2>/dev/null); do
        kill -9 "$pid" 2>/dev/null || true
    done
    local i
    for i in $(seq 50); do
        rmdir "$MEMCG" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "# could not remove $MEMCG" >&2
}
