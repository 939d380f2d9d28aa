#!/usr/bin/env bash
# `cpack -G DEB` builds a .deb with the binary, man page, completion, systemd
# unit and example config and a Depends: line from the binary's libraries;
# `apt-get install ./netmon-xdp_*.deb` installs it on this machine, the
# installed netmon-xdp runs, and the package is purged again (also on failure).
# Usage: test_deb.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (apt-get install)"; exit 77; }
for tool in cpack dpkg-deb dpkg-shlibdeps apt-get; do
    command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit 77; }
done
if dpkg-query -W -f='${Status}' netmon-xdp 2>/dev/null | grep -q 'install ok'; then
    echo "SKIP: a netmon-xdp package is already installed here; not touching it"
    exit 77
fi
OUT=$(mktemp -d)
installed=0
cleanup() {
    [ "$installed" = 1 ] && apt-get purge -y -qq netmon-xdp >/dev/null 2>&1 || true
    rm -rf "$OUT"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

(cd "$OUT" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$OUT" >"$OUT/cpack.log" 2>&1) ||
    fail "cpack: $(tail -5 "$OUT/cpack.log")"
deb=$(ls "$OUT"/netmon-xdp_*.deb)
[ -f "$deb" ] || fail "no netmon-xdp_*.deb in $OUT"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/sbin/netmon-xdp ./usr/share/man/man8/netmon-xdp.8 \
    ./usr/share/bash-completion/completions/netmon-xdp \
    ./usr/lib/systemd/system/netmon-xdp@.service ./etc/netmon-xdp/netmon-xdp.conf; do
    grep -qx -- "$f" <<<"$contents" || fail "$f not in the package: $contents"
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libbpf1 libpcap0.8 libc6 libstdc++6; do
    grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = /etc/netmon-xdp/netmon-xdp.conf ] ||
    fail "the config is not a conffile"
unit=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/netmon-xdp@.service)
grep -qx 'ExecStart=/usr/sbin/netmon-xdp attach %I --config /etc/netmon-xdp/netmon-xdp.conf' <<<"$unit" ||
    fail "the packaged unit's ExecStart: $(grep ExecStart <<<"$unit")"

installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$OUT/apt.log" 2>&1 ||
    fail "apt-get install: $(tail -5 "$OUT/apt.log")"
/usr/sbin/netmon-xdp --version | grep -Eq '^netmon-xdp [0-9]+\.[0-9]+\.[0-9]+ \(git [^)]+\)$' ||
    fail "installed --version: $(/usr/sbin/netmon-xdp --version 2>&1)"
[ -f /etc/netmon-xdp/netmon-xdp.conf ] || fail "/etc/netmon-xdp/netmon-xdp.conf not installed"
apt-get purge -y -qq netmon-xdp >/dev/null 2>&1 || fail "apt-get purge failed"
installed=0
[ ! -e /usr/sbin/netmon-xdp ] || fail "/usr/sbin/netmon-xdp left after purge"
echo "$(basename "$deb"): contents, Depends ($depends), conffile; installs, runs, purges: PASS"
