#!/usr/bin/env bash
# The capture helper itself: a capture that tcpdump reports as having lost
# packets fails the test by name, and a complete one passes. (A lost IPFIX
# message once read as a sequence gap: an incomplete capture must never be
# compared as if it were whole.)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"

# stop_capture on a fake tcpdump (a sleeping process) whose log says
# `dropped`; prints what stop_capture said, returns its status.
stop_fake_capture() {
    (
        CAPTURE_FILE=$WORK/fake-$1.pcap
        printf '12 packets captured\n12 packets received by filter\n%s packets dropped by kernel\n' \
            "$1" >"$CAPTURE_FILE.log"
        sleep 30 &
        CAPTURE_PID=$!
        stop_capture
    ) 2>&1
}

out=$(stop_fake_capture 3) && fail "a capture that dropped 3 packets passed"
grep -q "tcpdump dropped 3 packets: the capture is incomplete" <<<"$out" ||
    fail "the failure does not say why: $out"
out=$(stop_fake_capture 0) || fail "a complete capture failed: $out"
note "a capture with kernel drops fails by name; a complete one passes"
