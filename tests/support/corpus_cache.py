#!/usr/bin/env python3
"""The shared captures (../shared/pcaps), replayed and dissected once per
build: every checker reads the result from here instead of running tshark or
netmon-xdp on the corpus again.

    corpus_cache.py fill [--jobs N] [DIR]   both results for every capture in DIR
                                            (default $NETMON_PCAPS, else ../shared/pcaps)
    corpus_cache.py dissect CAPTURE...      print each capture's dissection file
    corpus_cache.py replay CAPTURE...       print each capture's replay directory
    corpus_cache.py frame-totals CAPTURE... print "frames bytes" per capture (tshark)

The cache is $NETMON_CORPUS_CACHE (required). An entry is named by the
capture's SHA-256 and by what made it: tshark's version and the field list
for a dissection, the netmon-xdp binary's SHA-256 ($NETMON_BIN) and the
arguments for a replay. A missing entry is computed when asked for, so
removing one only costs the time to remake it; a rebuilt binary or another
tshark makes new entries. Entries are written under a temporary name and
renamed, so concurrent readers never see half of one; a process that needs
an entry another is making waits for it (a lock file per entry) instead of
making it twice, so a checker need not wait for the whole fill.

A dissection is tshark's `-T fields` output (tab-separated, every occurrence
joined by '|', one frame per line) with a first line naming the fields. A
replay directory holds out (stdout), err (stderr) and rc (exit status) of
`netmon-xdp replay CAPTURE` with REPLAY_ARGS.
"""
import contextlib
import fcntl
import functools
import hashlib
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

# Every field a checker reads (tests/e2e/tshark_flows.py, ipfix_compare.py,
# tests/unit/capture/test_shared_pcaps.cpp); frame.len first.
IPV6_EXT_NEXT_FIELDS = ["ipv6.hopopts.nxt", "ipv6.routing.nxt", "ipv6.fraghdr.nxt",
                        "ipv6.dstopts.nxt", "ah.next_header"]
FIELDS = [
    "frame.len", "frame.cap_len", "frame.protocols", "eth.src", "eth.dst", "eth.type", "eth.len",
    "vlan.etype", "vlan.len", "ieee8021ah.etype",
    "ip.version", "ip.hdr_len", "ip.len", "ip.proto", "ip.src", "ip.dst", "ip.frag_offset",
    "eth.trailer", "ipv6.version", "ipv6.plen", "ipv6.src", "ipv6.dst", "ipv6.nxt",
    "ipv6.fraghdr.offset", *IPV6_EXT_NEXT_FIELDS,
    "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "sctp.srcport",
    "sctp.dstport", "dccp.srcport", "dccp.dstport",
    "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code",
]
SEP = "\t"
AGG = "|"
# Each frame on its own: no reassembly moving fields to another frame.
TSHARK_OPTIONS = ["-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
                  "-o", "tcp.desegment_tcp_streams:FALSE"]
# One replay serves every checker: exactness (tshark_flows.py) reads the
# final object; the three rules are test_alerts_replay.sh's "benign" check.
# A small kernel table: replay harvests before it can fill, so the flows
# stay exact.
REPLAY_ARGS = ["--json", "--all-flows", "--max-flows", "1024",
               "--alert", "per dst host sources > 500",
               "--alert", "udp src port 53 per dst host bps > 100k",
               "--alert", "syn per dst host pps > 1000"]
CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".cap")


def fail(message):
    print(f"corpus_cache: {message}", file=sys.stderr)
    sys.exit(2)


def cache_dir():
    path = os.environ.get("NETMON_CORPUS_CACHE")
    if not path:
        fail("NETMON_CORPUS_CACHE is not set (the cache directory)")
    return path


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def short_hash(*parts):
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def dissect_key():
    version = subprocess.run(["tshark", "--version"], check=True, capture_output=True,
                             text=True).stdout.splitlines()[0]
    return short_hash(version, *FIELDS, *TSHARK_OPTIONS)


@functools.lru_cache(maxsize=None)
def replay_key():
    binary = os.environ.get("NETMON_BIN")
    if not binary or not os.access(binary, os.X_OK):
        fail(f"NETMON_BIN is not an executable netmon-xdp: {binary!r}")
    return short_hash(file_sha256(binary), *REPLAY_ARGS)


def publish(tmp, final):
    """Renames tmp to final (under the entry's lock: final is not there)."""
    os.rename(tmp, final)


@contextlib.contextmanager
def entry_lock(path):
    """Held while the entry at path is made: one maker per entry, across
    processes and threads (flock is per open file)."""
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def dissection_path(capture):
    """The capture's dissection file, made now if missing."""
    folder = os.path.join(cache_dir(), "dissect")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{file_sha256(capture)}-{dissect_key()}.tsv")
    if os.path.exists(path):
        return path
    with entry_lock(path):
        if not os.path.exists(path):  # not made while we waited
            make_dissection(capture, folder, path)
    return path


