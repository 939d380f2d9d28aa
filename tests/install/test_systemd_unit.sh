#!/usr/bin/env bash
# `cmake --install` puts the systemd unit and the example config under the
# prefix; the unit names the installed binary and config, and passes
# `systemd-analyze verify` (instance = an interface name).
# Usage: test_systemd_unit.sh BUILD_DIR
set -euo pipefail
BUILD=$1
command -v systemd-analyze >/dev/null || { echo "SKIP: systemd-analyze missing"; exit 77; }
PREFIX=$(mktemp -d)
trap 'rm -rf "$PREFIX"' EXIT

cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
UNIT=$PREFIX/lib/systemd/system/netmon-xdp@.service
CONF=$PREFIX/etc/netmon-xdp/netmon-xdp.conf
for f in "$UNIT" "$CONF"; do
    [ -s "$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
grep -qx "ExecStart=$PREFIX/sbin/netmon-xdp attach %I --config $CONF" "$UNIT" ||
    { echo "FAIL: ExecStart does not name the installed binary and config:"; grep ExecStart "$UNIT"; exit 1; }
grep -q '^Restart=on-failure$' "$UNIT" || { echo "FAIL: no Restart=on-failure"; exit 1; }
grep -q '^AmbientCapabilities=CAP_BPF CAP_PERFMON CAP_NET_ADMIN$' "$UNIT" &&
    grep -q '^DynamicUser=yes$' "$UNIT" || { echo "FAIL: the unit should run unprivileged with capabilities"; exit 1; }

# verify wants an instance: a copy named for one, beside the template.
DIR=$(mktemp -d)
trap 'rm -rf "$PREFIX" "$DIR"' EXIT
cp "$UNIT" "$DIR/netmon-xdp@.service"
ln -s netmon-xdp@.service "$DIR/netmon-xdp@eth0.service"
out=$(cd "$DIR" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no \
    "$DIR/netmon-xdp@eth0.service" 2>&1) || { echo "FAIL: systemd-analyze verify:"; echo "$out"; exit 1; }
# A warning about our unit fails too; lines about other units (the device
# the instance binds to does not exist here) do not.
if grep -i 'netmon-xdp@' <<<"$out"; then
    echo "FAIL: systemd-analyze verify complains about the unit"
    exit 1
fi
echo "unit installed, names $PREFIX/sbin/netmon-xdp and the config, verifies: PASS"
