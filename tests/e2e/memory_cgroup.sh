# A memory cgroup of its own for one process: cgroup v2 (memory.max) where
# the memory controller is there, else v1 (memory.limit_in_bytes). Sourced
# after lib.sh. Usage: memory_cgroup_enter PID BYTES; memory_cgroup_remove.
MEMORY_CGROUP=

memory_cgroup_enter() { # pid bytes
    local base
    if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
        base=/sys/fs/cgroup
        grep -qw memory "$base/cgroup.subtree_control" || echo +memory >"$base/cgroup.subtree_control"
        MEMORY_CGROUP=$base/netmon-test-$TEST_ID
        mkdir "$MEMORY_CGROUP"
        echo "$2" >"$MEMORY_CGROUP/memory.max"
        echo 0 >"$MEMORY_CGROUP/memory.swap.max" 2>/dev/null || true
    elif [ -d /sys/fs/cgroup/memory ]; then
        MEMORY_CGROUP=/sys/fs/cgroup/memory/netmon-test-$TEST_ID
        mkdir "$MEMORY_CGROUP"
        echo "$2" >"$MEMORY_CGROUP/memory.limit_in_bytes"
    else
        echo "SKIP: no memory cgroup controller"
        exit $SKIP
    fi
    echo "$1" >"$MEMORY_CGROUP/cgroup.procs"
}

# The cgroup's own count of processes the OOM killer ended.
memory_cgroup_oom_kills() {
    if [ -f "$MEMORY_CGROUP/memory.events" ]; then
        sed -n 's/^oom_kill //p' "$MEMORY_CGROUP/memory.events"
    else
        sed -n 's/^oom_kill //p' "$MEMORY_CGROUP/memory.oom_control"
    fi
}

# Moves what is left in it out, then removes it.
memory_cgroup_remove() {
    [ -n "$MEMORY_CGROUP" ] && [ -d "$MEMORY_CGROUP" ] || return 0
    local parent pid
    parent=$(dirname "$MEMORY_CGROUP")
    for pid in $(cat "$MEMORY_CGROUP/cgroup.procs" 2>/dev/null); do
        echo "$pid" >"$parent/cgroup.procs" 2>/dev/null || true
    done
    rmdir "$MEMORY_CGROUP" 2>/dev/null || true
    MEMORY_CGROUP=
}