def make_dissection(capture, folder, path):
    cmd = ["tshark", "-n", "-r", capture, "-T", "fields", "-E", f"separator={SEP}",
           "-E", "occurrence=a", "-E", f"aggregator={AGG}", *TSHARK_OPTIONS]
    for field in FIELDS:
        cmd += ["-e", field]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"tshark failed on {capture}: {run.stderr.strip()}")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write(SEP.join(FIELDS) + "\n" + run.stdout)
    publish(tmp, path)


def replay_path(capture):
    """The directory with the capture's replay (out, err, rc), made now if missing."""
    folder = os.path.join(cache_dir(), "replay")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{file_sha256(capture)}-{replay_key()}")
    if os.path.exists(path):
        return path
    with entry_lock(path):
        return path if os.path.exists(path) else make_replay(capture, folder, path)


def make_replay(capture, folder, path):
    """The replay's directory: path, or a temporary one holding a failure."""
    tmp = tempfile.mkdtemp(dir=folder, prefix=".tmp-")
    with open(os.path.join(tmp, "out"), "w") as out, open(os.path.join(tmp, "err"), "w") as err:
        rc = subprocess.run([os.environ["NETMON_BIN"], "replay", capture, *REPLAY_ARGS],
                            stdout=out, stderr=err, stdin=subprocess.DEVNULL).returncode
    with open(os.path.join(tmp, "rc"), "w") as f:
        f.write(f"{rc}\n")
    if rc != 0:
        return tmp  # a failure is reported, not kept: the next run tries again
    publish(tmp, path)
    return path


def read_dissection(path):
    """One dict per frame: field -> list of all its occurrences, in order."""
    with open(path) as f:
        fields = f.readline().rstrip("\n").split(SEP)
        for line in f:
            values = line.rstrip("\n").split(SEP)
            yield {name: (v.split(AGG) if v else []) for name, v in zip(fields, values)}


def frames_of(capture):
    """The capture's frames as tshark dissects them (see read_dissection)."""
    return read_dissection(dissection_path(capture))


def frame_totals(path):
    frames = total = 0
    with open(path) as f:
        f.readline()
        for line in f:
            frames += 1
            total += int(line.split(SEP, 1)[0])
    return frames, total


def captures_in(folder):
    return sorted(os.path.join(folder, name) for name in os.listdir(folder)
                  if name.endswith(CAPTURE_SUFFIXES)
                  and os.path.isfile(os.path.join(folder, name)))


def shared_pcaps():
    """$NETMON_PCAPS, else ../shared/pcaps beside the repository."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("NETMON_PCAPS") or os.path.join(here, "..", "..", "..", "shared", "pcaps")


def fill(args):
    jobs = os.cpu_count() or 2
    if len(args) >= 2 and args[0] == "--jobs":
        jobs, args = int(args[1]), args[2:]
    folder = args[0] if args else shared_pcaps()
    if not os.path.isdir(folder):
        # The readers skip, or fail under NETMON_REQUIRE_SHARED=1, themselves.
        if os.environ.get("NETMON_REQUIRE_SHARED") == "1":
            fail(f"shared captures absent: {folder} (required: NETMON_REQUIRE_SHARED=1)")
        print(f"corpus_cache: no captures at {folder}: nothing to fill")
        return
    captures = captures_in(folder)
    if not captures:
        fail(f"no captures in {folder}")
    # Replays load BPF: root only, and only where netmon-xdp was built.
    binary = os.environ.get("NETMON_BIN", "")
    replays = os.geteuid() == 0 and os.access(binary, os.X_OK)
    work = [(dissection_path, c) for c in captures]
    if replays:
        work += [(replay_path, c) for c in captures]
    # Threads: the work is in the tshark and netmon-xdp processes.
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda job: job[0](job[1]), work))
    what = "dissected and replayed" if replays else "dissected (no replays: not root or no netmon-xdp)"
    print(f"corpus_cache: {len(captures)} captures {what} in {cache_dir()}")


def for_each(function, captures):
    """function over the captures, on all CPUs, results in order."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(function, captures))


def main():
    if len(sys.argv) < 2 or (len(sys.argv) < 3 and sys.argv[1] != "fill"):
        fail("usage: corpus_cache.py fill|dissect|replay|frame-totals ARGS (see its header)")
    command, args = sys.argv[1], sys.argv[2:]
    if command == "fill":
        fill(args)
    elif command == "dissect":
        print("\n".join(for_each(dissection_path, args)))
    elif command == "replay":
        print("\n".join(for_each(replay_path, args)))
    elif command == "frame-totals":
        totals = for_each(lambda c: frame_totals(dissection_path(c)), args)
        print("\n".join("%d %d" % t for t in totals))
    else:
        fail(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
